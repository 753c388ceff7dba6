import type { JobInput } from "../catalog.js";
import { JobPayloadError } from "../payload-error.js";
import { type PreparedJob, prepareJob } from "../prepare.js";
import type {
  ConversationSnapshot,
  ParticipantSnapshot,
  RoutingRequirements,
} from "./conversation-snapshot.js";

export type DecisionJob = PreparedJob<"conversation.score"> | PreparedJob<"assignment.check">;

/**
 * Why a conversation asks for no decision now. A closed set: the ingester exports it as a metric label
 * (`ingester_events_without_job_total{reason}`) and recovery counts by it.
 */
export type NoDecisionReason =
  /** No participant of the conversation belongs to the queue (it was transferred elsewhere). */
  | "other-queue"
  /** In the queue, but Genesys gave no routing data to decide with (no acd `conversationRoutingData`). */
  | "no-routing-data"
  /** Waiting on a medium the job catalog has no name for (video, social, ...). */
  | "unsupported-media"
  /** An agent is connected: nothing left to decide. */
  | "agent-connected"
  /** Every participant has left. */
  | "conversation-ended"
  /**
   * Nobody waits in the queue for an agent: it left without one (transfer out, flow), or it is a callback
   * scheduled for later, or its acd leg is in a state that is not waiting (`none`, ...).
   */
  | "not-waiting"
  /** Re-scored more often than the catalog allows (a loop of rejected offers). */
  | "round-limit"
  /** A job was built but its payload failed the catalog's schema (a non-UUID id, a missing user). */
  | "invalid-payload";

export interface RejectedDecision {
  readonly jobName: DecisionJob["name"];
  /** The catalog's name of the bad field. */
  readonly field: string;
  readonly message: string;
}

export interface ConversationDecisions {
  readonly jobs: readonly DecisionJob[];
  /** Jobs the conversation asks for whose payload the catalog refused (named, never guessed). */
  readonly rejected: readonly RejectedDecision[];
  /** Set exactly when `jobs` is empty. */
  readonly noJobReason: NoDecisionReason | undefined;
}

/** The catalog's schema bounds re-scoring rounds (`round` max 20). */
const MAX_ROUND = 20;

type Candidate =
  | { readonly name: "conversation.score"; readonly input: JobInput<"conversation.score"> }
  | { readonly name: "assignment.check"; readonly input: JobInput<"assignment.check"> };

const isAgent = (leg: ParticipantSnapshot): boolean => leg.purpose === "agent";
const isAcd = (leg: ParticipantSnapshot): boolean => leg.purpose === "acd";
const isLive = (leg: ParticipantSnapshot): boolean => leg.state !== "ended";
/** An agent in the conversation right now: alerting (offered) or connected (answered). */
const isAgentEngaged = (leg: ParticipantSnapshot): boolean =>
  isAgent(leg) && (leg.state === "alerting" || leg.state === "connected");

function requirementFields(requirements: RoutingRequirements) {
  return {
    skillIds: [...requirements.skillIds],
    ...(requirements.languageId === undefined ? {} : { languageId: requirements.languageId }),
    ...(requirements.skillExpressionId === undefined
      ? {}
      : { skillExpressionId: requirements.skillExpressionId }),
  };
}

/**
 * The acd leg holding the conversation in this queue: the live one, else the last one (an offer can
 * outlive a transfer by a moment). Its routing data is the queue's requirement; the agent leg's is empty.
 */
function queueLeg(snapshot: ConversationSnapshot): ParticipantSnapshot | undefined {
  const legs = snapshot.participants.filter((leg) => isAcd(leg) && leg.queueId === snapshot.queueId);
  return legs.find(isLive) ?? legs.at(-1);
}

const queuedAt = (acd: ParticipantSnapshot | undefined) =>
  acd?.connectedAtMs === undefined ? {} : { queuedAtMs: acd.connectedAtMs };

/**
 * Offers in this queue that ended unanswered (declined, withdrawn, timed out). Each sends the customer back
 * to waiting, and a fresh decision is wanted: the round makes that a new job rather than a duplicate.
 */
function unansweredOffers(snapshot: ConversationSnapshot): number {
  return snapshot.participants.filter(
    (leg) => isAgent(leg) && leg.queueId === snapshot.queueId && !isLive(leg) && !leg.answered,
  ).length;
}

/** An agent leg of this queue that is alerting: an offer, checked against the acd leg's requirements. */
function checkCandidates(snapshot: ConversationSnapshot, acd: ParticipantSnapshot | undefined): Candidate[] {
  const requirements = acd?.requirements;
  if (requirements === undefined) return [];
  return snapshot.participants
    .filter(
      (leg) =>
        isAgent(leg) && (leg.queueId ?? snapshot.queueId) === snapshot.queueId && leg.state === "alerting",
    )
    .map((agent) => ({
      name: "assignment.check",
      input: {
        conversationId: snapshot.conversationId,
        queueId: snapshot.queueId,
        // An empty id fails the catalog's schema, which names the field: rejected visibly, not guessed.
        userId: agent.userId ?? "",
        participantId: agent.participantId ?? "",
        ...requirementFields(requirements),
        observedAtMs: snapshot.observedAtMs,
        ...queuedAt(acd),
      },
    }));
}

