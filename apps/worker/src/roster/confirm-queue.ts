import type { RequestLane } from "@routing/genesys-client";
import { type ConfirmationKind, observationFromQueueMember, type UserObservation } from "@routing/roster";
import { callOptions, type HandlerContext } from "../handler-context.js";

/** Genesys' largest page of queue members (RoutingApi.md getRoutingQueueMembers: "Max value is 100"). */
export const MEMBERS_PAGE_SIZE = 100;

/**
 * How far ahead of this worker's clock `notBeforeMs` may stamp a listing. NTP keeps clocks milliseconds apart;
 * beyond this a clock is wrong, and stamping every member that far ahead would make this worker's own later
 * writes (skill write-through, targeted reads) lose to the listing until its clock caught up.
 */
export const MAX_CLOCK_AHEAD_MS = 10_000;

export interface ConfirmedQueue {
  readonly queueId: string;
  readonly readAtMs: number;
  /** Requests the listing took. */
  readonly pages: number;
  readonly listed: readonly UserObservation[];
  /** Entries Genesys listed without a usable user id (counted, not applied). */
  readonly unreadable: number;
  readonly left: number;
  readonly usersChanged: number;
}

/**
 * A complete read of a queue's joined members, applied to the roster page by page as it arrives
 * (`GET /api/v2/routing/queues/{queueId}/members?expand=routingStatus,presence,skills,languages&joined=true
 * &pageSize=100`, following nextUri) and then finished: whoever it did not list has left, and the queue is
 * confirmed as of the moment the first request was sent.
 *
 * `notBeforeMs`: a moment the caller knows passed before this read began, stamped by another process' clock
 * (the stale mark's end the caller read, the time the ingester asked for a seed). The read is stamped no
 * earlier: with this worker's clock behind the ingester's, a listing begun after a gap would otherwise look
 * older than the gap, leave the queue stale, and have the gap's seed list it again once its claim expired.
 */
export async function confirmQueue(
  context: HandlerContext,
  queueId: string,
  kind: ConfirmationKind,
  lane: RequestLane,
  notBeforeMs?: number | null,
): Promise<ConfirmedQueue> {
  const nowMs = context.nowMs();
  let readAtMs = Math.max(nowMs, notBeforeMs ?? 0);
  if (readAtMs - nowMs > MAX_CLOCK_AHEAD_MS) {
    context.logger.warn(
      { queueId, notBeforeMs, nowMs, maxAheadMs: MAX_CLOCK_AHEAD_MS },
      "the stale mark or seed request is stamped further ahead of this worker's clock than clocks may differ; listing stamped by this worker's clock (check NTP on the ingester and worker hosts)",
    );
    readAtMs = nowMs;
  }
  const confirmation = context.roster.store.beginConfirmation(queueId, kind, readAtMs);
  const listed: UserObservation[] = [];
  let page: UserObservation[] = [];
  let entries = 0;
  let unreadable = 0;
  let usersChanged = 0;
  const flush = async (): Promise<void> => {
    if (page.length === 0) return;
    usersChanged += (await confirmation.applyPage(page)).users;
    page = [];
  };
  for await (const member of context.genesys.routing.listQueueMembers(queueId, {
    ...callOptions(context),
    lane,
    pageSize: MEMBERS_PAGE_SIZE,
    expand: ["routingStatus", "presence", "skills", "languages"],
    joined: true,
  })) {
    entries += 1;
    const observation = observationFromQueueMember(member, readAtMs);
    if (observation === undefined) {
      unreadable += 1;
    } else {
      listed.push(observation);
      page.push(observation);
    }
    if (page.length >= MEMBERS_PAGE_SIZE) await flush();
  }
  await flush();
  const { left } = await confirmation.finish();
  if (unreadable > 0) {
    context.logger.warn({ queueId, unreadable }, "queue members without a usable user id were skipped");
  }
  return {
    queueId,
    readAtMs,
    pages: Math.max(1, Math.ceil(entries / MEMBERS_PAGE_SIZE)),
    listed,
    unreadable,
    left,
    usersChanged,
  };
}
