// `npm run bench` (needs the local Redis): how long a decision waits for a queue's roster, as a ratio to a
// Redis PING measured in the same run (machines are shared and noisy): a process' first read (every member
// sent and decoded), a read after one member changed (that member only), a read after nothing changed, a
// read after a reconciliation that found nothing new (the listing's floors only); and the memory of a process
// holding a 5,000-agent roster.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { createRosterStore } from "../src/index.js";
import { type BenchRoster, buildRoster, deleteKeys } from "./bench-roster.js";

const SIZES = [30, 1_000, 5_000];
const ROUNDS = 3;

async function timings(
  count: number,
  step: () => Promise<unknown>,
  before?: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    await before?.();
    const started = performance.now();
    await step();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const redis = new Redis({ maxRetriesPerRequest: 1 });
const prefix = `bench-roster-${randomUUID().slice(0, 8)}`;
try {
  const store = createRosterStore(redis, { keyPrefix: prefix });
  const queues = new Map<number, BenchRoster>();
  for (const size of SIZES) queues.set(size, await buildRoster(redis, prefix, size));

  // Median of ROUNDS medians, each round interleaving the baseline with the reads.
  const rows: Record<string, string>[] = [];
  const ping: number[] = [];
  const KINDS = ["first", "one changed", "unchanged", "relisted"] as const;
  const LABELS: Record<(typeof KINDS)[number], string> = {
    first: "first read (every member)",
    "one changed": "one member changed since (that one)",
    unchanged: "nothing changed since (sequence only)",
    relisted: "a reconciliation found nothing new since (its floors)",
  };
  const reads = new Map<string, { median: number[]; p95: number[] }>(
    SIZES.flatMap((size) => KINDS.map((kind) => [`${kind} ${size}`, { median: [], p95: [] }])),
  );
  for (let round = 0; round < ROUNDS; round++) {
    const pings = await timings(2_000, () => redis.ping());
    ping.push(quantile(pings, 0.5));
    for (const size of SIZES) {
      const roster = queues.get(size);
      const queueId = roster?.queueId ?? "";
      let status = 0;
      const members = (await store.readQueueRoster(queueId)).members;
      for (const kind of KINDS) {
        // "first": a new store each time (nothing held); "one changed": another process' write of one member.
        const changeOne = () => {
          status += 1;
          const member = members[status % members.length];
          return store.applyObservations([
            {
              userId: member?.id ?? "",
              routingStatus: { status: status % 2 === 0 ? "IDLE" : "INTERACTING", startTimeMs: Date.now() },
            },
          ]);
        };
        const samples = await timings(
          kind === "relisted"
            ? size >= 5_000
              ? 10
              : size >= 1_000
                ? 40
                : 200
            : size >= 5_000
              ? 40
              : size >= 1_000
                ? 150
                : 1_000,
          () =>
            kind === "first"
              ? createRosterStore(redis, { keyPrefix: prefix }).readQueueRoster(queueId)
              : store.readQueueRoster(queueId),
          kind === "one changed" ? changeOne : kind === "relisted" ? roster?.relist : undefined,
        );
        reads.get(`${kind} ${size}`)?.median.push(quantile(samples, 0.5));
        reads.get(`${kind} ${size}`)?.p95.push(quantile(samples, 0.95));
      }
    }
  }
  const mid = (values: readonly number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const pingMs = mid(ping);
  rows.push({
    run: "baseline: Redis PING, one at a time",
    "median ms": pingMs.toFixed(3),
    "p95 ms": "",
    "x PING": "1.0",
  });
  for (const kind of KINDS) {
    for (const size of SIZES) {
      const entry = reads.get(`${kind} ${size}`);
      const median = mid(entry?.median ?? []);
      rows.push({
        run: `readQueueRoster, ${size.toLocaleString("en")} agents, ${LABELS[kind]}`,
        "median ms": median.toFixed(3),
        "p95 ms": mid(entry?.p95 ?? []).toFixed(3),
        "x PING": (median / pingMs).toFixed(1),
      });
    }
  }
  console.log(`Roster read: one round trip per call (median of ${ROUNDS} rounds)`);
  console.table(rows);

  const holder = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      "--conditions=@routing/source",
      join(dirname(fileURLToPath(import.meta.url)), "hold-roster.ts"),
      prefix,
      queues.get(5_000)?.queueId ?? "",
    ],
    { encoding: "utf8" },
  );
  if (holder.status !== 0) throw new Error(`the holding process failed: ${holder.stderr}`);
  const held = JSON.parse(holder.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
  console.log(
    `A fresh Node process holding a ${held.members?.toLocaleString("en")}-agent roster (read 20 times): RSS ${held.rssMb} MB ` +
      `(${held.rssAtStartMb} MB before anything was read, ${held.rssBeforeMb} MB after the first read), heap used ` +
      `${held.heapUsedMb} MB; target <= 200 MB.`,
  );
} finally {
  await deleteKeys(redis, prefix);
  await redis.quit();
}
