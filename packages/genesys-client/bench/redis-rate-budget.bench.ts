// `npm run bench` (needs the local Redis): what the shared Redis budget costs per Genesys request, as
// ratios against baselines measured in the same run (machines are shared and noisy).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { createLocalRateBudget, createRedisRateBudget, type RateBudget } from "../src/index.js";

const request = { method: "GET", pathTemplate: "/api/v2/routing/queues" };
const ROUNDS = 3;
const SEQUENTIAL = 2_000;
const CONCURRENT = 20_000;

async function median(run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let round = 0; round < ROUNDS; round++) results.push(await run());
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] ?? 0;
}

async function timed(count: number, body: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await body();
  return count / ((performance.now() - started) / 1000);
}

async function sequential(count: number, step: () => Promise<unknown>): Promise<number> {
  return timed(count, async () => {
    for (let i = 0; i < count; i++) await step();
  });
}

async function concurrent(budget: RateBudget, count: number): Promise<number> {
  return timed(count, () => Promise.all(Array.from({ length: count }, () => budget.acquire(request))));
}

const redis = new Redis({ maxRetriesPerRequest: 1 });
const prefix = `bench-${randomUUID().slice(0, 8)}:`;
try {
  // A limit no run reaches: this measures the cost of a grant, not the waiting the limit imposes.
  const open = { limit: 10_000_000, windowMs: 60_000 };
  const redisBudget = () => createRedisRateBudget(redis, { keyPrefix: `${prefix}${randomUUID()}:`, ...open });
  const ping = await median(() => sequential(SEQUENTIAL, () => redis.ping()));
  const redisOneByOne = await median(() => {
    const budget = redisBudget();
    return sequential(SEQUENTIAL, () => budget.acquire(request));
  });
  const redisBatched = await median(() => concurrent(redisBudget(), CONCURRENT));
  const local = await median(() => concurrent(createLocalRateBudget(open), CONCURRENT));
  const rows = [
    { run: "baseline: Redis PING, one at a time", "grants/s": ping, "x baseline": 1 },
    {
      run: "Redis budget, one waiter at a time",
      "grants/s": redisOneByOne,
      "x baseline": redisOneByOne / ping,
    },
    {
      run: `Redis budget, ${CONCURRENT} waiters at once (batched EVAL)`,
      "grants/s": redisBatched,
      "x baseline": redisBatched / ping,
    },
    { run: "in-process budget (no Redis), same backlog", "grants/s": local, "x baseline": local / ping },
  ];
  console.log("Shared rate budget: grants per second (median of 3 rounds)");
  console.table(
    rows.map((row) => ({
      ...row,
      "grants/s": Math.round(row["grants/s"]).toLocaleString("en"),
      "x baseline": row["x baseline"].toFixed(2),
    })),
  );
  console.log(
    `Genesys allows 300 requests per minute per token (5/s): one Redis grant costs ${(1000 / redisOneByOne).toFixed(2)} ms, ` +
      `${((5 / redisOneByOne) * 100).toFixed(3)} % of one process' time at that rate.`,
  );
} finally {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
  await redis.quit();
}
