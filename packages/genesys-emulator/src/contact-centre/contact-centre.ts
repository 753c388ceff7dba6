import type { MetricStore } from "../analytics/metric-store.js";
import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import { drawArrival } from "./arrivals.js";
import { ContactCentreError } from "./contact-centre-error.js";
import type { ResolvedContactCentreOptions, ServiceLevelModel } from "./contact-centre-options.js";
import { createDirectory, PRIORITY_LIMIT } from "./directory.js";
import { type ContactCentreEvents, createContactCentreEvents } from "./event-publisher.js";
import { createFlowConversations, type FlowConversations } from "./flow-conversations.js";
import { createConversationLifecycle } from "./lifecycle.js";
import { createMetricsRecorder } from "./metrics-recorder.js";
import type {
  AgentModel,
  ConversationModel,
  EntityState,
  LanguageModel,
  MediaType,
  QueueModel,
  RoutingRuleModel,
  ScoredAgent,
  SkillModel,
} from "./model.js";
import { generateOrganisation, type Organisation } from "./organisation.js";
import { createParticipantReplace, type TransferTarget } from "./participant-replace.js";
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
  /** A skill expression to route by: shown on the acd participant and in analytics, not evaluated. */
  skillExpressionId?: string;
  priority?: number;
  /**
   * A callback booked for later (ISO-8601, `mediaType: "callback"` only): it waits `scheduled`, not
   * routed, until then (`Callback.callbackScheduledTime`).
   */
  callbackScheduledTime?: string;
}

export interface RoutingAttributesPatch {
  priority?: number;
  skillIds?: string[];
  languageId?: string;
  scoredAgents?: ScoredAgent[];
}

export type { TransferTarget };

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
  /** The queue's preferred agent routing rules (`Queue.routingRules`); [] = it ignores scores. */
  routingRules(queueId: string): readonly RoutingRuleModel[];
  /** The queue's service level target (`Queue.mediaSettings.<media>.serviceLevel`). */
  serviceLevel(queueId: string): ServiceLevelModel;
  arrivalsPerMinute(): number;
  setArrivalRate(perMinute: number): void;
  createConversation(input: CreateConversationInput): ConversationModel;
  updateRoutingAttributes(conversationId: string, patch: RoutingAttributesPatch): ConversationModel;
  assign(conversationId: string, userId: string): void;
  /** Replace acts on the participant named and disconnects it (participant-replace.ts). */
  replaceParticipant(conversationId: string, participantId: string, target: TransferTarget): void;
  /** Conversations an Architect flow holds until Transfer to ACD (flow-conversations.ts). */
  readonly flows: FlowConversations;
  setParticipantState(
    conversationId: string,
    participantId: string,
    state: "connected" | "disconnected",
    wrapupSkipped: boolean,
  ): void;
  /** Adds or updates the given skills; the agent's other skills stay. */
  changeSkills(userId: string, changes: readonly SkillChange[]): AgentModel;
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

/**
 * Genesys sends the conversation again on every change, and a notification may arrive more than once: with
 * `duplicateConversationEvents` every conversation event is published twice, for tests of deduplication.
 */
function withDuplicatedConversations(events: ContactCentreEvents, duplicate: boolean): ContactCentreEvents {
  if (!duplicate) return events;
  return {
    ...events,
    conversation(conversation) {
      events.conversation(conversation);
      events.conversation(conversation);
    },
  };
}

function parseScheduledTime(input: CreateConversationInput, now: number): number | undefined {
  if (input.callbackScheduledTime === undefined) return undefined;
  if ((input.mediaType ?? "call") !== "callback") {
    throw new ContactCentreError("invalid-value", "callbackScheduledTime needs mediaType callback", {
      field: "callbackScheduledTime",
    });
  }
  const at = Date.parse(input.callbackScheduledTime);
  if (!Number.isFinite(at)) {
    throw new ContactCentreError("invalid-value", "callbackScheduledTime must be an ISO-8601 date-time", {
      field: "callbackScheduledTime",
    });
  }
  // A time already past is "placed immediately", as a callback with no scheduled time.
  return at > now ? at : undefined;
}

