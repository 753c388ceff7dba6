import { type JobInput, JobPayloadError, type PreparedJob, prepareJob } from "@routing/jobs";

export type WebhookBodyResult =
  | { readonly ok: true; readonly job: PreparedJob<"handoff.turn"> }
  | {
      readonly ok: false;
      readonly code: "invalid-json" | "invalid-field";
      /** The field as the sender named it ("body" for the document as a whole). */
      readonly field: string;
      readonly message: string;
    };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The bot's turn from the messaging webhook's JSON, as a `handoff.turn` job. Only the fields the decision
 * needs are copied, one by one: whatever else the sender includes (the customer's message text above all)
 * never reaches job data. `turnId` may be sent as `messageId`; errors then name the field that was sent.
 */
export function handoffJobFromWebhook(rawBody: Buffer, receivedAtMs: number): WebhookBodyResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { ok: false, code: "invalid-json", field: "body", message: "body must be JSON" };
  }
  if (!isRecord(body)) {
    return { ok: false, code: "invalid-json", field: "body", message: "body must be a JSON object" };
  }
  const turnIdField = body.turnId === undefined && body.messageId !== undefined ? "messageId" : "turnId";
  try {
    const fields = {
      conversationId: body.conversationId,
      // A hint at the participant holding the conversation; the worker checks it (never the customer's).
      participantId: body.participantId,
      turnId: body[turnIdField],
      intent: body.intent,
      confidence: body.confidence,
      receivedAtMs,
    };
    // Sender-supplied values of unknown type: prepareJob's schema is what checks them.
    const job = prepareJob("handoff.turn", fields as JobInput<"handoff.turn">);
    return { ok: true, job };
  } catch (error) {
    if (!(error instanceof JobPayloadError)) throw error;
    const [first = "", ...rest] = error.field.split(".");
    const field = first === "turnId" ? [turnIdField, ...rest].join(".") : error.field || "body";
    const issue = error.issues[0]?.message ?? "is invalid";
    return { ok: false, code: "invalid-field", field, message: `${field}: ${issue}` };
  }
}
