import { REQUEST_LANES, type RequestLane } from "./budget/lanes.js";

/**
 * The Redis keys of one shared budget. One hash tag for every key: a Redis Cluster runs a script only on
 * keys of one slot.
 */
export function rateBudgetKeys(keyPrefix: string): {
  readonly lanes: readonly string[];
  readonly pause: string;
  readonly resumedAt: string;
  readonly observedLimit: string;
} {
  return {
    lanes: REQUEST_LANES.map((lane) => `${keyPrefix}{rate-budget}:grants:${lane}`),
    pause: `${keyPrefix}{rate-budget}:pause`,
    resumedAt: `${keyPrefix}{rate-budget}:resumed-at`,
    observedLimit: `${keyPrefix}{rate-budget}:observed-limit`,
  };
}

/** What a budget has granted lately, read without taking anything from it. */
export interface RateBudgetUsage {
  /** The budget's key prefix (one per OAuth client). */
  readonly keyPrefix: string;
  /** Grants within the last `windowMs`, per lane, every process together. */
  readonly granted: Readonly<Record<RequestLane, number>>;
  readonly total: number;
  /** Milliseconds left on the budget-wide pause after a Genesys 429; 0 when none. */
  readonly pausedMs: number;
  /** The lowest `inin-ratelimit-allowed` Genesys reported lately; null when none is known. */
  readonly observedLimit: number | null;
}

/** The Redis commands reading a budget needs; an ioredis `Redis` instance satisfies it. */
export interface RedisBudgetReader {
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
  scan(
    cursor: string,
    match: "MATCH",
    pattern: string,
    count: "COUNT",
    hint: number,
  ): Promise<[string, string[]]>;
}

// Counts by Redis' own clock (TIME), as the grants are scored. KEYS: lane logs, pause, observed limit.
const READ_USAGE = `
local lanes = #KEYS - 2
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local reply = {}
for i = 1, lanes do reply[i] = redis.call("ZCOUNT", KEYS[i], now - tonumber(ARGV[1]), "+inf") end
reply[lanes + 1] = math.max(0, redis.call("PTTL", KEYS[lanes + 1]))
reply[lanes + 2] = redis.call("GET", KEYS[lanes + 2]) or ""
return reply
`;

/** A budget's grants within the last `windowMs` (GENESYS_RATE_WINDOW_MS), its pause and observed limit. */
export async function readRateBudgetUsage(
  redis: Pick<RedisBudgetReader, "eval">,
  keyPrefix: string,
  windowMs: number,
): Promise<RateBudgetUsage> {
  const keys = rateBudgetKeys(keyPrefix);
  const reply = (await redis.eval(
    READ_USAGE,
    keys.lanes.length + 2,
    ...keys.lanes,
    keys.pause,
    keys.observedLimit,
    windowMs,
  )) as (number | string)[];
  const granted = Object.fromEntries(REQUEST_LANES.map((lane, index) => [lane, Number(reply[index] ?? 0)]));
  const observed = reply[REQUEST_LANES.length + 1];
  return {
    keyPrefix,
    granted: granted as Record<RequestLane, number>,
    total: REQUEST_LANES.reduce((sum, _lane, index) => sum + Number(reply[index] ?? 0), 0),
    pausedMs: Number(reply[REQUEST_LANES.length] ?? 0),
    observedLimit: observed === undefined || observed === "" ? null : Number(observed),
  };
}

/**
 * The key prefixes of the budgets under `prefix` that granted something lately or are paused (an idle
 * budget has no keys). SCAN, so it never blocks Redis; meant for an operator's overview, not a hot path.
 */
export async function findRateBudgets(
  redis: Pick<RedisBudgetReader, "scan">,
  prefix: string,
): Promise<string[]> {
  const found = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*{rate-budget}:*`, "COUNT", 1_000);
    cursor = next;
    for (const key of keys) found.add(key.slice(0, key.indexOf("{rate-budget}:")));
  } while (cursor !== "0");
  return [...found].sort();
}
