import type { RandomStream } from "../random/prng.js";
import type { Clock } from "../time/clock.js";
import { ContactCentreError } from "./contact-centre-error.js";
import type { Directory } from "./directory.js";
import type { ConversationLifecycle } from "./lifecycle.js";
import type { ConversationModel, ParticipantModel } from "./model.js";
import type { AcdRequest, ParticipantReplace } from "./participant-replace.js";

export interface StartFlowConversationInput {
  /** Shown as the flow participant's name. */
  readonly flowName: string;
  readonly languageId?: string;
}

/**
 * Conversations an Architect inbound message flow holds before Transfer to ACD: a connected customer and a
 * connected `workflow` participant (the flow and the bot it calls), in no queue, so no queue topic sees
 * them until the flow transfers them.
 */
export interface FlowConversations {
  start(input: StartFlowConversationInput): ConversationModel;
  /** The flow participant that holds the conversation, if the flow still has it. */
  flowParticipant(conversationId: string): ParticipantModel | undefined;
  /** Transfer to ACD: the flow's leg ends (transfer) and the conversation waits in the queue. */
  transferToAcd(conversationId: string, request: AcdRequest): void;
  /** The flow's Disconnect action: the conversation ends for everyone. */
  disconnect(conversationId: string): void;
  /** The customer leaves while the flow holds the conversation: it ends, the flow's leg with it. */
  customerLeft(conversation: ConversationModel, customer: ParticipantModel): void;
}

export interface FlowConversationDependencies {
  readonly clock: Clock;
  readonly ids: RandomStream;
  readonly directory: Directory;
  readonly lifecycle: ConversationLifecycle;
  readonly replace: ParticipantReplace;
  readonly nextCustomerName: () => string;
}

export function createFlowConversations(deps: FlowConversationDependencies): FlowConversations {
  const { clock, directory, lifecycle } = deps;

  const inFlow = (conversationId: string): { conversation: ConversationModel; flow: ParticipantModel } => {
    const conversation = directory.requireConversation(conversationId);
    const flow = lifecycle.live(conversation, "workflow");
    if (conversation.state !== "in-flow" || flow === undefined) {
      throw new ContactCentreError(
        "invalid-status",
        `Conversation ${conversationId} is not held by a flow (${conversation.state})`,
        { entityId: conversationId },
      );
    }
    return { conversation, flow };
  };

  return {
    start(input) {
      directory.checkLanguageId(input.languageId, "languageId");
      const now = clock.now();
      const conversation: ConversationModel = {
        id: deps.ids.uuid(),
        mediaType: "message",
        arrivedAt: now,
        // No queue yet: Transfer to ACD sets it.
        queueId: "",
        queuedAt: now,
        routeAt: now,
        priority: 0,
        skillIds: [],
        languageId: input.languageId,
        skillExpressionId: undefined,
        callbackScheduledAt: undefined,
        scoredAgents: [],
        state: "in-flow",
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
      directory.conversations.set(conversation.id, conversation);
      lifecycle.addParticipant(conversation, "customer", { name: deps.nextCustomerName(), connected: true });
      lifecycle.addParticipant(conversation, "workflow", { name: input.flowName, connected: true });
      return conversation;
    },
    flowParticipant(conversationId) {
      const conversation = directory.conversations.get(conversationId);
      return conversation?.state === "in-flow" ? lifecycle.live(conversation, "workflow") : undefined;
    },
    transferToAcd(conversationId, request) {
      const { conversation, flow } = inFlow(conversationId);
      deps.replace.checkAcdRequest(request);
      lifecycle.disconnect(flow, "transfer");
      deps.replace.enqueueWith(conversation, request);
    },
    disconnect(conversationId) {
      const { conversation, flow } = inFlow(conversationId);
      lifecycle.disconnect(flow, "client");
      const customer = lifecycle.live(conversation, "customer");
      if (customer !== undefined) lifecycle.disconnect(customer, "peer");
      lifecycle.endConversation(conversation, "customer", false);
    },
    customerLeft(conversation, customer) {
      lifecycle.disconnect(customer, "client");
      const flow = lifecycle.live(conversation, "workflow");
      if (flow !== undefined) lifecycle.disconnect(flow, "peer");
      lifecycle.endConversation(conversation, "customer", false);
    },
  };
}
