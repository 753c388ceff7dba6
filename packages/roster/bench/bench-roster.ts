import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRosterStore, type UserObservation } from "../src/index.js";

const STATUSES = ["IDLE", "INTERACTING", "OFF_QUEUE", "IDLE", "COMMUNICATING"] as const;
const PRESENCES = ["On Queue", "On Queue", "Available", "On Queue", "Away"];

/**
 * A queue of `agents` members, each as a real org's would look: 4 skills out of 40, 2 languages out of 6,
 * a routing status and a presence, written through the same seed path a worker uses.
 */
export async function buildRoster(redis: Redis, keyPrefix: string, agents: number): Promise<string> {
  const store = createRosterStore(redis, { keyPrefix });
  const queueId = randomUUID();
  const skills = Array.from({ length: 40 }, () => randomUUID());
  const languages = Array.from({ length: 6 }, () => randomUUID());
  const now = Date.now();
  const observations: UserObservation[] = Array.from({ length: agents }, (_, index) => ({
    userId: randomUUID(),
    name: `Agent ${index}`,
    routingStatus: { status: STATUSES[index % STATUSES.length] ?? "IDLE", startTimeMs: now - index * 1_000 },
    presence: {
      systemPresence: PRESENCES[index % PRESENCES.length] ?? "On Queue",
      modifiedAtMs: now - index * 1_000,
    },
    skills: Object.fromEntries(
      Array.from({ length: 4 }, (_, k) => [
        skills[(index * 7 + k * 11) % skills.length] ?? "",
        (index + k) % 6,
      ]),
    ),
    languages: [languages[index % languages.length] ?? "", languages[(index + 1) % languages.length] ?? ""],
    readAtMs: now,
  }));
  const seed = store.beginConfirmation(queueId, "seed", now);
  for (let start = 0; start < observations.length; start += 100) {
    await seed.applyPage(observations.slice(start, start + 100));
  }
  await seed.finish();
  return queueId;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}
