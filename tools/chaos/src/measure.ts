import type { EmulatorSnapshot, RequestLogEntry } from "@routing/genesys-emulator";
import type { Job, Queue } from "bullmq";

const ALL_STATES = [
  "completed",
  "failed",
  "wait",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
] as const;
const ROUTING_PATCH = /^\/api\/v2\/routing\/conversations\/([^/]+)$/;

/** The job states a window is "settled" in: nothing waits, runs or is scheduled any more. */
export async function queuesIdle(decisions: Queue, maintenance: Queue): Promise<boolean> {
  for (const queue of [decisions, maintenance]) {
    const counts = await queue.getJobCounts("wait", "active", "prioritized", "waiting-children");
    if (Object.values(counts).some((count) => count > 0)) return false;
    // A job scheduler (roster reconciliation, skills refresh) always keeps its next run delayed: that is
    // the system at rest, not work in flight.
    const delayed = await queue.getDelayed(0, 999);
    if (delayed.some((job) => !job.id?.startsWith("repeat:"))) return false;
  }
  return true;
}

export interface WindowFigures {
  /** Conversations that arrived in the window. */
  readonly conversations: number;
  /** Offers (an agent alerting) on those conversations. */
  readonly offers: number;
  /** Decision jobs for those conversations, and recoveries created in the window. */
  readonly jobsMade: number;
  readonly recoveries: number;
  /** Completed decision jobs that decided something. */
  readonly decisions: number;
  /** Completed as conversation-gone or too-late. */
  readonly goneOrTooLate: number;
  /** Conversations and offers with no job of their own that a later recovery looked at (and found done). */
  readonly accountedByRecovery: number;
  /** Conversations and offers with no job and no recovery after them: events without a decision. */
  readonly missed: readonly string[];
  /** Writes Genesys applied (2xx) to those conversations. */
  readonly writes: number;
  readonly writesPerConversationMax: number;
  readonly writesPerConversationMean: number;
  /** Identical writes sent again (a re-run re-sending its recorded write). */
  readonly resent: number;
  /** Conversations with more different applied writes than jobs that could write them. */
  readonly doubleWrites: readonly string[];
  /** Jobs still not finished when the window was measured. */
  readonly unfinished: number;
}

function decisionStatus(job: Job): string | undefined {
  const value = job.returnvalue as { status?: unknown } | null | undefined;
  return typeof value?.status === "string" ? value.status : undefined;
}

/**
 * What a window of load did, from the emulator's snapshot and write log and the BullMQ queues: for every
 * conversation that arrived in it and every offer on those, a decision job or a recovery that looked at it
 * afterwards; for every conversation, the writes Genesys applied, and whether any job applied two
 * different ones.
 */
