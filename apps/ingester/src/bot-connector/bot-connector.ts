import type { IncomingHttpHeaders } from "node:http";
import { type HandoffOptionsInput, resolveHandoffOptions } from "@routing/core";
import {
  createHandoffSessions,
  type DecidedTurn,
  decideSessionTurn,
  type HandoffRedis,
  HandoffStateCorruptError,
  type TurnResult,
} from "@routing/handoff-sessions";
import type { Logger } from "@routing/service-kit";
import type { BotConnectorMetrics, BotTurnOutcome } from "./bot-connector-metrics.js";
import { checkConnectionSecret } from "./connection-secret.js";
import {
  type BotDescription,
  type BotEntityValue,
  HANDOFF_ENTITIES,
  type IncomingMessagesRequest,
  type IncomingMessagesResponse,
  incomingMessagesRequestSchema,
  inputText,
} from "./contract.js";
import { createNluClient, type NluResult } from "./nlu-client.js";

/** What the Bot Connector does when the NLU cannot be reached (after its bounded retries). */
export type NluFailurePolicy = "handoff" | "failed";

/** The deployment's choices (BOT_CONNECTOR_* variables, see the ingester's env.ts and README). */
export interface BotConnectorSettings {
  /** The header the integration's credential field is sent in, and its value (never logged). */
  readonly secretHeader: string;
  readonly secret: string;
  readonly nlu: { readonly url: string; readonly timeoutMs: number; readonly attempts: number };
  /** "handoff": a customer the bot cannot understand goes to a person; "failed": the flow's failure path. */
  readonly nluFailure: NluFailurePolicy;
  /** The intent Complete carries on a handoff: Architect's output path to Transfer to ACD. */
  readonly handoffIntent: string;
  /** Returned as the queueId / skillIds entities; unset queue: the flow's own Transfer to ACD queue. */
  readonly handoffQueueId: string | undefined;
  readonly handoffSkillIds: readonly string[];
  readonly confidenceThreshold: number;
}

/** Code-level options; each has a documented default. */
export interface BotConnectorOptions {
  /**
   * The bot id in the bot list and in every request Genesys sends.
   * @defaultValue "routing-handoff-bot"
   */
  readonly botId?: string;
  /** @defaultValue "v1" */
  readonly botVersion?: string;
  /** @defaultValue ["en-us"] */
  readonly supportedLanguages?: readonly string[];
  /**
   * What the bot says while it keeps the conversation, when the NLU gives no reply of its own.
   * @defaultValue "Thanks. Could you tell me a little more?"
   */
  readonly defaultReply?: string;
  /** @defaultValue "Let me connect you with someone who can help." */
  readonly handoffReply?: string;
  /**
   * Longest wait for the handoff state in Redis; past it the turn is answered 503 (Genesys retries).
   * @defaultValue 3000
   */
  readonly stateTimeoutMs?: number;
}

export const BOT_CONNECTOR_DEFAULTS = {
  botId: "routing-handoff-bot",
  botVersion: "v1",
  supportedLanguages: ["en-us"],
  defaultReply: "Thanks. Could you tell me a little more?",
  handoffReply: "Let me connect you with someone who can help.",
  stateTimeoutMs: 3_000,
} as const;

/** Core requires a target queue; without BOT_CONNECTOR_HANDOFF_QUEUE_ID the flow's own queue applies. */
const FLOW_DECIDES_QUEUE = "flow-decides";

/** The Genesys bot session timeout bounds how long the state is kept: at least a minute, at most 3 days. */
const MIN_STATE_TTL_MS = 60_000;
const MAX_STATE_TTL_MS = 3 * 24 * 60 * 60_000;

export interface BotConnectorRequest {
  readonly headers: IncomingHttpHeaders;
  /** The body as received (empty for the GET routes). */
  readonly rawBody: Buffer;
}

/** A response as data: the HTTP layer sends it (JSON). */
export interface BotConnectorAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface BotConnector {
  readonly botId: string;
  /** POST {uri}/messages: one customer message. */
  message(request: BotConnectorRequest): Promise<BotConnectorAnswer>;
  /** GET {uri}/bots: the bot list Architect shows. */
  listBots(request: BotConnectorRequest): BotConnectorAnswer;
  /** GET {uri}/bots/{botId} for our bot. */
  getBot(request: BotConnectorRequest): BotConnectorAnswer;
}

export interface BotConnectorDependencies {
  readonly settings: BotConnectorSettings;
  readonly options?: BotConnectorOptions;
  /** Where the handoff state lives: the deployment's Redis (shared with the worker's webhook path). */
  readonly redis: HandoffRedis;
  readonly keyPrefix: string;
  readonly metrics: BotConnectorMetrics;
  readonly logger: Logger;
}

