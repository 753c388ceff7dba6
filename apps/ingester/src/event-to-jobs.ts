import type { NotificationEvent } from "@routing/genesys-client";
import { type JobInput, JobPayloadError, type PreparedJob, prepareJob } from "@routing/jobs";
import {
  type ConversationView,
  type ParticipantView,
  readConversation,
  wasConnected,
} from "./conversation-view.js";
import { queueIdOfTopic } from "./topics.js";

export type EventJob = PreparedJob<"conversation.score"> | PreparedJob<"assignment.check">;

/** Why an event gave no job: a bounded set, exported as a metric label. */
export type NoJobReason =
  /** Not a `v2.routing.queues.{id}.conversations` topic. */
  | "unsupported-topic"
  /** The body is not a conversation (no id, no participant list). */
  | "malformed-body"
  /** No participant of the conversation belongs to the topic's queue (it was transferred elsewhere). */
  | "other-queue"
  /** Waiting in the queue, but Genesys sent no conversationRoutingData to decide with. */
  | "no-routing-data"
  /** Waiting on a medium the job catalog has no name for (video, social, ...). */
  | "unsupported-media"
  /** An agent is connected: nothing left to decide. */
  | "agent-connected"
  /** Every participant has left. */
  | "conversation-ended"
  /** Left the queue without an agent (transfer out, flow) or nobody waits in it any more. */
  | "not-waiting"
  /** Re-scored more often than the catalog allows (a loop of rejected offers). */
  | "round-limit"
  /** A job was built but its payload failed the catalog's schema (a non-UUID id, a missing user). */
  | "invalid-payload";

export interface RejectedJob {
  readonly jobName: EventJob["name"];
  /** The catalog's name of the bad field. */
  readonly field: string;
  readonly message: string;
}

export interface EventJobs {
  readonly jobs: readonly EventJob[];
  /** Jobs this event should have given but whose payload the catalog refused. */
  readonly rejected: readonly RejectedJob[];
  /** Set exactly when `jobs` is empty. */
  readonly noJobReason: NoJobReason | undefined;
}

/** The catalog's schema bounds re-scoring rounds (`round` max 20). */
const MAX_ROUND = 20;

const none = (reason: NoJobReason): EventJobs => ({ jobs: [], rejected: [], noJobReason: reason });

const isAgent = (participant: ParticipantView): boolean => participant.purpose === "agent";
const isLive = (participant: ParticipantView): boolean => participant.liveMedia !== undefined;

/**
 * Offers in this queue that ended unanswered (declined, withdrawn, timed out). Each sends the customer back
 * to waiting, and a fresh decision is wanted: the round makes that a new job rather than a duplicate.
 */
function unansweredOffers(participants: readonly ParticipantView[], queueId: string): number {
  return participants.filter(
    (participant) =>
      isAgent(participant) &&
      participant.queueId === queueId &&
      !isLive(participant) &&
      !wasConnected(participant),
  ).length;
}

type Candidate =
  | { readonly name: "conversation.score"; readonly input: JobInput<"conversation.score"> }
  | { readonly name: "assignment.check"; readonly input: JobInput<"assignment.check"> };

function prepare(candidate: Candidate): EventJob {
  // Two calls so each keeps its own payload type.
  return candidate.name === "conversation.score"
    ? prepareJob(candidate.name, candidate.input)
    : prepareJob(candidate.name, candidate.input);
}

interface QueueScope {
  readonly conversation: ConversationView;
  readonly queueId: string;
  readonly observedAtMs: number;
}

/** An agent participant of this queue whose media item is alerting: an offer, to check. */
function assignmentCandidates(scope: QueueScope): Candidate[] {
  const { conversation, queueId, observedAtMs } = scope;
  const acdRouting = conversation.participants.find(
    (participant) => participant.purpose === "acd" && participant.queueId === queueId,
  )?.routingData;
  return conversation.participants
    .filter(
      (participant) =>
        isAgent(participant) &&
        (participant.queueId ?? queueId) === queueId &&
        participant.liveMedia?.state === "alerting",
    )
    .map((agent) => {
      const routing = agent.routingData ?? acdRouting;
      return {
        name: "assignment.check",
        input: {
          conversationId: conversation.id,
          queueId,
          // An empty id fails the catalog's schema, which names the field: rejected visibly, not guessed.
          userId: agent.userId ?? "",
          participantId: agent.id ?? "",
          skillIds: [...(routing?.skillIds ?? [])],
          ...(routing?.languageId === undefined ? {} : { languageId: routing.languageId }),
          observedAtMs,
        },
      };
    });
}

type ScoreDecision = { readonly candidate: Candidate } | { readonly reason: NoJobReason } | undefined;

/** A customer waiting in this queue with no agent alerting or connected yet: score the agents. */
function scoreDecision(scope: QueueScope): ScoreDecision {
  const { conversation, queueId, observedAtMs } = scope;
  const acd = conversation.participants.find(
    (participant) => participant.purpose === "acd" && participant.queueId === queueId && isLive(participant),
  );
  if (acd === undefined) return undefined;
  if (conversation.participants.some((participant) => isAgent(participant) && isLive(participant))) {
    return undefined;
  }
  const routing = acd.routingData;
  if (routing === undefined) return { reason: "no-routing-data" };
  const mediaType = acd.liveMedia?.mediaType;
  if (mediaType === undefined) return { reason: "unsupported-media" };
  const round = unansweredOffers(conversation.participants, queueId);
  if (round > MAX_ROUND) return { reason: "round-limit" };
  return {
    candidate: {
      name: "conversation.score",
      input: {
        conversationId: conversation.id,
        queueId,
        mediaType,
        skillIds: [...routing.skillIds],
        ...(routing.languageId === undefined ? {} : { languageId: routing.languageId }),
        round,
        observedAtMs,
      },
    },
  };
}

/** Why nothing was decided, read from the participants as they stand. */
function idleReason(conversation: ConversationView, queueId: string): NoJobReason {
  const { participants } = conversation;
  if (!participants.some(isLive)) return "conversation-ended";
  if (participants.some((p) => isAgent(p) && p.liveMedia?.state === "connected")) return "agent-connected";
  if (!participants.some((participant) => participant.queueId === queueId)) return "other-queue";
  return "not-waiting";
}

/**
 * The jobs one `v2.routing.queues.{id}.conversations` event asks for. Pure: the same event always gives the
 * same job ids (the catalog builds them from the event's identity), which is what deduplicates the repeats
 * Genesys sends on every change of the conversation. Never throws, whatever the body.
 */
export function jobsForEvent(event: NotificationEvent, observedAtMs: number): EventJobs {
  const queueId = queueIdOfTopic(event.topicName);
  if (queueId === undefined) return none("unsupported-topic");
  const conversation = readConversation(event.eventBody);
  if (conversation === undefined) return none("malformed-body");

  const scope: QueueScope = { conversation, queueId, observedAtMs };
  const score = scoreDecision(scope);
  const candidates = [
    ...(score !== undefined && "candidate" in score ? [score.candidate] : []),
    ...assignmentCandidates(scope),
  ];

  const jobs: EventJob[] = [];
  const rejected: RejectedJob[] = [];
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
  if (score !== undefined && "reason" in score) return none(score.reason);
  return none(idleReason(conversation, queueId));
}
