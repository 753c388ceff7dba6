import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import { selectAgent } from "./agent-selection.js";
import type { ResolvedContactCentreOptions, ServiceLevelModel } from "./contact-centre-options.js";
import type { Directory } from "./directory.js";
import type { ContactCentreEvents } from "./event-publisher.js";
import type { MetricsRecorder } from "./metrics-recorder.js";
import type {
  AgentModel,
  ConversationModel,
  DisconnectType,
  OfferReason,
  ParticipantModel,
  ParticipantPurpose,
  QueueModel,
  RoutingRuleModel,
  RoutingStatusName,
} from "./model.js";
import { ON_QUEUE } from "./presence.js";

/** Ended conversations kept for lookups and snapshots; older ones are forgotten (metrics stay). */
const ENDED_CONVERSATIONS_KEPT = 5000;
const MIN_HANDLE_MS = 5000;

export interface LifecycleDependencies {
  clock: Clock;
  options: ResolvedContactCentreOptions;
  ids: RandomStream;
  behaviour: RandomStream;
  directory: Directory;
  events: ContactCentreEvents;
  metrics: MetricsRecorder;
  /** A queue's preferred agent routing rules (none: it ignores scores). */
  routingRules: (queueId: string) => readonly RoutingRuleModel[];
  /** A queue's service level target, which `oServiceLevel` is measured against. */
  serviceLevel: (queueId: string) => ServiceLevelModel;
}

/**
 * How a conversation moves: queue -> offer (alerting) -> answer (connected) -> end -> after-call work, with
 * abandonment, declines, withdrawals and transfers. Every step publishes its events and emits its metrics.
 */
export interface ConversationLifecycle {
  addParticipant(
    conversation: ConversationModel,
    purpose: ParticipantPurpose,
    details: ParticipantDetails,
  ): ParticipantModel;
  disconnect(participant: ParticipantModel, disconnectType: DisconnectType): void;
  /** The participant of that purpose that has not disconnected yet. */
  live(conversation: ConversationModel, purpose: ParticipantPurpose): ParticipantModel | undefined;
  /**
   * Puts the conversation in the queue (a new acd participant) and routes it after the routing delay; a
   * callback booked for later waits `scheduled` until its time first.
   */
  enqueue(conversation: ConversationModel, queue: QueueModel): void;
  /** Takes it out of the waiting line without routing it (it is about to be transferred). */
  leaveQueue(conversation: ConversationModel): void;
  /** Offers every waiting conversation whose routing time has come to the agent the rules pick. */
  dispatch(): void;
  /** Routes at conversation.routeAt (at once when that has passed). */
  scheduleRouting(conversation: ConversationModel): void;
  offer(conversation: ConversationModel, agent: AgentModel, reason: OfferReason): void;
  withdrawOffer(conversation: ConversationModel, outcome: "declined" | "withdrawn"): void;
  answer(conversation: ConversationModel): void;
  endAgentSegment(
    conversation: ConversationModel,
    participant: ParticipantModel,
    disconnectType: DisconnectType,
    skipWrapUp: boolean,
    surveyed: boolean,
  ): void;
  endConversation(conversation: ConversationModel, by: "customer" | "agent", skipWrapUp: boolean): void;
  abandon(conversation: ConversationModel): void;
  cancelTimers(conversation: ConversationModel): void;
  dispose(): void;
}

export interface ParticipantDetails {
  name: string;
  userId?: string;
  queueId?: string;
  /** connected (true), alerting (false), or a scheduled callback's leg. */
  connected: boolean | "scheduled";
  scheduledFor?: number;
}

