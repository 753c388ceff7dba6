import type { MetricStore } from "../analytics/metric-store.js";
import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import { drawArrival } from "./arrivals.js";
import { ContactCentreError } from "./contact-centre-error.js";
import type { ResolvedContactCentreOptions } from "./contact-centre-options.js";
import { createDirectory, PRIORITY_LIMIT } from "./directory.js";
import { createContactCentreEvents } from "./event-publisher.js";
import { createConversationLifecycle } from "./lifecycle.js";
import { createMetricsRecorder } from "./metrics-recorder.js";
import type {
  AgentModel,
  ConversationModel,
  EntityState,
  LanguageModel,
  MediaType,
  QueueModel,
  ScoredAgent,
  SkillModel,
} from "./model.js";
import { generateOrganisation, type Organisation } from "./organisation.js";
import { isSystemPresence, ON_QUEUE, SYSTEM_PRESENCES, type SystemPresence } from "./presence.js";

export { PRIORITY_LIMIT };

export interface ContactCentreRandomness {
  organisation: RandomStream;
  arrivals: RandomStream;
  behaviour: RandomStream;
  ids: RandomStream;
  surveys: RandomStream;
}

export interface ContactCentreDependencies {
  clock: Clock;
  options: ResolvedContactCentreOptions;
  random: ContactCentreRandomness;
  publish: (topic: string, eventBody: unknown) => void;
  conversationMetrics: MetricStore;
  surveyMetrics: MetricStore;
}

export interface CreateConversationInput {
  queueId: string;
  mediaType?: MediaType;
  skillIds?: string[];
  languageId?: string;
  priority?: number;
}

export interface RoutingAttributesPatch {
  priority?: number;
  skillIds?: string[];
  languageId?: string;
  scoredAgents?: ScoredAgent[];
}

export type TransferTarget = { queueId: string } | { userId: string };

export interface SkillChange {
  skillId: string;
  proficiency: number;
  state?: EntityState;
}

export interface ContactCentre {
  readonly organisation: Organisation;
  queue(id: string): QueueModel | undefined;
  agent(id: string): AgentModel | undefined;
  skill(id: string): SkillModel | undefined;
  language(id: string): LanguageModel | undefined;
  conversation(id: string): ConversationModel | undefined;
  conversations(): ConversationModel[];
  arrivalsPerMinute(): number;
  setArrivalRate(perMinute: number): void;
  createConversation(input: CreateConversationInput): ConversationModel;
  updateRoutingAttributes(conversationId: string, patch: RoutingAttributesPatch): ConversationModel;
  assign(conversationId: string, userId: string): void;
  replaceParticipant(conversationId: string, participantId: string, target: TransferTarget): void;
  setParticipantState(
    conversationId: string,
    participantId: string,
    state: "connected" | "disconnected",
    wrapupSkipped: boolean,
  ): void;
  /** "merge" adds or updates the given skills; "replace" makes them the agent's only skills. */
  changeSkills(userId: string, changes: readonly SkillChange[], mode: "merge" | "replace"): AgentModel;
  removeSkill(userId: string, skillId: string): AgentModel;
  /**
   * The agent's presence changes (`v2.users.{id}.activity`). Going On Queue makes an off-queue agent IDLE;
   * leaving it makes a free agent OFF_QUEUE at once, a busy one when the conversation's work is done.
   */
  setPresence(userId: string, systemPresence: string): AgentModel;
  /** The agent joins (true) or leaves (false) the queue (`v2.routing.queues.{id}.users`); idempotent. */
  setQueueMembership(userId: string, queueId: string, joined: boolean): AgentModel;
  dispose(): void;
}

/** Genesys accepts up to 20 agent-score pairs per request (100 on request). */
export const MAX_SCORED_AGENTS = 20;

