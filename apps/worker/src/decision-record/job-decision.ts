import type { AssignmentExplanation, RankingExplanation } from "@routing/core";
import type { DecisionInput, DecisionOutcome } from "@routing/decision-log";
import type { RequestEvent } from "@routing/genesys-client";
import type { JobName, JobPayload } from "@routing/jobs";
import type { JobOutcome } from "../job-outcome.js";
import type { JobWrites } from "../write-journal.js";

/** What a handler hands to the decision log: how it decided (core's explanations) and from which roster. */
export interface DecisionDetails {
  readonly ranking?: RankingExplanation;
  readonly assignment?: AssignmentExplanation;
  /** The roster version the candidates were read at (`QueueRoster.version`). */
  readonly rosterVersion?: number;
}

/** The handler's side of the decision log: kept until the job completes, then written with its outcome. */
export interface DecisionNotes {
  explain(details: DecisionDetails): void;
  /**
   * Candidates of a ranking the record keeps (the log's `maxCandidatesPerRecord`): a handler explains no
   * more than these (core's `explainAtMost`), since the rest would be cut before the record is written.
   */
  readonly candidatesKept: number;
}

/** For jobs that are not logged decisions: nothing is kept. */
export const UNRECORDED_DECISION: DecisionNotes = { explain: () => undefined, candidatesKept: 0 };

type DecisionJob =
  | { readonly name: "conversation.score"; readonly payload: JobPayload<"conversation.score"> }
  | { readonly name: "assignment.check"; readonly payload: JobPayload<"assignment.check"> };

/** The catalog jobs that decide for a conversation (one decision record each). */
export function isDecisionJob(job: { readonly name: JobName }): job is DecisionJob {
  return job.name === "conversation.score" || job.name === "assignment.check";
}

/** One decision job while it runs: its notes, its writes, then its record. */
export interface JobDecision {
  readonly notes: DecisionNotes;
  readonly jobId: string;
  readonly shadow: boolean;
  readonly queueId: string;
  readonly conversationId: string;
  /** The agent Genesys offered the conversation to (`assignment.check`); undefined otherwise. */
  readonly offeredUserId: string | undefined;
  /**
   * The job's writes as the handler sees them: the body of each is kept for the record; in shadow mode
   * nothing is sent (nor journaled: there is nothing to re-send) and the body is returned as if sent.
   */
  writes(live: JobWrites): JobWrites;
  /** The record to write; undefined when the outcome decided nothing (inert scores, unevaluated). */
  record(outcome: JobOutcome, calls: readonly RequestEvent[], decidedAtMs: number): DecisionInput | undefined;
}

export function startJobDecision(
  job: DecisionJob,
  meta: {
    readonly jobId: string;
    readonly attempt: number;
    readonly startedAtMs: number;
    readonly shadow: boolean;
    readonly candidatesKept: number;
  },
): JobDecision {
  let details: DecisionDetails = {};
  let sent: readonly { id: string; score: number }[] = [];
  const { payload } = job;
  const offeredUserId = job.name === "assignment.check" ? job.payload.userId : undefined;
  return {
    notes: {
      explain(more) {
        details = { ...details, ...more };
      },
      candidatesKept: meta.candidatesKept,
    },
    jobId: meta.jobId,
    shadow: meta.shadow,
    queueId: payload.queueId,
    conversationId: payload.conversationId,
    offeredUserId,
    writes: (live) => ({
      write: async (identity, body, send) => {
        const written = meta.shadow
          ? { body, replay: "none" as const }
          : await live.write(identity, body, send);
        sent = scoredAgentsOf(written.body) ?? sent;
        return written;
      },
    }),
    record(outcome, calls, decidedAtMs) {
      const action = actionOf(job.name, outcome);
      if (action === undefined) return undefined;
      return {
        conversationId: payload.conversationId,
        queueId: payload.queueId,
        event: {
          jobName: job.name,
          jobId: meta.jobId,
          attempt: meta.attempt,
          participantId: job.name === "assignment.check" ? job.payload.participantId : null,
          userId: offeredUserId ?? null,
          observedAtMs: payload.observedAtMs,
        },
        rosterVersion: details.rosterVersion ?? null,
        ranking: details.ranking ?? null,
        assignment: details.assignment ?? null,
        action: {
          ...(meta.shadow ? { outcome: "shadow", shadowOf: action.outcome } : { outcome: action.outcome }),
          followUp: action.followUp,
          requestScoredAgents: sent,
        },
        genesysCalls: calls.flatMap(({ method, ...call }) =>
          isRecordedMethod(method)
            ? [
                {
                  method,
                  pathTemplate: call.pathTemplate,
                  status: call.status,
                  durationMs: call.durationMs,
                  attempt: call.attempt,
                  correlationId: call.correlationId ?? null,
                },
              ]
            : [],
        ),
        timings: { observedAtMs: payload.observedAtMs, startedAtMs: meta.startedAtMs, decidedAtMs },
      };
    },
  };
}

const RECORDED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function isRecordedMethod(method: string): method is (typeof RECORDED_METHODS)[number] {
  return (RECORDED_METHODS as readonly string[]).includes(method);
}

/** The decision an outcome records; undefined when the job decided nothing. */
function actionOf(
  name: DecisionJob["name"],
  outcome: JobOutcome,
): { outcome: Exclude<DecisionOutcome, "shadow">; followUp: "rescore" | "requeue" | null } | undefined {
  if (name === "conversation.score") {
    if (outcome.status === "scored") return { outcome: "scored", followUp: null };
    if (outcome.status === "no-eligible-agent") return { outcome: "no-eligible", followUp: null };
    return undefined;
  }
  if (outcome.status === "approved") return { outcome: "approved", followUp: null };
  if (outcome.status === "rejected") {
    const followUp =
      outcome.followUp === "rescore" || outcome.followUp === "requeue" ? outcome.followUp : null;
    return { outcome: "rejected", followUp };
  }
  return undefined;
}

/** The `requestScoredAgents` of a routing conversation PATCH body; undefined for any other write. */
function scoredAgentsOf(body: unknown): readonly { id: string; score: number }[] | undefined {
  if (typeof body !== "object" || body === null || !("requestScoredAgents" in body)) return undefined;
  const agents = body.requestScoredAgents;
  return Array.isArray(agents) ? (agents as { id: string; score: number }[]) : undefined;
}