type ScoreDecision = { readonly candidate: Candidate } | { readonly reason: NoDecisionReason } | undefined;

/**
 * A customer waiting in this queue (its acd leg connected) with no agent alerting or connected: score. A
 * scheduled callback is not waiting yet (`scheduled` is a state of its own in the Callback model,
 * platform-client-sdk-java `build/docs/QueueConversationEventTopicCallback.md`), and neither is a leg in
 * `none` or any state we take no decision on.
 */
function scoreDecision(snapshot: ConversationSnapshot, acd: ParticipantSnapshot | undefined): ScoreDecision {
  if (acd === undefined || acd.state !== "connected") return undefined;
  if (snapshot.participants.some((leg) => isLive(leg) && leg.state === "scheduled")) return undefined;
  if (snapshot.participants.some(isAgentEngaged)) return undefined;
  if (acd.requirements === undefined) return { reason: "no-routing-data" };
  if (acd.mediaType === undefined) return { reason: "unsupported-media" };
  const round = unansweredOffers(snapshot);
  if (round > MAX_ROUND) return { reason: "round-limit" };
  return {
    candidate: {
      name: "conversation.score",
      input: {
        conversationId: snapshot.conversationId,
        queueId: snapshot.queueId,
        mediaType: acd.mediaType,
        ...requirementFields(acd.requirements),
        // Empty and absent mean the same (nothing scored yet): left out, so both readers agree.
        ...(acd.requirements.scoredAgents?.length
          ? {
              scoredAgents: acd.requirements.scoredAgents.map(({ agentId, score }) => ({
                id: agentId,
                score,
              })),
            }
          : {}),
        round,
        observedAtMs: snapshot.observedAtMs,
        ...queuedAt(acd),
      },
    },
  };
}

/** Why nothing was decided, read from the participants as they stand. */
function idleReason(snapshot: ConversationSnapshot, acd: ParticipantSnapshot | undefined): NoDecisionReason {
  const { participants } = snapshot;
  if (!participants.some(isLive)) return "conversation-ended";
  if (participants.some((leg) => isAgent(leg) && leg.state === "connected")) return "agent-connected";
  if (!participants.some((leg) => leg.queueId === snapshot.queueId)) return "other-queue";
  const offered = participants.some(
    (leg) =>
      isAgent(leg) && leg.state === "alerting" && (leg.queueId ?? snapshot.queueId) === snapshot.queueId,
  );
  if (offered && acd?.requirements === undefined) return "no-routing-data";
  return "not-waiting";
}

function prepare(candidate: Candidate): DecisionJob {
  // Two calls so each keeps its own payload type.
  return candidate.name === "conversation.score"
    ? prepareJob(candidate.name, candidate.input)
    : prepareJob(candidate.name, candidate.input);
}

/**
 * The decision jobs one conversation asks for in one queue, whichever source it was read from: a
 * `conversation.score` while the customer waits in the queue with no agent alerting or connected, an
 * `assignment.check` for each agent leg of the queue that is alerting. Requirements come from the acd leg.
 *
 * Pure and deterministic: the same conversation gives the same job ids (built by the catalog from its
 * identity, never from `observedAtMs`), which is what deduplicates the repeats Genesys sends on every
 * change and what lets gap recovery re-enqueue exactly the jobs the ingester would have. Never throws.
 */
export function decisionsFor(snapshot: ConversationSnapshot): ConversationDecisions {
  const acd = queueLeg(snapshot);
  const score = scoreDecision(snapshot, acd);
  const candidates = [
    ...(score !== undefined && "candidate" in score ? [score.candidate] : []),
    ...checkCandidates(snapshot, acd),
  ];

  const jobs: DecisionJob[] = [];
  const rejected: RejectedDecision[] = [];
  for (const candidate of candidates) {
    try {
      jobs.push(prepare(candidate));
    } catch (error) {
      if (!(error instanceof JobPayloadError)) throw error;
      rejected.push({ jobName: candidate.name, field: error.field, message: error.message });
    }
  }
  if (jobs.length > 0) return { jobs, rejected, noJobReason: undefined };
  if (rejected.length > 0) return { jobs, rejected, noJobReason: "invalid-payload" };
  if (score !== undefined && "reason" in score) return { jobs, rejected, noJobReason: score.reason };
  return { jobs, rejected, noJobReason: idleReason(snapshot, acd) };
}
