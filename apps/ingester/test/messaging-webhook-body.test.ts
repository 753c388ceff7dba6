import { QUEUES } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { handoffJobFromWebhook } from "../src/messaging-webhook-body.js";
import { checkSignature, signBody } from "../src/webhook-signature.js";
import { IDS } from "./support/conversation-bodies.js";

const RECEIVED_AT = 1_736_150_400_000;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const SECRET = "a-test-secret-that-is-long-enough-0123456789";

describe("handoffJobFromWebhook", () => {
  it("turns a bot turn into a handoff.turn job and drops everything else, the message text above all", () => {
    const result = handoffJobFromWebhook(
      bytes({
        conversationId: IDS.conversation,
        turnId: "turn-7",
        intent: "billing.dispute",
        confidence: 0.41,
        text: "my card number is 4111 1111 1111 1111",
        customer: { name: "Jane" },
      }),
      RECEIVED_AT,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.job.queueName).toBe(QUEUES.decisions);
    expect(result.job.data).toEqual({
      conversationId: IDS.conversation,
      turnId: "turn-7",
      intent: "billing.dispute",
      confidence: 0.41,
      receivedAtMs: RECEIVED_AT,
    });
    expect(JSON.stringify(result.job)).not.toContain("4111 1111");
    expect(result.job.opts.jobId).toBe(`turn_${IDS.conversation}_turn-7`);
  });

  it("carries the customer's participant id (the worker transfers that participant), and names a bad one", () => {
    const turn = { conversationId: IDS.conversation, turnId: "t-1", intent: "x", confidence: 0.2 };
    const good = handoffJobFromWebhook(bytes({ ...turn, participantId: IDS.conversation }), RECEIVED_AT);
    expect(good.ok && good.job.data.participantId).toBe(IDS.conversation);
    const bad = handoffJobFromWebhook(bytes({ ...turn, participantId: "p-1" }), RECEIVED_AT);
    expect(bad).toMatchObject({ ok: false, field: "participantId" });
  });

  it("takes messageId as the turn id, and names it when it is bad", () => {
    const good = handoffJobFromWebhook(
      bytes({ conversationId: IDS.conversation, messageId: "m-1", intent: "x", confidence: 1 }),
      RECEIVED_AT,
    );
    expect(good.ok && good.job.data.turnId).toBe("m-1");
    const bad = handoffJobFromWebhook(
      bytes({ conversationId: IDS.conversation, messageId: "", intent: "x", confidence: 1 }),
      RECEIVED_AT,
    );
    expect(bad).toMatchObject({ ok: false, code: "invalid-field", field: "messageId" });
  });

  it.each([
    [{ turnId: "t", intent: "x", confidence: 1 }, "conversationId"],
    [{ conversationId: "c-1", turnId: "t", intent: "x", confidence: 1 }, "conversationId"],
    [{ conversationId: IDS.conversation, intent: "x", confidence: 1 }, "turnId"],
    [{ conversationId: IDS.conversation, turnId: "t", confidence: 1 }, "intent"],
    [{ conversationId: IDS.conversation, turnId: "t", intent: "x", confidence: "0.4" }, "confidence"],
  ])("names the bad field of %j", (body, field) => {
    expect(handoffJobFromWebhook(bytes(body), RECEIVED_AT)).toMatchObject({
      ok: false,
      code: "invalid-field",
      field,
    });
  });

  it("refuses a body that is not a JSON object", () => {
    for (const raw of ["", "{", "[1,2]", '"text"', "null"]) {
      expect(handoffJobFromWebhook(Buffer.from(raw), RECEIVED_AT)).toMatchObject({
        ok: false,
        code: "invalid-json",
        field: "body",
      });
    }
  });
});

describe("checkSignature", () => {
  const body = bytes({ conversationId: IDS.conversation });

  it("accepts the HMAC-SHA256 of the exact bytes, in either hex case", () => {
    const signature = signBody(SECRET, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(checkSignature(SECRET, body, signature)).toBe("valid");
    expect(checkSignature(SECRET, body, `sha256=${signature.slice(7).toUpperCase()}`)).toBe("valid");
  });

  it("tells a missing signature from a wrong one", () => {
    expect(checkSignature(SECRET, body, undefined)).toBe("missing");
    expect(checkSignature(SECRET, body, " ")).toBe("missing");
    expect(checkSignature(SECRET, body, signBody("another-secret-of-sufficient-length-000", body))).toBe(
      "mismatch",
    );
    expect(checkSignature(SECRET, Buffer.concat([body, Buffer.from(" ")]), signBody(SECRET, body))).toBe(
      "mismatch",
    );
    expect(checkSignature(SECRET, body, signBody(SECRET, body).slice(7))).toBe("mismatch");
    expect(checkSignature(SECRET, body, "sha256=abc")).toBe("mismatch");
    expect(checkSignature(SECRET, body, `sha1=${"0".repeat(40)}`)).toBe("mismatch");
  });
});