export function createContactCentre(deps: ContactCentreDependencies): ContactCentre {
  const { clock, options, random } = deps;
  const organisation = generateOrganisation(options, random.organisation, clock.now());
  const directory = createDirectory(organisation);
  const { queues, agents, skills, languages, conversations } = directory;
  const routingRulesByQueue = new Map<string, readonly RoutingRuleModel[]>(
    organisation.queues.map((queue) => [
      queue.id,
      Object.freeze([...(options.routingRulesByQueue[queue.name] ?? options.routingRules)]),
    ]),
  );
  const routingRules = (queueId: string): readonly RoutingRuleModel[] =>
    routingRulesByQueue.get(queueId) ?? [];
  const serviceLevelsByQueue = new Map<string, ServiceLevelModel>(
    organisation.queues.map((queue) => [
      queue.id,
      Object.freeze({ ...(options.serviceLevelByQueue[queue.name] ?? options.serviceLevel) }),
    ]),
  );
  const serviceLevel = (queueId: string): ServiceLevelModel =>
    serviceLevelsByQueue.get(queueId) ?? options.serviceLevel;
  const events = withDuplicatedConversations(
    createContactCentreEvents({
      clock,
      publish: deps.publish,
      alertingTimeoutMs: options.alertingTimeoutMs,
      catalogue: { skill: (id) => skills.get(id), language: (id) => languages.get(id) },
    }),
    options.duplicateConversationEvents,
  );
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
    routingRules,
    serviceLevel,
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
  const participantReplace = createParticipantReplace({
    clock,
    options,
    behaviour: random.behaviour,
    directory,
    lifecycle,
    metrics,
    isFree,
  });
  const nextCustomerName = (): string => {
    customerCounter += 1;
    return `Customer ${customerCounter}`;
  };
  const flows = createFlowConversations({
    clock,
    ids: random.ids,
    directory,
    lifecycle,
    replace: participantReplace,
    nextCustomerName,
  });

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
    const callbackScheduledAt = parseScheduledTime(input, now);
    const customerName = nextCustomerName();
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
      skillExpressionId: input.skillExpressionId,
      callbackScheduledAt,
      scoredAgents: [],
      state: "waiting",
      participants: [],
      declinedBy: new Set(),
      offers: [],
      timers: {
        activate: undefined,
        route: undefined,
        answer: undefined,
        handle: undefined,
        abandon: undefined,
      },
      endedAt: undefined,
    };
    conversations.set(conversation.id, conversation);
    lifecycle.addParticipant(conversation, "customer", {
      name: customerName,
      ...(callbackScheduledAt === undefined
        ? { connected: true }
        : { connected: "scheduled", scheduledFor: callbackScheduledAt }),
    });
    // A scheduled callback's patience starts when it starts waiting (the lifecycle draws it then).
    if (options.meanPatienceMs > 0 && callbackScheduledAt === undefined) {
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

  const changeSkills = (userId: string, changes: readonly SkillChange[]): AgentModel => {
    const agent = directory.requireAgent(userId);
    changes.forEach((change, index) => {
      if (!skills.has(change.skillId)) {
        throw new ContactCentreError("unknown-reference", `Skill ${change.skillId} does not exist`, {
          field: `[${index}].id`,
          entityId: change.skillId,
        });
      }
    });
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
    routingRules,
    serviceLevel,
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
      if (
        conversation.state === "ended" ||
        conversation.state === "connected" ||
        conversation.state === "scheduled"
      ) {
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
    replaceParticipant: (conversationId, participantId, target) =>
      participantReplace.replaceParticipant(conversationId, participantId, target),
    flows,
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
      if (conversation.state === "in-flow") flows.customerLeft(conversation, participant);
      else if (conversation.state === "connected") lifecycle.endConversation(conversation, "customer", false);
      else lifecycle.abandon(conversation);
    },
    changeSkills,
    setPresence,
    setQueueMembership,
    dispose() {
      disposed = true;
      clock.cancel(arrivalTimer);
      lifecycle.dispose();
    },
  };
}
