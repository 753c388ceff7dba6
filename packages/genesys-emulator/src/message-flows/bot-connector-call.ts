import { z } from "zod";
import type { MessageFlowDefinition } from "./flow-definition.js";

/**
 * The Digital Bot Connector v2 contract as Genesys documents it
 * (https://developer.genesys.cloud/commdigital/textbots/digital-botconnector-customer-api-spec, "Incoming
 * Messages"): Genesys POSTs an IncomingMessagesRequest to `{Bot Connector URI}/messages` and reads back an
 * IncomingMessagesResponse. This side is Genesys' side of it.
 */
export interface IncomingMessagesRequest {
  readonly botId: string;
  readonly botVersion: string;
  readonly botSessionId: string;
  readonly messageId: string;
  readonly inputMessage: { readonly type: "Text"; readonly text: string };
  readonly languageCode: string;
  /** Minutes. */
  readonly botSessionTimeout: number;
  readonly genesysConversationId: string;
  readonly parameters?: Readonly<Record<string, string>>;
}

const replyMessageSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("Text"), text: z.string(), content: z.array(z.unknown()).optional() }),
  z.looseObject({
    type: z.literal("Structured"),
    text: z.string().optional(),
    content: z.array(z.unknown()),
  }),
]);

const entitySchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().min(1),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
});

export const incomingMessagesResponseSchema = z.looseObject({
  botState: z.enum(["Complete", "Failed", "MoreData"]),
  intent: z.string().min(1).optional(),
  confidence: z.number().min(0).max(1).optional(),
  replyMessages: z.array(replyMessageSchema).nullable().optional(),
  entities: z.array(entitySchema).nullable().optional(),
  parameters: z.record(z.string(), z.string()).nullable().optional(),
  errorInfo: z.looseObject({ errorCode: z.string(), errorMessage: z.string() }).nullable().optional(),
});

export type IncomingMessagesResponse = z.output<typeof incomingMessagesResponseSchema>;
export type BotEntity = z.output<typeof entitySchema>;

/** The Failure Outputs' `errorType` values the help page of the action lists. */
export type BotConnectorErrorType =
  | "ServiceProviderTimeout"
  | "ServiceProviderErrorResponse"
  | "ServiceProviderInvalidResponse";

export type BotConnectorCallResult =
  | { readonly ok: true; readonly response: IncomingMessagesResponse; readonly attempts: number }
  | {
      readonly ok: false;
      readonly errorType: BotConnectorErrorType;
      readonly errorMessage: string;
      readonly attempts: number;
    };

function messagesUrl(uri: string): string {
  return `${uri.replace(/\/+$/, "")}/messages`;
}

/**
 * One customer message to the bot: 5xx answers and connection failures are retried with the same
 * `messageId` up to `attempts` times; a 4xx, a timeout or an answer that breaks the contract is not (the
 * spec: 4xx "will not retry" and takes the failure path; "if the timeout is exceeded, the request will be
 * marked as failed").
 */
export async function callBotConnector(
  connector: MessageFlowDefinition["botConnector"],
  request: IncomingMessagesRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<BotConnectorCallResult> {
  let lastError = "";
  for (let attempt = 1; attempt <= connector.attempts; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(messagesUrl(connector.uri), {
        method: "POST",
        headers: { "content-type": "application/json", ...connector.credentials },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(connector.botResponseTimeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        return {
          ok: false,
          errorType: "ServiceProviderTimeout",
          errorMessage: `no answer within ${connector.botResponseTimeoutMs} ms`,
          attempts: attempt,
        };
      }
      lastError = `connection failed: ${error instanceof Error ? error.message : String(error)}`;
      continue;
    }
    const text = await response.text().catch(() => "");
    if (response.status >= 500) {
      lastError = `HTTP ${response.status}`;
      continue;
    }
    if (response.status !== 200) {
      return {
        ok: false,
        errorType: "ServiceProviderErrorResponse",
        errorMessage: `HTTP ${response.status}`,
        attempts: attempt,
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        ok: false,
        errorType: "ServiceProviderInvalidResponse",
        errorMessage: "the answer is not JSON",
        attempts: attempt,
      };
    }
    const parsed = incomingMessagesResponseSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        errorType: "ServiceProviderInvalidResponse",
        errorMessage: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
        attempts: attempt,
      };
    }
    return { ok: true, response: parsed.data, attempts: attempt };
  }
  return {
    ok: false,
    errorType: "ServiceProviderErrorResponse",
    errorMessage: `${lastError} (after ${connector.attempts} attempts)`,
    attempts: connector.attempts,
  };
}
