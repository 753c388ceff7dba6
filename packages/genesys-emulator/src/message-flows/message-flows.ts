import type { Logger } from "pino";
import type { ContactCentre } from "../contact-centre/contact-centre.js";
import { ContactCentreError } from "../contact-centre/contact-centre-error.js";
import type { RandomStream } from "../random/prng.js";
import {
  type BotConnectorErrorType,
  type BotEntity,
  callBotConnector,
  type IncomingMessagesRequest,
} from "./bot-connector-call.js";
import {
  type MessageFlowDefinition,
  type MessageFlowInput,
  messageFlowSchema,
  type TransferToAcdAction,
} from "./flow-definition.js";
import { createNluStub, type NluStub } from "./nlu-stub.js";

/** What one customer message led to, as the flow saw it. */
export interface FlowTurnResult {
  readonly conversationId: string;
  readonly botSessionId: string;
  readonly messageId: string;
  /** Null when the call itself failed (timeout, error answer, broken answer). */
  readonly botState: "MoreData" | "Complete" | "Failed" | null;
  readonly intent?: string;
  readonly confidence?: number;
  readonly replyTexts: readonly string[];
  readonly entities: readonly BotEntity[];
  readonly parameters: Readonly<Record<string, string>>;
  /** Which output path of the Call Digital Bot Connector action ran (none while MoreData). */
  readonly path: "intent" | "failure" | null;
  /** What the flow did next. */
  readonly outcome: "waiting-for-customer" | "transferred-to-acd" | "disconnected";
  readonly transfer?: { readonly queueId: string; readonly skillIds: readonly string[] };
  /** The action's Failure Outputs (errorType/errorMessage), or why Transfer to ACD failed. */
  readonly errorType?: BotConnectorErrorType | "IntentWithoutPath" | "TransferToAcdFailed";
  readonly errorMessage?: string;
  /** Calls made for this message (5xx answers are retried with the same messageId). */
  readonly attempts: number;
}

export interface TranscriptEntry {
  readonly from: "customer" | "bot";
  readonly text: string;
}

