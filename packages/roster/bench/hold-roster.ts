// Run by the bench in a fresh process: reads a queue's roster, keeps it, and reports this process' RSS
// before and after (MB), as one JSON line on stdout.
import { Redis } from "ioredis";
import { createRosterStore, type QueueRoster } from "../src/index.js";

const [keyPrefix = "", queueId = ""] = process.argv.slice(2);
const megabytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
global.gc?.();
const atStart = process.memoryUsage().rss;
const redis = new Redis({ maxRetriesPerRequest: 1 });
const store = createRosterStore(redis, { keyPrefix });
await store.readQueueRoster(queueId);
global.gc?.();
const before = process.memoryUsage().rss;
// Held as a worker holds what it decides on, and re-read as often as decisions come.
const held: QueueRoster[] = [];
for (let round = 0; round < 20; round++) {
  const roster = await store.readQueueRoster(queueId);
  held[0] = roster;
}
global.gc?.();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    members: held[0]?.members.length ?? 0,
    rssAtStartMb: megabytes(atStart),
    rssBeforeMb: megabytes(before),
    rssMb: megabytes(after.rss),
    heapUsedMb: megabytes(after.heapUsed),
  }),
);
await redis.quit();