export function createConversationLifecycle(deps: LifecycleDependencies): ConversationLifecycle {
  const { clock, options, directory, events, metrics } = deps;
  const { queues, agents, conversations } = directory;
  const random = { ids: deps.ids, behaviour: deps.behaviour };
  const waiting = new Set<string>();
  const ended: string[] = [];
  let disposed = false;

  const setAgentStatus = (agent: AgentModel, status: RoutingStatusName): void => {
    agent.status = status;
    agent.statusSince = clock.now();
    events.agentStatus(agent);
  };

  /** Free again: IDLE when On Queue; an agent who went off queue meanwhile is OFF_QUEUE now. */
  const freeStatus = (agent: AgentModel): RoutingStatusName =>
    agent.presence === ON_QUEUE ? "IDLE" : "OFF_QUEUE";

  // ---- participants -----------------------------------------------------------------------------------

  const addParticipant = (
    conversation: ConversationModel,
    purpose: ParticipantPurpose,
    details: ParticipantDetails,
  ): ParticipantModel => {
    const now = clock.now();
    const participant: ParticipantModel = {
      id: random.ids.uuid(),
      purpose,
      name: details.name,
      userId: details.userId,
      queueId: details.queueId,
      mediaId: random.ids.uuid(),
      startTime: now,
      scheduledFor: details.scheduledFor,
      mediaState:
        details.connected === "scheduled" ? "scheduled" : details.connected ? "connected" : "alerting",
      connectedTime: details.connected === true ? now : undefined,
      endTime: undefined,
      disconnectType: undefined,
    };
    conversation.participants.push(participant);
    return participant;
  };

  const disconnect = (participant: ParticipantModel, disconnectType: DisconnectType): void => {
    if (participant.mediaState === "disconnected") return;
    participant.mediaState = "disconnected";
    participant.endTime = clock.now();
    participant.disconnectType = disconnectType;
  };

  const live = (conversation: ConversationModel, purpose: ParticipantPurpose): ParticipantModel | undefined =>
    conversation.participants.find((p) => p.purpose === purpose && p.mediaState !== "disconnected");

  const pendingOffer = (conversation: ConversationModel) =>
    [...conversation.offers].reverse().find((offer) => offer.outcome === "pending");

  // ---- queueing and routing ---------------------------------------------------------------------------

  const cancelTimers = (conversation: ConversationModel): void => {
    for (const key of ["activate", "route", "answer", "handle", "abandon"] as const) {
      clock.cancel(conversation.timers[key]);
      conversation.timers[key] = undefined;
    }
  };

  const forgetOldEnded = (): void => {
    while (ended.length > ENDED_CONVERSATIONS_KEPT) {
      const id = ended.shift();
      if (id !== undefined) conversations.delete(id);
    }
  };

  const finish = (conversation: ConversationModel): void => {
    conversation.state = "ended";
    conversation.endedAt = clock.now();
    waiting.delete(conversation.id);
    cancelTimers(conversation);
    ended.push(conversation.id);
    forgetOldEnded();
  };

  const dispatch = (): void => {
    if (disposed) return;
    const now = clock.now();
    const ready = [...waiting]
      .flatMap((id) => {
        const conversation = conversations.get(id);
        return conversation !== undefined && conversation.state === "waiting" && conversation.routeAt <= now
          ? [conversation]
          : [];
      })
      .sort(
        (a, b) =>
          b.priority - a.priority ||
          a.queuedAt - b.queuedAt ||
          a.arrivedAt - b.arrivedAt ||
          a.id.localeCompare(b.id),
      );
    for (const conversation of ready) {
      const queue = queues.get(conversation.queueId);
      if (queue === undefined) continue;
      const members = queue.memberIds.flatMap((id) => {
        const agent = agents.get(id);
        return agent === undefined ? [] : [agent];
      });
      const { choice, widensAtMs } = selectAgent(members, {
        ...conversation,
        routingRules: deps.routingRules(queue.id),
        msInQueue: now - conversation.queuedAt,
      });
      if (choice !== undefined) offer(conversation, choice.agent, choice.reason);
      else if (widensAtMs !== undefined) routeAgainAt(conversation, conversation.queuedAt + widensAtMs);
    }
  };

  /** A preferred agent rule runs out at `atMs`: the pool widens then, so routing runs again. */
  const routeAgainAt = (conversation: ConversationModel, atMs: number): void => {
    clock.cancel(conversation.timers.route);
    conversation.timers.route = clock.schedule(Math.max(0, atMs - clock.now()), () => {
      conversation.timers.route = undefined;
      dispatch();
    });
  };

  const scheduleRouting = (conversation: ConversationModel): void => {
    clock.cancel(conversation.timers.route);
    conversation.timers.route = undefined;
    const delay = conversation.routeAt - clock.now();
    if (delay <= 0) {
      dispatch();
      return;
    }
    conversation.timers.route = clock.schedule(delay, () => {
      conversation.timers.route = undefined;
      dispatch();
    });
  };

  /** The conversation starts waiting in its queue: routed after the routing delay. */
  const startWaiting = (conversation: ConversationModel, _acd: ParticipantModel): void => {
    const now = clock.now();
    conversation.queuedAt = now;
    conversation.routeAt = now + options.routingDelayMs;
    conversation.state = "waiting";
    waiting.add(conversation.id);
    metrics.emit(conversation, "nOffered", 1, { queueId: conversation.queueId });
    events.conversation(conversation);
    scheduleRouting(conversation);
  };

  const enqueue = (conversation: ConversationModel, queue: QueueModel): void => {
    const now = clock.now();
    conversation.queueId = queue.id;
    const scheduledFor = conversation.callbackScheduledAt;
    const firstQueue = !conversation.participants.some((participant) => participant.purpose === "acd");
    if (scheduledFor === undefined || scheduledFor <= now || !firstQueue) {
      const acd = addParticipant(conversation, "acd", {
        name: queue.name,
        queueId: queue.id,
        connected: true,
      });
      startWaiting(conversation, acd);
      return;
    }
    // A scheduled callback: its legs are `scheduled` (a Callback state of its own) until the booked time;
    // Genesys does not route it to an agent before then.
    conversation.queuedAt = now;
    conversation.state = "scheduled";
    const acd = addParticipant(conversation, "acd", {
      name: queue.name,
      queueId: queue.id,
      connected: "scheduled",
      scheduledFor,
    });
    events.conversation(conversation);
    conversation.timers.activate = clock.schedule(scheduledFor - now, () => {
      conversation.timers.activate = undefined;
      for (const participant of conversation.participants) {
        if (participant.mediaState !== "scheduled") continue;
        participant.mediaState = "connected";
        participant.connectedTime = clock.now();
      }
      // The customer's patience runs from when the callback starts waiting, not from its booking.
      if (options.meanPatienceMs > 0) {
        conversation.timers.abandon = clock.schedule(
          random.behaviour.exponential(options.meanPatienceMs),
          () => {
            conversation.timers.abandon = undefined;
            abandon(conversation);
          },
        );
      }
      startWaiting(conversation, acd);
    });
  };

  const offer = (conversation: ConversationModel, agent: AgentModel, reason: OfferReason): void => {
    clock.cancel(conversation.timers.route);
    conversation.timers.route = undefined;
    waiting.delete(conversation.id);
    conversation.state = "alerting";
    const _participant = addParticipant(conversation, "agent", {
      name: agent.name,
      userId: agent.id,
      queueId: conversation.queueId,
      connected: false,
    });
    conversation.offers.push({ userId: agent.id, at: clock.now(), reason, outcome: "pending" });
    agent.conversationId = conversation.id;
    events.conversation(conversation);
    setAgentStatus(agent, "INTERACTING");
    const answerDelay = options.meanAnswerDelayMs * (0.5 + random.behaviour.next());
    conversation.timers.answer = clock.schedule(answerDelay, () => {
      conversation.timers.answer = undefined;
      answer(conversation);
    });
  };

  /** Takes back an offer that is alerting (assign elsewhere, transfer, abandon); the agent is free again. */
  const withdrawOffer = (conversation: ConversationModel, outcome: "declined" | "withdrawn"): void => {
    const participant = live(conversation, "agent");
    if (participant === undefined || participant.mediaState !== "alerting") return;
    clock.cancel(conversation.timers.answer);
    conversation.timers.answer = undefined;
    disconnect(participant, outcome === "declined" ? "client" : "system");
    const pending = pendingOffer(conversation);
    if (pending !== undefined) pending.outcome = outcome;
    metrics.emit(conversation, "tAlert", clock.now() - participant.startTime, {
      queueId: participant.queueId,
      userId: participant.userId,
    });
    const agent = participant.userId === undefined ? undefined : agents.get(participant.userId);
    if (agent !== undefined && agent.conversationId === conversation.id) {
      agent.conversationId = undefined;
      setAgentStatus(agent, freeStatus(agent));
    }
    if (outcome === "declined" && participant.userId !== undefined)
      conversation.declinedBy.add(participant.userId);
    conversation.state = "waiting";
    waiting.add(conversation.id);
  };

  const drawHandleMs = (agent: AgentModel): number => {
    // Erlang-2: fewer near-zero and extreme handle times than a plain exponential.
    const mean = options.meanHandleTimeMs / 2;
    const drawn = (random.behaviour.exponential(mean) + random.behaviour.exponential(mean)) * agent.pace;
    return Math.max(MIN_HANDLE_MS, Math.round(drawn));
  };

  // Service level = (answered - answered that missed the target) / (answered + abandoned) with the default
  // analytics options (abandons included, flow-outs not): help "Configure the service level calculation",
  // https://help.mypurecloud.com/articles/configure-the-service-level-calculation/. Short abandons are not
  // modelled: every abandon counts as a miss.
  const emitServiceLevel = (conversation: ConversationModel, withinTarget: boolean): void => {
    metrics.serviceLevel(
      conversation,
      conversation.queueId,
      withinTarget,
      deps.serviceLevel(conversation.queueId),
    );
  };

  const answer = (conversation: ConversationModel): void => {
    const participant = live(conversation, "agent");
    if (participant === undefined || participant.mediaState !== "alerting") return;
    const agent = participant.userId === undefined ? undefined : agents.get(participant.userId);
    if (agent === undefined) return;
    const now = clock.now();
    clock.cancel(conversation.timers.answer);
    conversation.timers.answer = undefined;
    clock.cancel(conversation.timers.abandon);
    conversation.timers.abandon = undefined;
    participant.mediaState = "connected";
    participant.connectedTime = now;
    const acd = live(conversation, "acd");
    if (acd !== undefined) disconnect(acd, "transfer");
    conversation.state = "connected";
    const pending = pendingOffer(conversation);
    if (pending !== undefined) pending.outcome = "answered";
    const scope = { queueId: conversation.queueId, userId: agent.id };
    metrics.emit(conversation, "tAlert", now - participant.startTime, scope);
    metrics.emit(conversation, "tAnswered", now - conversation.queuedAt, scope);
    metrics.emit(conversation, "nConnected", 1, scope);
    metrics.emit(conversation, "tAcd", now - conversation.queuedAt, { queueId: conversation.queueId });
    emitServiceLevel(
      conversation,
      now - conversation.queuedAt <= deps.serviceLevel(conversation.queueId).durationMs,
    );
    events.conversation(conversation);
    conversation.timers.handle = clock.schedule(drawHandleMs(agent), () => {
      conversation.timers.handle = undefined;
      endConversation(conversation, "customer", false);
    });
  };

  /**
   * An agent segment is over (hang-up or transfer). The agent does after-call work (still INTERACTING)
   * and then becomes IDLE; tHandle = talk + after-call work is emitted when that work ends.
   */
  const releaseAgent = (
    conversation: ConversationModel,
    agent: AgentModel,
    talkMs: number,
    skipWrapUp: boolean,
    surveyed: boolean,
  ): void => {
    const queueId = conversation.queueId;
    agent.conversationId = undefined;
    const wrapUpMs = skipWrapUp ? 0 : options.wrapUpMs;
    const completeWork = (): void => {
      agent.wrapUpTimer = undefined;
      if (wrapUpMs > 0) metrics.emit(conversation, "tAcw", wrapUpMs, { queueId, userId: agent.id });
      metrics.emit(conversation, "tHandle", talkMs + wrapUpMs, { queueId, userId: agent.id });
      if (surveyed) metrics.survey(conversation, agent, queueId);
      if (agent.status === "INTERACTING") setAgentStatus(agent, freeStatus(agent));
      dispatch();
    };
    if (wrapUpMs > 0) agent.wrapUpTimer = clock.schedule(wrapUpMs, completeWork);
    else completeWork();
  };

  const endAgentSegment = (
    conversation: ConversationModel,
    participant: ParticipantModel,
    disconnectType: DisconnectType,
    skipWrapUp: boolean,
    surveyed: boolean,
  ): void => {
    disconnect(participant, disconnectType);
    const agent = participant.userId === undefined ? undefined : agents.get(participant.userId);
    const talkMs = clock.now() - (participant.connectedTime ?? clock.now());
    metrics.emit(conversation, "tTalk", talkMs, { queueId: participant.queueId, userId: participant.userId });
    if (disconnectType === "transfer") {
      metrics.emit(conversation, "nTransferred", 1, {
        queueId: participant.queueId,
        userId: participant.userId,
      });
    }
    if (agent !== undefined) releaseAgent(conversation, agent, talkMs, skipWrapUp, surveyed);
  };

  const endConversation = (
    conversation: ConversationModel,
    by: "customer" | "agent",
    skipWrapUp: boolean,
  ): void => {
    const agentParticipant = live(conversation, "agent");
    const customer = live(conversation, "customer");
    if (customer !== undefined) disconnect(customer, by === "customer" ? "client" : "peer");
    finish(conversation);
    if (agentParticipant !== undefined) {
      disconnect(agentParticipant, by === "agent" ? "client" : "peer");
      events.conversation(conversation);
      endAgentSegment(
        conversation,
        agentParticipant,
        agentParticipant.disconnectType ?? "peer",
        skipWrapUp,
        true,
      );
    } else {
      events.conversation(conversation);
    }
  };

  /** A scheduled callback cancelled before its time: it never waited, so no queue metric is emitted. */
  const cancelScheduled = (conversation: ConversationModel): void => {
    for (const participant of conversation.participants) disconnect(participant, "client");
    finish(conversation);
    events.conversation(conversation);
  };

  const abandon = (conversation: ConversationModel): void => {
    if (conversation.state === "scheduled") {
      cancelScheduled(conversation);
      return;
    }
    if (conversation.state !== "waiting" && conversation.state !== "alerting") return;
    withdrawOffer(conversation, "withdrawn");
    const now = clock.now();
    const customer = live(conversation, "customer");
    if (customer !== undefined) disconnect(customer, "client");
    const acd = live(conversation, "acd");
    if (acd !== undefined) disconnect(acd, "peer");
    finish(conversation);
    metrics.emit(conversation, "tAbandon", now - conversation.queuedAt, { queueId: conversation.queueId });
    metrics.emit(conversation, "tAcd", now - conversation.queuedAt, { queueId: conversation.queueId });
    emitServiceLevel(conversation, false);
    events.conversation(conversation);
    dispatch();
  };

  return {
    addParticipant,
    disconnect,
    live,
    enqueue,
    leaveQueue(conversation) {
      waiting.delete(conversation.id);
    },
    dispatch,
    scheduleRouting,
    offer,
    withdrawOffer,
    answer,
    endAgentSegment,
    endConversation,
    abandon,
    cancelTimers,
    dispose() {
      disposed = true;
      for (const conversation of conversations.values()) cancelTimers(conversation);
      for (const agent of agents.values()) clock.cancel(agent.wrapUpTimer);
    },
  };
}
