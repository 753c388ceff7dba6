/**
 * Why a roster is stale:
 * - `never-seeded`: no complete read of the queue has finished yet.
 * - `socket-gap`: a notification socket carrying the queue's topics (or its members' activity) was lost;
 *   events sent meanwhile are gone for good, so the queue waits for a read begun after the gap.
 * - `missed-events`: we know events were not applied (members the ingester could not subscribe, a read
 *   that failed for good).
 * - `confirmation-too-old`: the last complete read is older than `maxConfirmedAgeMs`.
 */
export type StaleReason = "never-seeded" | "socket-gap" | "missed-events" | "confirmation-too-old";

export const STALE_REASONS: readonly StaleReason[] = [
  "never-seeded",
  "socket-gap",
  "missed-events",
  "confirmation-too-old",
];

/** The reasons a writer records (the others follow from the times). */
export type MarkedStaleReason = Extract<StaleReason, "socket-gap" | "missed-events">;

export const MARKED_STALE_REASONS: readonly MarkedStaleReason[] = ["socket-gap", "missed-events"];

/** What the queue's meta hash holds, decoded (epoch ms). */
export interface QueueMeta {
  /** Start of the latest complete read (seed or reconciliation) that finished. */
  readonly confirmedAtMs: number | undefined;
  /** Start of the latest complete seed that finished. */
  readonly seededAtMs: number | undefined;
  /** Stale until a complete read that begins at or after this. */
  readonly staleUntilMs: number | undefined;
  readonly staleReason: MarkedStaleReason | undefined;
  readonly staleSinceMs: number | undefined;
  /** Start of the latest listing of the members' skills (a seed, a reconciliation or a skills refresh). */
  readonly skillsRefreshedAtMs: number | undefined;
  /** Start of the latest CSAT refresh of the followed queues' members. */
  readonly csatRefreshedAtMs: number | undefined;
  /**
   * Reconciliations in a row that found nothing to repair (0 after one that did, and before the first):
   * the worker spaces the next one out by it.
   */
  readonly cleanReconciliations: number;
}

export interface Staleness {
  readonly stale: boolean;
  readonly staleReason: StaleReason | undefined;
  /** Since the last confirmation; undefined when there was none. */
  readonly ageMs: number | undefined;
}

function wholeNumberField(fields: ReadonlyMap<string, string>, name: string): number | undefined {
  const raw = fields.get(name);
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) return undefined;
  return Number(raw);
}

export function decodeMeta(pairs: readonly string[]): QueueMeta {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < pairs.length; i += 2) fields.set(String(pairs[i]), String(pairs[i + 1]));
  const reason = fields.get("staleReason");
  return {
    confirmedAtMs: wholeNumberField(fields, "confirmedAt"),
    seededAtMs: wholeNumberField(fields, "seededAt"),
    staleUntilMs: wholeNumberField(fields, "staleUntil"),
    staleReason: (MARKED_STALE_REASONS as readonly string[]).includes(reason ?? "")
      ? (reason as MarkedStaleReason)
      : undefined,
    staleSinceMs: wholeNumberField(fields, "staleSince"),
    skillsRefreshedAtMs: wholeNumberField(fields, "skillsRefreshedAt"),
    csatRefreshedAtMs: wholeNumberField(fields, "csatRefreshedAt"),
    cleanReconciliations: wholeNumberField(fields, "cleanReconciliations") ?? 0,
  };
}

/** Pure: the same meta and clock always give the same answer. */
export function assessStaleness(meta: QueueMeta, nowMs: number, maxConfirmedAgeMs: number): Staleness {
  const confirmed = meta.confirmedAtMs;
  if (confirmed === undefined) return { stale: true, staleReason: "never-seeded", ageMs: undefined };
  const ageMs = Math.max(0, nowMs - confirmed);
  if (meta.staleUntilMs !== undefined && meta.staleUntilMs > confirmed) {
    return { stale: true, staleReason: meta.staleReason ?? "missed-events", ageMs };
  }
  if (ageMs > maxConfirmedAgeMs) return { stale: true, staleReason: "confirmation-too-old", ageMs };
  return { stale: false, staleReason: undefined, ageMs };
}
