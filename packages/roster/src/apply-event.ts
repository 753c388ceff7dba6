import {
  type MembershipChange,
  parseActivityEvent,
  parseMembershipEvent,
  type RosterEventRejection,
  rosterTopicOf,
} from "./events.js";
import type { MembershipOutcome, RosterStore } from "./roster-store.js";

export type RosterEventResult =
  /** Not a roster topic: someone else's event. */
  | { readonly kind: "not-roster" }
  | { readonly kind: "rejected"; readonly reason: RosterEventRejection; readonly field: string }
  /** `changed`: something a decision reads changed (false: older or repeated news). */
  | { readonly kind: "activity"; readonly userId: string; readonly changed: boolean }
  | { readonly kind: "membership"; readonly change: MembershipChange; readonly outcome: MembershipOutcome };

/**
 * The ingester's whole apply path for one notification: parse, then a versioned write (no REST call, no
 * job). A malformed body is rejected before anything is written; the write itself is idempotent, so the
 * same event from two ingesters, or twice from one, leaves one roster.
 */
export async function applyRosterEvent(
  store: RosterStore,
  topicName: string,
  eventBody: unknown,
  receivedAtMs: number,
): Promise<RosterEventResult> {
  const topic = rosterTopicOf(topicName);
  if (topic === undefined) return { kind: "not-roster" };
  if (topic.kind === "activity") {
    const parsed = parseActivityEvent(topicName, eventBody);
    if (!parsed.ok) return { kind: "rejected", reason: parsed.reason, field: parsed.field };
    const changed = (await store.applyObservations([parsed.observation])) > 0;
    return { kind: "activity", userId: parsed.observation.userId, changed };
  }
  const parsed = parseMembershipEvent(topicName, eventBody, receivedAtMs);
  if (!parsed.ok) return { kind: "rejected", reason: parsed.reason, field: parsed.field };
  return { kind: "membership", change: parsed.change, outcome: await store.applyMembership(parsed.change) };
}