export function createContactCentre(deps: ContactCentreDependencies): ContactCentre {
  const { clock, options, random } = deps;
  const organisation = generateOrganisation(options, random.organisation, clock.now());
  const directory = createDirectory(organisation);
  const { queues, agents, skills, languages, conversations } = directory;
  const events = createContactCentreEvents({
    clock,
    publish: deps.publish,
    alertingTimeoutMs: options.alertingTimeoutMs,
    catalogue: { skill: (id) => skills.get(id), language: (id) => languages.get(id) },
  });
  const metrics = createMetricsRecorder({
    clock,
    conversationMetrics: deps.conversationMetrics,
    surveyMetrics: deps.surveyMetrics,
    surveys: random.surveys,
    surveyResponseRate: options.surveyResponseRate,
  });
  const lifecycle = createConversationLifecycle({
    clock,
    options,
    ids: random.ids,
    behaviour: random.behaviour,
    directory,
    events,
    metrics,
  });
  let arrivalRate = options.arrivalsPerMinute;
  let arrivalTimer: number | undefined;
  let customerCounter = 0;
  let disposed = false;

  // ---- arrivals ---------------------------------------------------------------------------------------

  const scheduleNextArrival = (): void => {
    clock.cancel(arrivalTimer);
    arrivalTimer = undefined;
    if (arrivalRate <= 0 || disposed) return;
    const gap = random.arrivals.exponential(60_000 / arrivalRate);
    arrivalTimer = clock.schedule(gap, () => {
      arrivalTimer = undefined;
      const { languageId, ...request } = drawArrival(random.arrivals, organisation, options);
      createConversation({ ...request, ...(languageId === undefined ? {} : { languageId }) });
      scheduleNextArrival();
    });
  };

  const isFree = (agent: AgentModel): boolean =>
    agent.status === "IDLE" && agent.conversationId === undefined;

  // ---- operations -------------------------------------------------------------------------------------

  const createConversation = (input: CreateConversationInput): ConversationModel => {
    const queue = queues.get(input.queueId);
    if (queue === undefined) {
      throw new ContactCentreError("unknown-reference", `Queue ${input.queueId} does not exist`, {
        field: "queueId",
        entityId: input.queueId,
      });
    }
    const skillIds = [...(input.skillIds ?? [])];
    directory.checkSkillIds(skillIds, "skillIds");
    directory.checkLanguageId(input.languageId, "languageId");
    directory.checkPriority(input.priority, "priority");
    const now = clock.now();
    customerCounter += 1;
    const conversation: ConversationModel = {
      id: random.ids.uuid(),
      mediaType: input.mediaType ?? "call",
      arrivedAt: now,
      queueId: queue.id,
      queuedAt: now,
      routeAt: now,
      priority: input.priority ?? 0,
      skillIds,
      languageId: input.languageId,
      scoredAgents: [],
      state: "waiting",
      participants: [],
      declinedBy: new Set(),
      offers: [],
      timers: { route: undefined, answer: undefined, handle: undefined, abandon: undefined },
      endedAt: undefined,
    };
    conversations.set(conversation.id, conversation);
    lifecycle.addParticipant(conversation, "customer", {
      name: `Customer ${customerCounter}`,
      connected: true,
    });
    if (options.meanPatienceMs > 0) {
      conversation.timers.abandon = clock.schedule(
        random.behaviour.exponential(options.meanPatienceMs),
        () => {
          conversation.timers.abandon = undefined;
          lifecycle.abandon(conversation);
        },
      );
    }
    lifecycle.enqueue(conversation, queue);
    return conversation;
  };

  const afterRoutingDataChange = (): void => lifecycle.dispatch();

  const changeSkills = (
    userId: string,
    changes: readonly SkillChange[],
    mode: "merge" | "replace",
  ): AgentModel => {
    const agent = directory.requireAgent(userId);
    changes.forEach((change, index) => {
      if (!skills.has(change.skillId)) {
        throw new ContactCentreError("unknown-reference", `Skill ${change.skillId} does not exist`, {
          field: `[${index}].id`,
          entityId: change.skillId,
        });
      }
    });
    if (mode === "replace") agent.skills.clear();
    for (const change of changes) {
      const previous = agent.skills.get(change.skillId);
      agent.skills.set(change.skillId, {
        proficiency: change.proficiency,
        state: change.state ?? previous?.state ?? "active",
      });
    }
    afterRoutingDataChange();
    return agent;
  };

  const setStatus = (agent: AgentModel, status: AgentModel["status"]): void => {
    agent.status = status;
    agent.statusSince = clock.now();
  };

  const setPresence = (userId: string, systemPresence: string): AgentModel => {
    const agent = directory.requireAgent(userId);
    if (!isSystemPresence(systemPresence)) {
      throw new ContactCentreError(
        "invalid-value",
        `systemPresence must be one of: ${SYSTEM_PRESENCES.join(", ")}`,
        { field: "systemPresence" },
      );
    }
    const presence: SystemPresence = systemPresence;
    if (agent.presence === presence) return agent;
    agent.presence = presence;
    agent.presenceSince = clock.now();
    if (presence === ON_QUEUE && agent.status === "OFF_QUEUE") setStatus(agent, "IDLE");
    if (presence !== ON_QUEUE && agent.status === "IDLE" && agent.conversationId === undefined) {
      setStatus(agent, "OFF_QUEUE");
    }
    events.agentStatus(agent);
    lifecycle.dispatch();
    return agent;
  };

  const setQueueMembership = (userId: string, queueId: string, joined: boolean): AgentModel => {
    const agent = directory.requireAgent(userId);
    const queue = queues.get(queueId);
    if (queue === undefined) {
      throw new ContactCentreError("unknown-reference", `Queue ${queueId} does not exist`, {
        field: "queueId",
        entityId: queueId,
      });
    }
    if (agent.queueIds.includes(queueId) === joined) return agent;
    if (joined) {
      agent.queueIds.push(queueId);
      queue.memberIds.push(agent.id);
    } else {
      agent.queueIds.splice(agent.queueIds.indexOf(queueId), 1);
      queue.memberIds.splice(queue.memberIds.indexOf(agent.id), 1);
    }
    agent.queuesChangedAt = clock.now();
    events.membership(agent, queueId, joined);
    if (joined) lifecycle.dispatch();
    return agent;
  };

  scheduleNextArrival();

  return {
    organisation,
    queue: (id) => queues.get(id),
    agent: (id) => agents.get(id),
    skill: (id) => skills.get(id),
    language: (id) => languages.get(id),
    conversation: (id) => conversations.get(id),
    conversations: () => [...conversations.values()],
    arrivalsPerMinute: () => arrivalRate,
    setArrivalRate(perMinute) {
      if (!Number.isFinite(perMinute) || perMinute < 0) {
        throw new ContactCentreError("invalid-value", "perMinute must be a finite number >= 0", {
          field: "perMinute",
        });
      }
      arrivalRate = perMinute;
      scheduleNextArrival();
    },
    createConversation,
    updateRoutingAttributes(conversationId, patch) {
      const conversation = directory.requireConversation(conversationId);
      if (conversation.state === "ended") {
        throw new ContactCentreError("not-found", `Conversation ${conversationId} has ended`, {
          entityId: conversationId,
        });
      }
      if (conversation.state === "connected") {
        throw new ContactCentreError(
          "invalid-status",
          `Conversation ${conversationId} is no longer in queue: an agent is connected`,
          { entityId: conversationId },
        );
      }
      if (patch.skillIds !== undefined) directory.checkSkillIds(patch.skillIds, "skillIds");
      directory.checkLanguageId(patch.languageId, "languageId");
      directory.checkPriority(patch.priority, "priority");
      patch.scoredAgents?.forEach((entry, index) => {
        if (!agents.has(entry.userId)) {
          throw new ContactCentreError("unknown-reference", `User ${entry.userId} does not exist`, {
            field: `requestScoredAgents[${index}].id`,
            entityId: entry.userId,
          });
        }
      });
      if (patch.priority !== undefined) conversation.priority = patch.priority;
      if (patch.skillIds !== undefined) conversation.skillIds = [...patch.skillIds];
      if (patch.languageId !== undefined) conversation.languageId = patch.languageId;
      if (patch.scoredAgents !== undefined) {
        conversation.scoredAgents = [...patch.scoredAgents];
        // The external decision has arrived: no reason to keep waiting for it.
        if (conversation.state === "waiting") conversation.routeAt = clock.now();
      }
      events.conversation(conversation);
      if (conversation.state === "waiting") lifecycle.scheduleRouting(conversation);
      else lifecycle.dispatch();
      return conversation;
    },
    assign(conversationId, userId) {
      const conversation = directory.requireConversation(conversationId);
      if (conversation.state === "ended" || conversation.state === "connected") {
        throw new ContactCentreError(
          "invalid-status",
          `Conversation ${conversationId} is not waiting in a queue`,
          {
            entityId: conversationId,
          },
        );
      }
      const queue = queues.get(conversation.queueId);
      if (queue !== undefined && !queue.manualAssignmentEnabled) {
        throw new ContactCentreError(
          "manual-assignment-disabled",
          `Queue ${queue.name} does not allow manual assignment`,
          {
            entityId: queue.id,
          },
        );
      }
      const agent = agents.get(userId);
      if (agent === undefined) {
        throw new ContactCentreError("unknown-reference", `User ${userId} does not exist`, {
          field: "id",
          entityId: userId,
        });
      }
      if (agent.conversationId === conversation.id) return;
      if (!isFree(agent)) {
        throw new ContactCentreError(
          "invalid-status",
          `User ${agent.name} cannot take a conversation (${agent.status})`,
          {
            entityId: userId,
          },
        );
      }
      lifecycle.withdrawOffer(conversation, "withdrawn");
      lifecycle.offer(conversation, agent, "assign");
    },
    replaceParticipant(conversationId, participantId, target) {
      const conversation = directory.requireConversation(conversationId);
      if (conversation.mediaType !== "message") {
        throw new ContactCentreError("not-found", `Message conversation ${conversationId} not found`, {
          entityId: conversationId,
        });
      }
      const participant = conversation.participants.find((p) => p.id === participantId);
      if (participant === undefined) {
        throw new ContactCentreError("not-found", `Participant ${participantId} not found`, {
          entityId: participantId,
        });
      }
      if (participant.purpose === "customer") {
        throw new ContactCentreError("invalid-status", "The customer participant cannot be transferred", {
          entityId: participantId,
        });
      }
      if (participant.mediaState !== "connected" || conversation.state === "ended") {
        throw new ContactCentreError("not-connected", `Participant ${participantId} is not connected`, {
          entityId: participantId,
        });
      }
      const targetQueue = "queueId" in target ? queues.get(target.queueId) : undefined;
      if ("queueId" in target && targetQueue === undefined) {
        throw new ContactCentreError("unknown-reference", `Queue ${target.queueId} does not exist`, {
          field: "queueId",
          entityId: target.queueId,
        });
      }
      const targetAgent = "userId" in target ? agents.get(target.userId) : undefined;
      if ("userId" in target) {
        if (targetAgent === undefined) {
          throw new ContactCentreError("unknown-reference", `User ${target.userId} does not exist`, {
            field: "userId",
            entityId: target.userId,
          });
        }
        if (!isFree(targetAgent)) {
          throw new ContactCentreError(
            "invalid-status",
            `User ${targetAgent.name} cannot take a conversation (${targetAgent.status})`,
            { entityId: target.userId },
          );
        }
      }
      if (participant.purpose === "agent") {
        clock.cancel(conversation.timers.handle);
        conversation.timers.handle = undefined;
        lifecycle.endAgentSegment(conversation, participant, "transfer", false, false);
      } else {
        lifecycle.withdrawOffer(conversation, "withdrawn");
        clock.cancel(conversation.timers.route);
        conversation.timers.route = undefined;
        lifecycle.leaveQueue(conversation);
        lifecycle.disconnect(participant, "transfer");
        metrics.emit(conversation, "nTransferred", 1, { queueId: participant.queueId });
        events.detail(conversation, participant, "acd.end", { acdOutcome: "TRANSFER" });
      }
      if (targetQueue !== undefined) {
        conversation.scoredAgents = [];
        conversation.declinedBy.clear();
        lifecycle.enqueue(conversation, targetQueue);
      } else if (targetAgent !== undefined) {
        conversation.state = "waiting";
        lifecycle.offer(conversation, targetAgent, "transfer");
      }
    },
    setParticipantState(conversationId, participantId, state, wrapupSkipped) {
      const conversation = directory.requireConversation(conversationId);
      const participant = conversation.participants.find((p) => p.id === participantId);
      if (participant === undefined) {
        throw new ContactCentreError("not-found", `Participant ${participantId} not found`, {
          entityId: participantId,
        });
      }
      if (participant.mediaState === "disconnected") {
        if (state === "disconnected") return;
        throw new ContactCentreError(
          "invalid-status",
          `Participant ${participantId} is already disconnected`,
          {
            entityId: participantId,
          },
        );
      }
      if (state === "connected") {
        if (participant.purpose === "agent" && participant.mediaState === "alerting")
          lifecycle.answer(conversation);
        return;
      }
      if (participant.purpose === "agent") {
        if (participant.mediaState === "alerting") {
          lifecycle.withdrawOffer(conversation, "declined");
          conversation.routeAt = clock.now();
          events.conversation(conversation);
          lifecycle.dispatch();
        } else {
          lifecycle.endConversation(conversation, "agent", wrapupSkipped);
        }
        return;
      }
      if (conversation.state === "connected") lifecycle.endConversation(conversation, "customer", false);
      else lifecycle.abandon(conversation);
    },
    changeSkills,
    removeSkill(userId, skillId) {
      const agent = directory.requireAgent(userId);
      if (!agent.skills.delete(skillId)) {
        throw new ContactCentreError("not-found", `User ${userId} has no skill ${skillId}`, {
          entityId: skillId,
        });
      }
      afterRoutingDataChange();
      return agent;
    },
    setPresence,
    setQueueMembership,
    dispose() {
      disposed = true;
      clock.cancel(arrivalTimer);
      lifecycle.dispose();
    },
  };
}
