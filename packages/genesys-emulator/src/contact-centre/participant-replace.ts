import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import { ContactCentreError } from "./contact-centre-error.js";
import type { ResolvedContactCentreOptions } from "./contact-centre-options.js";
import type { Directory } from "./directory.js";
import type { ConversationLifecycle } from "./lifecycle.js";
import type { MetricsRecorder } from "./metrics-recorder.js";
import type { AgentModel, ConversationModel, ParticipantModel, QueueModel } from "./model.js";

export type TransferTarget = { queueId: string } | { userId: string };

/** Where Transfer to ACD (or a replace) puts a conversation: the queue and what routing is asked for. */
export interface AcdRequest {
  readonly queueId: string;
  readonly skillIds?: readonly string[];
  readonly languageId?: string;
  readonly priority?: number;
}

export interface ParticipantReplaceDependencies {
  readonly clock: Clock;
  readonly options: ResolvedContactCentreOptions;
  readonly behaviour: RandomStream;
  readonly directory: Directory;
  readonly lifecycle: ConversationLifecycle;
  readonly metrics: MetricsRecorder;
  readonly isFree: (agent: AgentModel) => boolean;
}

export interface ParticipantReplace {
  /**
   * `POST .../participants/{participantId}/replace[/queue]`: acts on the participant NAMED and disconnects
   * it (genesys-api.md "Corrections"; ConversationsApi.md "Replace this participant with the specified
   * queue"). Naming the flow's, the acd's or an agent's participant moves the conversation; naming the
   * customer's disconnects the customer, which ends the conversation: nobody is left to route.
   */
  replaceParticipant(conversationId: string, participantId: string, target: TransferTarget): void;
  /** Puts a conversation into a queue with the given routing request (Transfer to ACD, replace/queue). */
  enqueueWith(conversation: ConversationModel, request: AcdRequest): void;
  /** Checks a queue/skill/language request before anything is changed (throws ContactCentreError). */
  checkAcdRequest(request: AcdRequest): QueueModel;
}

export function createParticipantReplace(deps: ParticipantReplaceDependencies): ParticipantReplace {
  const { clock, options, directory, lifecycle, metrics } = deps;

  const checkAcdRequest = (request: AcdRequest): QueueModel => {
    const queue = directory.queues.get(request.queueId);
    if (queue === undefined) {
      throw new ContactCentreError("unknown-reference", `Queue ${request.queueId} does not exist`, {
        field: "queueId",
        entityId: request.queueId,
      });
    }
    if (request.skillIds !== undefined) directory.checkSkillIds(request.skillIds, "skillIds");
    directory.checkLanguageId(request.languageId, "languageId");
    directory.checkPriority(request.priority, "priority");
    return queue;
  };

  const enqueueWith = (conversation: ConversationModel, request: AcdRequest): void => {
    const queue = checkAcdRequest(request);
    conversation.scoredAgents = [];
    conversation.declinedBy.clear();
    if (request.skillIds !== undefined) conversation.skillIds = [...request.skillIds];
    if (request.languageId !== undefined) conversation.languageId = request.languageId;
    if (request.priority !== undefined) conversation.priority = request.priority;
    // A customer who waits in a queue may give up; one talking to a bot had no reason to.
    if (conversation.timers.abandon === undefined && options.meanPatienceMs > 0) {
      conversation.timers.abandon = clock.schedule(deps.behaviour.exponential(options.meanPatienceMs), () => {
        conversation.timers.abandon = undefined;
        lifecycle.abandon(conversation);
      });
    }
    lifecycle.enqueue(conversation, queue);
  };

  /** The customer leaves: everyone else is disconnected and the conversation ends. */
  const dropCustomer = (conversation: ConversationModel, customer: ParticipantModel): void => {
    lifecycle.disconnect(customer, "transfer");
    if (conversation.state === "waiting" || conversation.state === "alerting") {
      lifecycle.abandon(conversation);
      return;
    }
    for (const participant of conversation.participants) {
      if (participant.purpose === "workflow") lifecycle.disconnect(participant, "peer");
    }
    lifecycle.endConversation(conversation, "customer", false);
  };

  /** The participant that held the conversation lets go of it (its leg ends with disconnectType transfer). */
  const release = (conversation: ConversationModel, participant: ParticipantModel): void => {
    if (participant.purpose === "agent") {
      clock.cancel(conversation.timers.handle);
      conversation.timers.handle = undefined;
      lifecycle.endAgentSegment(conversation, participant, "transfer", false, false);
      return;
    }
    if (participant.purpose === "acd") {
      lifecycle.withdrawOffer(conversation, "withdrawn");
      clock.cancel(conversation.timers.route);
      conversation.timers.route = undefined;
      lifecycle.leaveQueue(conversation);
      lifecycle.disconnect(participant, "transfer");
      metrics.emit(conversation, "nTransferred", 1, { queueId: participant.queueId });
      return;
    }
    lifecycle.disconnect(participant, "transfer");
  };

  return {
    checkAcdRequest,
    enqueueWith,
    replaceParticipant(conversationId, participantId, target) {
      const conversation = directory.requireConversation(conversationId);
      const participant = conversation.participants.find((p) => p.id === participantId);
      if (participant === undefined) {
        throw new ContactCentreError("not-found", `Participant ${participantId} not found`, {
          entityId: participantId,
        });
      }
      if (participant.mediaState !== "connected" || conversation.state === "ended") {
        throw new ContactCentreError("not-connected", `Participant ${participantId} is not connected`, {
          entityId: participantId,
        });
      }
      if ("queueId" in target) checkAcdRequest({ queueId: target.queueId });
      const targetAgent = "userId" in target ? directory.agents.get(target.userId) : undefined;
      if ("userId" in target) {
        if (targetAgent === undefined) {
          throw new ContactCentreError("unknown-reference", `User ${target.userId} does not exist`, {
            field: "userId",
            entityId: target.userId,
          });
        }
        if (!deps.isFree(targetAgent)) {
          throw new ContactCentreError(
            "invalid-status",
            `User ${targetAgent.name} cannot take a conversation (${targetAgent.status})`,
            { entityId: target.userId },
          );
        }
      }
      if (participant.purpose === "customer") {
        dropCustomer(conversation, participant);
        return;
      }
      release(conversation, participant);
      if ("queueId" in target) {
        enqueueWith(conversation, { queueId: target.queueId });
      } else if (targetAgent !== undefined) {
        conversation.state = "waiting";
        lifecycle.offer(conversation, targetAgent, "transfer");
      }
    },
  };
}
