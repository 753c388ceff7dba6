import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRosterStore, type UserObservation } from "../src/index.js";

const STATUSES = ["IDLE", "INTERACTING", "OFF_QUEUE", "IDLE", "COMMUNICATING"] as const;
const PRESENCES = ["On Queue", "On Queue", "Available", "On Queue", "Away"];

export interface BenchRoster {
  readonly queueId: string;
  /** A reconciliation now that lists every member as built: it finds nothing new. */
  relist(): Promise<void>;
}

/**
 * A queue of `agents` members, each as a real org's would look: 4 skills out of 40, 2 languages out of 6,
 * a routing status and a presence, written through the same seed path a worker uses.
 */
export async function buildRoster(redis: Redis, keyPrefix: string, agents: number): Promise<BenchRoster> {
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
  const list = async (kind: "seed" | "reconcile", atMs: number) => {
    const confirmation = store.beginConfirmation(queueId, kind, atMs);
    for (let start = 0; start < observations.length; start += 100) {
      const page = observations
        .slice(start, start + 100)
        .map((observation) => ({ ...observation, readAtMs: atMs }));
      await confirmation.applyPage(page);
    }
    await confirmation.finish();
  };
  await list("seed", now);
  return { queueId, relist: () => list("reconcile", Date.now()) };
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}
