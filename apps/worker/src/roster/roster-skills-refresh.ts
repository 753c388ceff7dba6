import { observationFromQueueMember, type UserObservation } from "@routing/roster";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import type { JsonValue } from "../job-outcome.js";
import { MEMBERS_PAGE_SIZE } from "./confirm-queue.js";
import { oldestFirst, queuesToConsider } from "./followed-queues.js";

/** Skills are refreshed once they are half their TTL old, so that within budget none ever expires. */
const REFRESH_AT_TTL_FRACTION = 0.5;

async function refreshQueueSkills(
  context: HandlerContext,
  queueId: string,
): Promise<{ pages: number; changed: number }> {
  const readAtMs = context.nowMs();
  const refresh = context.roster.store.beginRefresh("skills", [queueId], readAtMs);
  let entries = 0;
  let changed = 0;
  let page: UserObservation[] = [];
  const flush = async (): Promise<void> => {
    if (page.length > 0) changed += await refresh.applyPage(page);
    page = [];
  };
  // Skills and languages only: routing status and presence are live from the activity events.
  for await (const member of context.genesys.routing.listQueueMembers(queueId, {
    ...callOptions(context),
    lane: "skills",
    pageSize: MEMBERS_PAGE_SIZE,
    expand: ["skills", "languages"],
    joined: true,
  })) {
    entries += 1;
    const observation = observationFromQueueMember(member, readAtMs);
    if (observation !== undefined) {
      page.push({
        userId: observation.userId,
        skills: observation.skills,
        languages: observation.languages,
        readAtMs,
      });
    }
    if (page.length >= MEMBERS_PAGE_SIZE) await flush();
  }
  await flush();
  await refresh.finish();
  return { pages: Math.max(1, Math.ceil(entries / MEMBERS_PAGE_SIZE)), changed };
}

/**
 * Genesys sends no event when a skill or language changes, so each member's skills are a cache: this
 * scheduled job re-reads the skills of the queues whose skills are oldest (100 members a request, lane
 * `skills`), within the skills share of the budget. Our own skill writes update the roster at once
 * (write-through in skill adjustment), so this only catches changes made elsewhere.
 */
export const refreshRosterSkills: JobHandler<"roster.skills-refresh"> = async (payload, context) => {
  const { roster } = context;
  const dueBefore = context.nowMs() - roster.config.skillsTtlMs * REFRESH_AT_TTL_FRACTION;
  const statuses = oldestFirst(
    await queuesToConsider(context, payload.queueId),
    (s) => s.meta.skillsRefreshedAtMs,
  ).filter((status) => payload.queueId !== undefined || (status.meta.skillsRefreshedAtMs ?? 0) <= dueBefore);
  if (statuses.length === 0) return { status: "nothing-due", queues: 0 };
  let credit = await roster.skillsBudget.refill();
  const refreshed: JsonValue[] = [];
  for (const { queueId } of statuses) {
    if (credit <= 0) break;
    const { pages, changed } = await refreshQueueSkills(context, queueId);
    credit = await roster.skillsBudget.spend(pages);
    roster.metrics.reads.inc({ kind: "skills", result: "done" });
    refreshed.push({ queueId, requests: pages, usersChanged: changed });
  }
  const skipped = statuses.length - refreshed.length;
  if (skipped > 0) roster.metrics.reads.inc({ kind: "skills", result: "skipped-budget" }, skipped);
  return {
    status: refreshed.length === 0 ? "no-budget" : "refreshed",
    queues: refreshed.length,
    skippedForBudget: skipped,
    refreshed,
    creditLeft: credit,
  };
};