function error(status: number, code: string, field: string | null, message: string): BotConnectorAnswer {
  return { status, body: { error: { code, field, message } } };
}

class StateTimeoutError extends Error {
  override readonly name = "StateTimeoutError";
}

/**
 * The Bot Connector endpoint: Genesys posts each customer turn of an Architect flow's Call Digital Bot
 * Connector action; we ask the NLU for intent and confidence, run core's handoff policy on the
 * conversation's state in Redis (the same rule and state as the webhook path, `@routing/handoff-sessions`)
 * and answer MoreData with the bot's reply, or Complete with the handoff intent and the queue and skills as
 * entities, so that Architect's Transfer to ACD moves the conversation. No Genesys REST call is made here.
 */
export function createBotConnector(deps: BotConnectorDependencies): BotConnector {
  const { settings, metrics, logger } = deps;
  const options = { ...BOT_CONNECTOR_DEFAULTS, ...deps.options };
  const policy: HandoffOptionsInput = {
    confidenceThreshold: settings.confidenceThreshold,
    defaultTarget: {
      queueId: settings.handoffQueueId ?? FLOW_DECIDES_QUEUE,
      skillIds: [...settings.handoffSkillIds],
    },
  };
  // A bad combination stops the process at start-up rather than failing every turn.
  resolveHandoffOptions(policy);
  const sessions = createHandoffSessions(deps.redis, { keyPrefix: deps.keyPrefix });
  const nlu = createNluClient({
    ...settings.nlu,
    onAttempt: (result, durationMs) => {
      metrics.nluRequests.inc({ result });
      metrics.nluDuration.observe(durationMs / 1000);
    },
  });
  const bot: BotDescription = {
    id: options.botId,
    name: "Routing platform handoff bot",
    provider: "routing-decision-platform",
    description: "Keeps the conversation while the customer is understood; hands off to a person otherwise.",
    versions: [
      {
        version: options.botVersion,
        supportedLanguages: [...options.supportedLanguages],
        intents: [{ name: settings.handoffIntent, entities: HANDOFF_ENTITIES }],
      },
    ],
  };

  const answer = (outcome: BotTurnOutcome, result: BotConnectorAnswer): BotConnectorAnswer => {
    metrics.turns.inc({ outcome });
    return result;
  };

  const authorised = (request: BotConnectorRequest): BotConnectorAnswer | undefined => {
    const check = checkConnectionSecret(request.headers, settings.secretHeader, settings.secret);
    if (check === "valid") return undefined;
    return answer(
      "forbidden",
      error(
        403,
        check === "missing" ? "secret-missing" : "secret-mismatch",
        settings.secretHeader,
        check === "missing"
          ? `${settings.secretHeader} is required: the integration's connection secret`
          : `${settings.secretHeader} does not match the connection secret`,
      ),
    );
  };

  const handoffResponse = (turn: DecidedTurn, nluResult: NluResult): IncomingMessagesResponse => {
    const target = turn.target;
    const queueId = target === null || target.queueId === FLOW_DECIDES_QUEUE ? undefined : target.queueId;
    const skillIds = target?.skillIds ?? [];
    const reason = turn.trigger ?? "already-handed-off";
    const detectedIntent = turn.intent ?? (nluResult.ok ? nluResult.answer.intent : null);
    const entities: BotEntityValue[] = [
      ...(queueId === undefined ? [] : [{ name: "queueId", type: "String" as const, value: queueId }]),
      ...(skillIds.length === 0
        ? []
        : [{ name: "skillIds", type: "StringCollection" as const, values: skillIds }]),
      { name: "handoffReason", type: "String", value: reason },
      ...(detectedIntent === null
        ? []
        : [{ name: "detectedIntent", type: "String" as const, value: detectedIntent }]),
      ...(turn.confidence === null
        ? []
        : [{ name: "detectedConfidence", type: "Decimal" as const, value: String(turn.confidence) }]),
    ];
    return {
      botState: "Complete",
      intent: settings.handoffIntent,
      replyMessages: [{ type: "Text", text: options.handoffReply }],
      entities,
      parameters: {
        ...(queueId === undefined ? {} : { queueId }),
        ...(skillIds.length === 0 ? {} : { skillIds: skillIds.join(",") }),
        handoffReason: reason,
        ...(detectedIntent === null ? {} : { detectedIntent }),
        ...(nluResult.ok ? {} : { nluUnavailable: "true" }),
      },
    };
  };

  const decide = (request: IncomingMessagesRequest, nluResult: NluResult): Promise<TurnResult> => {
    const ttlMs = Math.min(MAX_STATE_TTL_MS, Math.max(MIN_STATE_TTL_MS, request.botSessionTimeout * 60_000));
    const decided = decideSessionTurn(
      sessions,
      {
        conversationId: request.genesysConversationId,
        turnId: request.messageId,
        intent: nluResult.ok ? nluResult.answer.intent : undefined,
        confidence: nluResult.ok ? nluResult.answer.confidence : undefined,
      },
      policy,
      { ttlMs },
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new StateTimeoutError(`no answer from Redis within ${options.stateTimeoutMs} ms`)),
        options.stateTimeoutMs,
      );
    });
    return Promise.race([decided, deadline]).finally(() => clearTimeout(timer));
  };

  const validate = (
    rawBody: Buffer,
  ):
    | { ok: true; request: IncomingMessagesRequest; text: string }
    | { ok: false; answer: BotConnectorAnswer } => {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return {
        ok: false,
        answer: answer("invalid-request", error(400, "invalid-json", "body", "body must be JSON")),
      };
    }
    const parsed = incomingMessagesRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "body";
      return {
        ok: false,
        answer: answer(
          "invalid-request",
          error(400, "invalid-field", field, `${field}: ${issue?.message ?? "invalid"}`),
        ),
      };
    }
    const request = parsed.data;
    if (request.botId !== options.botId || request.botVersion !== options.botVersion) {
      const field = request.botId !== options.botId ? "botId" : "botVersion";
      return {
        ok: false,
        answer: answer(
          "unknown-bot",
          error(404, "bot-not-found", field, `no bot ${field} ${JSON.stringify(request[field])}`),
        ),
      };
    }
    const text = inputText(request.inputMessage);
    if (text === undefined) {
      return {
        ok: false,
        answer: answer(
          "invalid-request",
          error(
            400,
            "invalid-field",
            "inputMessage",
            "inputMessage: no text (Text) or button response (Structured)",
          ),
        ),
      };
    }
    return { ok: true, request, text };
  };

  return {
    botId: options.botId,
    listBots(request) {
      return authorised(request) ?? { status: 200, body: { entities: [bot] } };
    },
    getBot(request) {
      return authorised(request) ?? { status: 200, body: bot };
    },
    async message(raw) {
      const refused = authorised(raw);
      if (refused !== undefined) return refused;
      const validated = validate(raw.rawBody);
      if (!validated.ok) return validated.answer;
      const { request, text } = validated;
      const context = { conversationId: request.genesysConversationId, messageId: request.messageId };

      // The customer's words go to the NLU and nowhere else: not into Redis, not into a log line.
      const nluResult = await nlu.parse({
        text,
        languageCode: request.languageCode,
        conversationId: request.genesysConversationId,
        sessionId: request.botSessionId,
      });
      if (!nluResult.ok) {
        logger.warn(
          { ...context, nlu: nluResult.failure, detail: nluResult.detail },
          "NLU unavailable for a turn",
        );
        if (settings.nluFailure === "failed") {
          return answer("failed-nlu", {
            status: 200,
            body: {
              botState: "Failed",
              errorInfo: {
                errorCode: "nlu-unavailable",
                errorMessage: `the NLU failed: ${nluResult.detail}`,
              },
            } satisfies IncomingMessagesResponse,
          });
        }
      }

      let result: TurnResult;
      try {
        result = await decide(request, nluResult);
      } catch (caught) {
        if (caught instanceof HandoffStateCorruptError) {
          logger.error({ ...context, err: caught }, "handoff state unreadable: the bot fails the turn");
          return answer("failed-state", {
            status: 200,
            body: {
              botState: "Failed",
              errorInfo: {
                errorCode: "handoff-state-unreadable",
                errorMessage: "the conversation's handoff state is unreadable",
              },
            } satisfies IncomingMessagesResponse,
          });
        }
        logger.warn(
          { ...context, err: caught },
          "handoff state unavailable: answering 503 so that Genesys retries",
        );
        return answer(
          "unavailable",
          error(503, "state-unavailable", null, "the handoff state store is unavailable; retry"),
        );
      }

      const { turn, replayed } = result;
      if (replayed) metrics.replays.inc();
      else if (turn.kind === "handoff" && turn.trigger !== null)
        metrics.handoffs.inc({ trigger: turn.trigger });
      if (turn.kind === "continue-bot") {
        const reply = (nluResult.ok ? nluResult.answer.reply : undefined) ?? options.defaultReply;
        return answer("more-data", {
          status: 200,
          body: {
            botState: "MoreData",
            replyMessages: [{ type: "Text", text: reply }],
          } satisfies IncomingMessagesResponse,
        });
      }
      if (!replayed) logger.info({ ...context, decision: turn.kind, trigger: turn.trigger }, turn.reason);
      return answer(turn.kind, { status: 200, body: handoffResponse(turn, nluResult) });
    },
  };
}
