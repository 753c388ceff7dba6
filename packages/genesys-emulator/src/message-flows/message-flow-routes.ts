import { z } from "zod";
import { compact } from "../compact.js";
import { ApiError } from "../protocol/http/api-error.js";
import { noContent, ok, type RouteDefinition, type RouteResponse } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import { MessageFlowError } from "./message-flows.js";
import { nluConfigSchema } from "./nlu-stub.js";

const customerMessageSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) });

const nluParseSchema = z.looseObject({
  text: z.string(),
  languageCode: z.string().optional(),
  conversationId: z.string().optional(),
  sessionId: z.string().optional(),
});

const STATUS: Record<MessageFlowError["kind"], { status: number; code: string }> = {
  "not-found": { status: 404, code: "not.found" },
  "invalid-status": { status: 409, code: "invalid.status" },
  "invalid-value": { status: 400, code: "invalid.value" },
};

async function flowCall(call: () => RouteResponse | Promise<RouteResponse>): Promise<RouteResponse> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof MessageFlowError)) throw error;
    const { status, code } = STATUS[error.kind];
    throw new ApiError({
      status,
      code,
      messageWithParams: "{reason}",
      messageParams: { reason: error.message },
      details: error.field === undefined ? [] : [{ errorCode: code, fieldName: error.field }],
    });
  }
}

const control = (
  method: RouteDefinition["method"],
  path: string,
  handler: RouteDefinition["handler"],
): RouteDefinition => ({
  method,
  path: `/__emulator${path}`,
  auth: "none",
  control: true,
  handler: (context) => flowCall(() => handler(context)),
});

/**
 * The messaging/bot side over HTTP, for tests in other processes and `npm start`: define an Architect
 * message flow, start a conversation it holds, send customer messages; and the NLU stub.
 */
export const messageFlowRoutes: RouteDefinition[] = [
  control("POST", "/message-flows", ({ services, body }) => ({
    status: 201,
    body: { id: services.messageFlows.define((body ?? {}) as never) },
  })),
  control("POST", "/message-flows/{flowId}/conversations", ({ services, params }) => ({
    status: 201,
    body: { id: services.messageFlows.startConversation(params.flowId ?? "") },
  })),
  control("POST", "/conversations/{conversationId}/customer-messages", async ({ services, params, body }) => {
    const { text } = parseOrThrow(customerMessageSchema, body ?? null);
    return ok(await services.messageFlows.customerMessage(params.conversationId ?? "", text));
  }),
  control("GET", "/conversations/{conversationId}/transcript", ({ services, params }) =>
    ok(services.messageFlows.transcript(params.conversationId ?? "")),
  ),
  control("POST", "/nlu/parse", ({ services, body }) => {
    const { text } = parseOrThrow(nluParseSchema, body ?? null);
    return ok(services.messageFlows.nlu.parse(text));
  }),
  control("PUT", "/nlu/rules", ({ services, body }) => {
    services.messageFlows.nlu.configure(compact(parseOrThrow(nluConfigSchema, body ?? null)));
    return noContent();
  }),
  control("DELETE", "/nlu/rules", ({ services }) => {
    services.messageFlows.nlu.reset();
    return noContent();
  }),
];
