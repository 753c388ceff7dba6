import { randomUUID } from "node:crypto";
import { defineScript, runScript, type ScriptRedis } from "@routing/redis-scripts";
import { DEFAULT_LANE, REQUEST_LANES, type RequestLane } from "./budget/lanes.js";
import { GenesysClientOptionsError } from "./errors.js";
import {
  type PausableRateBudget,
  type RateBudgetOptions,
  type RateBudgetRequest,
  resolveBudgetSettings,
} from "./rate-budget.js";
import { rateBudgetKeys } from "./rate-budget-usage.js";

/**
 * The Redis commands the budget needs; an ioredis `Redis` instance satisfies it. Its scripts go by their
 * SHA1 (`@routing/redis-scripts`): every request of every process runs the acquire script, and sending its
 * few kilobytes of text each time was the worker's largest single cost per decision (string encoding and
 * socket writes), for a script Redis already holds.
 */
export type RedisScriptRunner = ScriptRedis;

export interface RedisRateBudgetOptions extends RateBudgetOptions {
  /**
   * Every process that shares this prefix (and Redis) shares one budget. Use one per Genesys OAuth client:
   * Genesys counts requests per token, and the apps share one token per client.
   */
  readonly keyPrefix: string;
  /**
   * Longest single sleep before asking Redis again. Bounds how late a waiter notices a pause being lifted or
   * a slot freed by a process whose grants expire earlier than predicted.
   * @defaultValue 1 000 ms
   */
  readonly maxPollMs?: number;
  /** Sleep, injectable for tests. @defaultValue `setTimeout`, abortable */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A budget shared through Redis, which can also be paused for every process at once. */
export interface RedisRateBudget extends PausableRateBudget {}

const LANES = REQUEST_LANES.length;

/*
 * The grant rule of budget/grant-plan.ts (planGrants, rampRoom), in Lua so that every process applies it to
 * the same counts atomically. A sliding log per lane in sorted sets, scored by Redis' own clock (TIME), so
 * processes with skewed clocks still agree. One call asks for every lane's waiters at once and answers
 * {granted per lane..., waitMs}: when something was not granted, waitMs says when the next slot may open.
 * Members are unique per grant (process id + counter) so two grants in the same microsecond both count.
 *
 * KEYS: 1..7 lane logs (REQUEST_LANES order), 8 pause, 9 resumed-at, 10 observed limit.
 * ARGV: 1 windowMs (padded), 2 configured limit, 3 process id, 4 counter base, then per lane
 *       (wanted, reservedShare, maxShare).
 */
const ACQUIRE = defineScript(
  `
local lanes = ${LANES}
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local observed = redis.call("GET", KEYS[lanes + 3])
if observed then limit = math.min(limit, tonumber(observed)) end
local reply = {}
local paused = redis.call("PTTL", KEYS[lanes + 1])
if paused > 0 then
  for i = 1, lanes do reply[i] = 0 end
  reply[lanes + 1] = paused
  return reply
end
local counts, wanted, reserve, cap = {}, {}, {}, {}
local total = 0
for i = 1, lanes do
  redis.call("ZREMRANGEBYSCORE", KEYS[i], "-inf", now - windowMs)
  counts[i] = redis.call("ZCARD", KEYS[i])
  total = total + counts[i]
  local at = 4 + 3 * (i - 1)
  wanted[i] = tonumber(ARGV[at + 1])
  reserve[i] = math.floor(tonumber(ARGV[at + 2]) * limit)
  cap[i] = math.max(1, math.floor(tonumber(ARGV[at + 3]) * limit))
end
local ramp = nil
local since = 0
local resumedAt = redis.call("GET", KEYS[lanes + 2])
if resumedAt then
  resumedAt = tonumber(resumedAt)
  if now >= resumedAt and now < resumedAt + windowMs then
    for i = 1, lanes do since = since + redis.call("ZCOUNT", KEYS[i], resumedAt, "+inf") end
    ramp = math.max(0, math.floor(limit * (now - resumedAt) / windowMs) + 1 - since)
  else
    resumedAt = nil
  end
end
local base = tonumber(ARGV[4])
local n = 0
local short = false
for i = 1, lanes do
  local unmetOthers = 0
  for k = 1, lanes do
    if k ~= i then unmetOthers = unmetOthers + math.max(0, reserve[k] - counts[k]) end
  end
  local room = math.min(cap[i] - counts[i], limit - total - unmetOthers)
  if ramp then room = math.min(room, ramp) end
  local g = math.max(0, math.min(wanted[i], room))
  for j = 1, g do
    n = n + 1
    redis.call("ZADD", KEYS[i], now, ARGV[3] .. ":" .. (base + n))
  end
  if g > 0 then redis.call("PEXPIRE", KEYS[i], math.ceil(windowMs) + 1000) end
  counts[i] = counts[i] + g
  total = total + g
  if ramp then ramp = ramp - g end
  reply[i] = g
  if g < wanted[i] then short = true end
end
local waitMs = 0
if short then
  local soonest = nil
  for i = 1, lanes do
    local oldest = redis.call("ZRANGE", KEYS[i], 0, 0, "WITHSCORES")
    if oldest[2] then
      local at = tonumber(oldest[2]) + windowMs - now
      if soonest == nil or at < soonest then soonest = at end
    end
  end
  if resumedAt then
    local step = resumedAt + (since + n) * windowMs / limit - now
    if soonest == nil or step < soonest then soonest = step end
  end
  waitMs = math.max(1, math.ceil(soonest or 1))
end
reply[lanes + 1] = waitMs
return reply
`,
  LANES + 3,
);

// SET with PX only when it lengthens the pause: one 429 must not shorten a longer Retry-After from another.
// The end of the pause is kept one window longer: the ramp that paces the backlog starts there.
const PAUSE = defineScript(
  `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local left = redis.call("PTTL", KEYS[1])
local ms = tonumber(ARGV[1])
if left < ms then
  redis.call("SET", KEYS[1], "1", "PX", ms)
  redis.call("SET", KEYS[2], tostring(now + ms), "PX", ms + math.ceil(tonumber(ARGV[2])))
end
return redis.call("PTTL", KEYS[1])
`,
  2,
);

// The lowest limit Genesys reported lately: a lower one replaces it at once, the same one refreshes it,
// and a higher one only takes over once the lower one has not been seen for its TTL.
const OBSERVE_LIMIT = defineScript(
  `
local current = redis.call("GET", KEYS[1])
local allowed = tonumber(ARGV[1])
if (not current) or allowed < tonumber(current) then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
elseif allowed == tonumber(current) then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return tonumber(redis.call("GET", KEYS[1]))
`,
  1,
);

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function parseReply(reply: unknown): { granted: number[]; waitMs: number } {
  if (
    !Array.isArray(reply) ||
    reply.length !== LANES + 1 ||
    reply.some((value) => typeof value !== "number")
  ) {
    throw new Error(`unexpected rate budget reply from Redis: ${JSON.stringify(reply)}`);
  }
  const numbers = reply as number[];
  return { granted: numbers.slice(0, LANES), waitMs: numbers[LANES] ?? 1 };
}

function laneIndexOf(request: RateBudgetRequest | undefined): number {
  const lane: RequestLane = request?.lane ?? DEFAULT_LANE;
  const index = REQUEST_LANES.indexOf(lane);
  if (index < 0) throw new GenesysClientOptionsError("lane", `unknown lane "${String(lane)}"`);
  return index;
}

/**
 * A SLIDING-window budget shared by every process through Redis: no window of `windowMs` (+
 * `arrivalJitterMs`), wherever it starts, holds more than `limit` grants from all of them together, across
 * every lane. (BullMQ's own limiter is a fixed window and lets up to twice its `max` through across an edge;
 * see the design notes.)
 *
 * Inside a process, waiters queue per lane, first come first served, and a single loop asks Redis for as
 * many slots as it has waiters (per lane) in one round trip: a backlog of a thousand jobs costs one Redis
 * call per freed batch, not a thousand polls.
 */
export function createRedisRateBudget(
  redis: RedisScriptRunner,
  options: RedisRateBudgetOptions,
): RedisRateBudget {
  if (typeof options?.keyPrefix !== "string" || options.keyPrefix === "") {
    throw new GenesysClientOptionsError("keyPrefix", "must be a non-empty string");
  }
  const settings = resolveBudgetSettings(options);
  const { keyPrefix } = options;
  const maxPollMs = options.maxPollMs ?? 1_000;
  if (!Number.isFinite(maxPollMs) || maxPollMs <= 0) {
    throw new GenesysClientOptionsError("maxPollMs", "must be a positive number of milliseconds");
  }
  const sleep = options.sleep ?? abortableSleep;
  const budgetKeys = rateBudgetKeys(keyPrefix);
  const laneKeys = budgetKeys.lanes;
  const pauseKey = budgetKeys.pause;
  const resumedKey = budgetKeys.resumedAt;
  const observedKey = budgetKeys.observedLimit;
  const keys = [...laneKeys, pauseKey, resumedKey, observedKey];
  const laneArgs = (wanted: readonly number[]): number[] =>
    REQUEST_LANES.flatMap((lane, index) => [
      wanted[index] ?? 0,
      settings.lanes[lane].reservedShare,
      settings.lanes[lane].maxShare,
    ]);
  const processId = randomUUID();
  let grantCounter = 0;
  const waiters: Waiter[][] = REQUEST_LANES.map(() => []);
  let pumping = false;
  // Wakes the loop early: when the last waiter leaves (so close-down is not held by a long sleep), and when
  // a waiter arrives in a lane that had none (a decision must not sleep behind a capped background lane).
  let wake = new AbortController();
  const wakeUp = (): void => {
    wake.abort();
    wake = new AbortController();
  };

  const evalAcquire = async (wanted: readonly number[]): Promise<{ granted: number[]; waitMs: number }> => {
    const base = grantCounter;
    grantCounter += wanted.reduce((sum, count) => sum + count, 0);
    return parseReply(
      await runScript(redis, ACQUIRE, keys, [
        settings.paddedWindowMs,
        settings.limit,
        processId,
        base,
        ...laneArgs(wanted),
      ]),
    );
  };

  const waiting = (): number => waiters.reduce((sum, queue) => sum + queue.length, 0);

  const pump = async () => {
    pumping = true;
    try {
      while (waiting() > 0) {
        const signal = wake.signal;
        let reply: { granted: number[]; waitMs: number };
        try {
          reply = await evalAcquire(waiters.map((queue) => queue.length));
        } catch (error) {
          // Redis is down or the reply is wrong: fail the waiters rather than let requests out unmetered.
          for (const queue of waiters) {
            for (const waiter of queue.splice(0)) {
              waiter.signal?.removeEventListener("abort", waiter.onAbort);
              waiter.reject(error);
            }
          }
          return;
        }
        reply.granted.forEach((count, lane) => {
          // A waiter that aborted during the round trip leaves an unused slot; it expires with the window.
          for (const waiter of waiters[lane]?.splice(0, count) ?? []) {
            waiter.signal?.removeEventListener("abort", waiter.onAbort);
            waiter.resolve();
          }
        });
        if (waiting() > 0 && reply.waitMs > 0 && !signal.aborted) {
          await sleep(Math.min(reply.waitMs, maxPollMs), signal);
        }
      }
    } finally {
      pumping = false;
    }
  };

  // Genesys' reports are applied once per change (and refreshed once a window), not once per response.
  let sharedObservedLimit: number | undefined;
  let observedWrittenAt = Number.NEGATIVE_INFINITY;
  let pauseRequestedUntil = Number.NEGATIVE_INFINITY;

  const pauseFor = async (ms: number): Promise<void> => {
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new GenesysClientOptionsError("ms", "must be a positive number of milliseconds");
    }
    await runScript(redis, PAUSE, [pauseKey, resumedKey], [Math.ceil(ms), settings.paddedWindowMs]);
    wakeUp();
  };