export async function measureWindow(input: {
  readonly fromMs: number;
  readonly toMs: number;
  readonly snapshot: EmulatorSnapshot;
  readonly writes: readonly RequestLogEntry[];
  readonly decisions: Queue;
  readonly maintenance: Queue;
}): Promise<WindowFigures> {
  const { fromMs, toMs, snapshot } = input;
  const conversations = snapshot.conversations.filter(
    (conversation) => conversation.arrivedAt >= fromMs && conversation.arrivedAt <= toMs,
  );
  const ids = new Set(conversations.map((conversation) => conversation.id));
  const decisionJobs = (await input.decisions.getJobs([...ALL_STATES])).filter((job) =>
    ids.has(String((job.data as { conversationId?: unknown }).conversationId)),
  );
  const recoveries = (await input.maintenance.getJobs([...ALL_STATES])).filter(
    (job) => job.name === "notifications.recover" && job.timestamp >= fromMs,
  );
  const recoveryRuns = (await input.maintenance.getJobs(["completed"]))
    .filter((job) => job.name === "notifications.recover" && job.processedOn !== undefined)
    .map((job) => job.processedOn ?? 0);
  const recoveredAfter = (atMs: number) => recoveryRuns.some((ranAt) => ranAt > atMs);

  const jobsOf = new Map<string, Job[]>();
  for (const job of decisionJobs) {
    const id = String((job.data as { conversationId: string }).conversationId);
    jobsOf.set(id, [...(jobsOf.get(id) ?? []), job]);
  }

  const missed: string[] = [];
  let accountedByRecovery = 0;
  let offers = 0;
  for (const conversation of conversations) {
    const jobs = jobsOf.get(conversation.id) ?? [];
    if (!jobs.some((job) => job.name === "conversation.score")) {
      if (recoveredAfter(conversation.arrivedAt)) accountedByRecovery++;
      else missed.push(`conversation ${conversation.id}`);
    }
    for (const offer of conversation.offers) {
      offers++;
      const checked = jobs.some(
        (job) =>
          job.name === "assignment.check" && (job.data as { userId?: unknown }).userId === offer.userId,
      );
      if (checked) continue;
      if (recoveredAfter(offer.at)) accountedByRecovery++;
      else missed.push(`offer of ${conversation.id} to ${offer.userId}`);
    }
  }

  let decided = 0;
  let goneOrTooLate = 0;
  let unfinished = 0;
  for (const job of decisionJobs) {
    if (job.finishedOn === undefined) {
      unfinished++;
      continue;
    }
    const status = decisionStatus(job);
    if (status === "conversation-gone" || status === "too-late") goneOrTooLate++;
    else if (status !== undefined) decided++;
  }

  const applied = new Map<string, string[]>();
  for (const entry of input.writes) {
    if (entry.method !== "PATCH" || entry.status < 200 || entry.status >= 300) continue;
    const conversationId = ROUTING_PATCH.exec(entry.path)?.[1];
    if (conversationId === undefined || !ids.has(conversationId)) continue;
    applied.set(conversationId, [...(applied.get(conversationId) ?? []), JSON.stringify(entry.body)]);
  }
  const doubleWrites: string[] = [];
  let writes = 0;
  let resent = 0;
  let max = 0;
  for (const [conversationId, bodies] of applied) {
    writes += bodies.length;
    max = Math.max(max, bodies.length);
    const distinct = new Set(bodies).size;
    resent += bodies.length - distinct;
    // Each job applies at most one distinct write: more distinct writes than jobs is a job that wrote twice.
    if (distinct > (jobsOf.get(conversationId) ?? []).length) doubleWrites.push(conversationId);
  }

  return {
    conversations: conversations.length,
    offers,
    jobsMade: decisionJobs.length + recoveries.length,
    recoveries: recoveries.length,
    decisions: decided,
    goneOrTooLate,
    accountedByRecovery,
    missed,
    writes,
    writesPerConversationMax: max,
    writesPerConversationMean: conversations.length === 0 ? 0 : writes / conversations.length,
    resent,
    doubleWrites,
    unfinished,
  };
}

export interface ReplayFigures {
  readonly failed: number;
  readonly replayedOk: number;
  readonly notReplayable: readonly string[];
}

/**
 * Every job of the window in the failed set is retried through BullMQ (what an engineer does from Bull
 * Board); a job is replayable when it then completes.
 */
export async function replayFailed(
  queues: readonly Queue[],
  sinceMs: number,
  timeoutMs: number,
): Promise<ReplayFigures> {
  const failed: Job[] = [];
  for (const queue of queues) {
    failed.push(...(await queue.getJobs(["failed"])).filter((job) => job.timestamp >= sinceMs));
  }
  for (const job of failed) await job.retry("failed");
  const deadline = Date.now() + timeoutMs;
  const pending = new Map(failed.map((job) => [job.id ?? "", job]));
  const notReplayable: string[] = [];
  let replayedOk = 0;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [id, job] of [...pending]) {
      const queue = queues.find((candidate) => candidate.name === job.queueName);
      const current = await queue?.getJobState(id);
      if (current === "completed") {
        replayedOk++;
        pending.delete(id);
      } else if (current === "failed") {
        notReplayable.push(`${job.name} ${id}: ${(await queue?.getJob(id))?.failedReason ?? "failed again"}`);
        pending.delete(id);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  for (const [id, job] of pending) notReplayable.push(`${job.name} ${id}: not finished after replay`);
  return { failed: failed.length, replayedOk, notReplayable };
}

/** The sum of a Prometheus metric's samples in a /metrics text (labels filtered by substring). */
export function metricSum(text: string, name: string, labelFilter = ""): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name) || line.startsWith("#")) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== "{" && rest[0] !== " ") continue;
    if (!line.includes(labelFilter)) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}