export class MessageFlowError extends Error {
  override readonly name = "MessageFlowError";
  constructor(
    readonly kind: "not-found" | "invalid-status" | "invalid-value",
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Architect inbound message flows that call a bot through the Digital Bot Connector, played by the
 * emulator: it posts each customer message of a flow-held conversation to the configured bot connector
 * and follows the answer, ending with Transfer to ACD (after which the conversation waits in the queue like
 * any other and is published on the queue's topic) or Disconnect. Genesys' side of the contract: the
 * emulator never imports our ingester, so a shape either side misreads fails the end-to-end test.
 */
export interface MessageFlows {
  /** Validates and stores a flow; returns its id. */
  define(input: MessageFlowInput): string;
  /** A customer starts a web messaging conversation that the flow (and its bot) answers; returns its id. */
  startConversation(flowId: string): string;
  /** The customer sends `text`; resolves once the flow has acted on the bot's answer. */
  customerMessage(conversationId: string, text: string): Promise<FlowTurnResult>;
  transcript(conversationId: string): readonly TranscriptEntry[];
  /** The deterministic NLU stub served at POST /__emulator/nlu/parse. */
  readonly nlu: NluStub;
  /** Aborts bot calls in flight; later messages are refused. */
  dispose(): void;
}

interface FlowSession {
  readonly flowId: string;
  botSessionId: string | undefined;
  readonly transcript: TranscriptEntry[];
  /** Messages of one conversation are handled one after the other, like a chat. */
  queue: Promise<unknown>;
}

export interface MessageFlowDependencies {
  readonly centre: ContactCentre;
  readonly ids: RandomStream;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

function entityValue(entities: readonly BotEntity[], name: string): BotEntity | undefined {
  return entities.find((entity) => entity.name === name);
}

export function createMessageFlows(deps: MessageFlowDependencies): MessageFlows {
  const flows = new Map<string, MessageFlowDefinition>();
  const sessions = new Map<string, FlowSession>();
  const nlu = createNluStub();
  const stop = new AbortController();

  const fetchWithStop: typeof fetch = (input, init) =>
    (deps.fetch ?? fetch)(input, {
      ...init,
      signal: init?.signal == null ? stop.signal : AbortSignal.any([init.signal, stop.signal]),
    });

  /** Transfer to ACD as configured on a path, with the entities the bot returned. */
  const transferToAcd = (
    conversationId: string,
    action: TransferToAcdAction,
    entities: readonly BotEntity[],
  ): { queueId: string; skillIds: string[] } => {
    const queueFromBot =
      action.queueEntity === undefined ? undefined : entityValue(entities, action.queueEntity)?.value;
    const queueId = queueFromBot ?? action.queueId;
    if (queueId === undefined) {
      throw new ContactCentreError(
        "invalid-value",
        `the bot returned no "${action.queueEntity}" entity and the action has no fixed queue`,
        { field: "queueEntity" },
      );
    }
    const skillsFromBot =
      action.skillsEntity === undefined ? undefined : entityValue(entities, action.skillsEntity)?.values;
    const skillIds = [...(skillsFromBot ?? action.skillIds ?? [])];
    deps.centre.flows.transferToAcd(conversationId, { queueId, skillIds });
    return { queueId, skillIds };
  };

  const runTurn = async (
    conversationId: string,
    session: FlowSession,
    flow: MessageFlowDefinition,
    text: string,
  ): Promise<FlowTurnResult> => {
    if (deps.centre.flows.flowParticipant(conversationId) === undefined) {
      throw new MessageFlowError(
        "invalid-status",
        `conversation ${conversationId} is no longer held by its flow`,
        "conversationId",
      );
    }
    session.botSessionId ??= deps.ids.uuid();
    const botSessionId = session.botSessionId;
    const messageId = deps.ids.uuid();
    const connector = flow.botConnector;
    const request: IncomingMessagesRequest = {
      botId: connector.botId,
      botVersion: connector.botVersion,
      botSessionId,
      messageId,
      inputMessage: { type: "Text", text },
      languageCode: connector.languageCode,
      botSessionTimeout: connector.sessionTimeoutMinutes,
      genesysConversationId: conversationId,
      ...(Object.keys(connector.sessionVariables).length === 0
        ? {}
        : { parameters: connector.sessionVariables }),
    };
    session.transcript.push({ from: "customer", text });
    const called = await callBotConnector(connector, request, fetchWithStop);
    const base = { conversationId, botSessionId, messageId, attempts: called.attempts };

    const followFailurePath = (
      botState: FlowTurnResult["botState"],
      errorType: NonNullable<FlowTurnResult["errorType"]>,
      errorMessage: string,
      extra: Partial<FlowTurnResult> = {},
    ): FlowTurnResult => {
      session.botSessionId = undefined;
      const common = {
        ...base,
        botState,
        replyTexts: [],
        entities: [],
        parameters: {},
        ...extra,
        path: "failure" as const,
        errorType,
        errorMessage,
      };
      if (flow.failure === "disconnect") {
        deps.centre.flows.disconnect(conversationId);
        return { ...common, outcome: "disconnected" };
      }
      try {
        return {
          ...common,
          outcome: "transferred-to-acd",
          transfer: transferToAcd(conversationId, flow.failure, []),
        };
      } catch (error) {
        deps.centre.flows.disconnect(conversationId);
        return {
          ...common,
          outcome: "disconnected",
          errorType: "TransferToAcdFailed",
          errorMessage: (error as Error).message,
        };
      }
    };

    if (!called.ok) return followFailurePath(null, called.errorType, called.errorMessage);
    const { response } = called;
    const replyTexts = (response.replyMessages ?? []).flatMap((message) =>
      message.text === undefined ? [] : [message.text],
    );
    for (const reply of replyTexts) session.transcript.push({ from: "bot", text: reply });
    const answered = {
      botState: response.botState,
      ...(response.intent === undefined ? {} : { intent: response.intent }),
      ...(response.confidence === undefined ? {} : { confidence: response.confidence }),
      replyTexts,
      entities: response.entities ?? [],
      parameters: response.parameters ?? {},
    };
    if (response.botState === "MoreData") {
      return { ...base, ...answered, path: null, outcome: "waiting-for-customer" };
    }
    if (response.botState === "Failed") {
      return followFailurePath(
        "Failed",
        "ServiceProviderErrorResponse",
        response.errorInfo?.errorMessage ?? "the bot answered Failed",
        answered,
      );
    }
    // Complete: the session is closed; the intent's output path runs.
    const action = response.intent === undefined ? undefined : flow.intents[response.intent];
    if (action === undefined) {
      return followFailurePath(
        "Complete",
        "IntentWithoutPath",
        response.intent === undefined
          ? "Complete without an intent takes the failure path"
          : `the flow has no path for intent "${response.intent}"`,
        answered,
      );
    }
    session.botSessionId = undefined;
    try {
      const transfer = transferToAcd(conversationId, action, answered.entities);
      return { ...base, ...answered, path: "intent", outcome: "transferred-to-acd", transfer };
    } catch (error) {
      deps.centre.flows.disconnect(conversationId);
      return {
        ...base,
        ...answered,
        path: "intent",
        outcome: "disconnected",
        errorType: "TransferToAcdFailed",
        errorMessage: (error as Error).message,
      };
    }
  };

  return {
    nlu,
    define(input) {
      const parsed = messageFlowSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join(".") || "flow";
        throw new MessageFlowError(
          "invalid-value",
          `Invalid ${field}: ${issue?.message ?? "invalid"}`,
          field,
        );
      }
      const id = deps.ids.uuid();
      flows.set(id, parsed.data);
      return id;
    },
    startConversation(flowId) {
      const flow = flows.get(flowId);
      if (flow === undefined) throw new MessageFlowError("not-found", `no message flow ${flowId}`, "flowId");
      const conversation = deps.centre.flows.start({ flowName: flow.name });
      sessions.set(conversation.id, {
        flowId,
        botSessionId: undefined,
        transcript: [],
        queue: Promise.resolve(),
      });
      return conversation.id;
    },
    customerMessage(conversationId, text) {
      if (stop.signal.aborted)
        return Promise.reject(new MessageFlowError("invalid-status", "the emulator is closed"));
      const session = sessions.get(conversationId);
      const flow = session === undefined ? undefined : flows.get(session.flowId);
      if (session === undefined || flow === undefined) {
        return Promise.reject(
          new MessageFlowError("not-found", `no flow-held conversation ${conversationId}`, "conversationId"),
        );
      }
      if (typeof text !== "string" || text.trim() === "") {
        return Promise.reject(
          new MessageFlowError("invalid-value", "text must be a non-empty string", "text"),
        );
      }
      const turn = session.queue.then(() => runTurn(conversationId, session, flow, text));
      session.queue = turn.catch(() => undefined);
      turn.catch((error: unknown) =>
        deps.logger.debug({ err: error, conversationId }, "customer message not handled by the flow"),
      );
      return turn;
    },
    transcript(conversationId) {
      return [...(sessions.get(conversationId)?.transcript ?? [])];
    },
    dispose() {
      stop.abort();
    },
  };
}