  return {
    acquire(request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const lane = laneIndexOf(request);
      return new Promise<void>((resolve, reject) => {
        const queue = waiters[lane] as Waiter[];
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            if (waiting() === 0) wakeUp();
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        const newLane = queue.length === 0;
        queue.push(waiter);
        if (!pumping) void pump();
        else if (newLane) wakeUp();
      });
    },
    async tryAcquire(request) {
      const lane = laneIndexOf(request);
      if ((waiters[lane]?.length ?? 0) > 0) return false;
      const wanted = REQUEST_LANES.map((_, index) => (index === lane ? 1 : 0));
      return ((await evalAcquire(wanted)).granted[lane] ?? 0) > 0;
    },
    observe(headers) {
      const { allowed, count, resetSeconds } = headers;
      const at = Date.now();
      if (allowed !== undefined && allowed >= 1) {
        const changed = sharedObservedLimit === undefined || allowed < sharedObservedLimit;
        if (changed || at - observedWrittenAt >= settings.windowMs) {
          observedWrittenAt = at;
          sharedObservedLimit = Math.min(sharedObservedLimit ?? allowed, allowed);
          runScript(
            redis,
            OBSERVE_LIMIT,
            [observedKey],
            [Math.floor(allowed), Math.ceil(settings.observedLimitTtlMs)],
          ).then(
            (shared) => {
              if (typeof shared === "number") sharedObservedLimit = shared;
            },
            () => {
              // Best effort: the configured limit and the sliding window still hold.
              observedWrittenAt = Number.NEGATIVE_INFINITY;
            },
          );
        }
      }
      if (allowed !== undefined && count !== undefined && resetSeconds !== undefined) {
        const until = at + resetSeconds * 1000;
        if (count >= allowed && resetSeconds > 0 && until > pauseRequestedUntil) {
          pauseRequestedUntil = until;
          pauseFor(resetSeconds * 1000).catch(() => {
            pauseRequestedUntil = Number.NEGATIVE_INFINITY;
          });
        }
      }
    },
    pauseFor,
    async pausedForMs() {
      const left = await redis.eval(`return redis.call("PTTL", KEYS[1])`, 1, pauseKey);
      return typeof left === "number" && left > 0 ? left : 0;
    },
  };
}
