/**
 * POST /webhooks/messaging over real HTTP into the real BullMQ queue on an isolated Redis prefix. The
 * ingester runs with its notification stream on a private emulator, as in production.
 */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect } from "vitest";
import { signBody } from "../src/webhook-signature.js";
import {
  ingesterTest,
  type RunningIngester,
  TEST_WEBHOOK_SECRET,
  until,
} from "./support/ingester-harness.js";

const test = ingesterTest({ contactCentre: { arrivalsPerMinute: 0 } });

// Assertions look for "4111 1111": four digits alone turn up in random ports and ids.
const MESSAGE_TEXT = "my card number is 4111 1111 1111 1111";

interface Sent {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

async function post(
  running: RunningIngester,
  body: string,
  headers: Record<string, string> = { "X-Signature-256": signBody(TEST_WEBHOOK_SECRET, body) },
): Promise<Sent> {
  const response = await fetch(running.url("/webhooks/messaging"), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

const turn = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    conversationId: randomUUID(),
    turnId: "turn-1",
    intent: "billing.dispute",
    confidence: 0.35,
    text: MESSAGE_TEXT,
    ...overrides,
  });

describe("ingester: messaging webhook", () => {
  test("a signed turn becomes one handoff.turn job, however often it is sent", async ({ harness }) => {
    const running = await harness.startIngester();
    const conversationId = randomUUID();
    const body = turn({ conversationId });

    const first = await post(running, body);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ jobId: `turn_${conversationId}_turn-1`, duplicate: false });
    const again = await post(running, body);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ jobId: `turn_${conversationId}_turn-1`, duplicate: true });

    const jobs = await harness.jobs("handoff.turn");
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toEqual({
      conversationId,
      turnId: "turn-1",
      intent: "billing.dispute",
      confidence: 0.35,
      receivedAtMs: expect.any(Number),
    });
    // The message text is in neither the job as stored in Redis nor the logs.
    const stored = await harness.redis.connection.hgetall(
      `${harness.redis.prefix}:routing-decisions:${first.body.jobId}`,
    );
    expect(JSON.stringify(stored)).not.toContain("4111 1111");
    expect(running.rawLogs()).not.toContain("4111 1111");
    expect(running.rawLogs()).not.toContain(TEST_WEBHOOK_SECRET);

    const metrics = await (await fetch(running.url("/metrics"))).text();
    expect(metrics).toMatch(
      /ingester_http_requests_total\{method="POST",route="\/webhooks\/messaging",status="202"[^}]*\} 2/,
    );
    expect(metrics).toMatch(
      /ingester_jobs_enqueued_total\{job_name="handoff.turn",source="webhook"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /ingester_job_duplicates_total\{job_name="handoff.turn",source="webhook"[^}]*\} 1/,
    );
  });

  test("takes messageId as the turn id", async ({ harness }) => {
    const running = await harness.startIngester();
    const conversationId = randomUUID();
    const sent = await post(running, turn({ conversationId, turnId: undefined, messageId: "msg-9" }));
    expect(sent.status).toBe(202);
    expect(sent.body.jobId).toBe(`turn_${conversationId}_msg-9`);
  });

  test("refuses a missing or wrong signature with 401, and adds nothing", async ({ harness }) => {
    const running = await harness.startIngester();
    const body = turn();
    const missing = await post(running, body, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      error: { code: "signature-missing", field: "X-Signature-256", message: expect.any(String) },
    });
    const wrongKey = await post(running, body, {
      "X-Signature-256": signBody("not-the-secret-but-long-enough-0123456789", body),
    });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).toMatchObject({ error: { code: "signature-mismatch", field: "X-Signature-256" } });
    // Signed, then changed on the way: the signature covers the exact bytes.
    const tampered = await post(running, body.replace("0.35", "0.95"), {
      "X-Signature-256": signBody(TEST_WEBHOOK_SECRET, body),
    });
    expect(tampered.status).toBe(401);
    expect(await harness.jobs("handoff.turn")).toEqual([]);
  });

  test("refuses a bad body with 400 naming the field", async ({ harness }) => {
    const running = await harness.startIngester();
    const badConfidence = await post(running, turn({ confidence: "high" }));
    expect(badConfidence.status).toBe(400);
    expect(badConfidence.body).toEqual({
      error: { code: "invalid-field", field: "confidence", message: expect.any(String) },
    });
    const badConversation = await post(running, turn({ conversationId: "conversation-1" }));
    expect(badConversation.body).toMatchObject({ error: { field: "conversationId" } });
    const notJson = await post(running, "{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: "invalid-json", field: "body" } });
    expect(await harness.jobs("handoff.turn")).toEqual([]);
    expect(running.rawLogs()).not.toContain("4111 1111");
  });

  test("answers unknown routes, wrong methods and oversized bodies as JSON errors", async ({ harness }) => {
    const running = await harness.startIngester();
    const unknown = await fetch(running.url("/webhooks/unknown"), { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not-found" } });
    const wrongMethod = await fetch(running.url("/webhooks/messaging"));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    const huge = turn({ padding: "x".repeat(100_000) });
    const tooLarge = await post(running, huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ error: { code: "payload-too-large", field: "body" } });
    // Still serving.
    expect((await post(running, turn())).status).toBe(202);
  });

  test("answers 503 while Redis is unavailable, so the sender retries; 202 once it is back", async ({
    harness,
  }) => {
    const { connection, proxy } = await harness.unreliableRedis();
    const running = await harness.startIngester({
      queueConnection: connection,
      tuning: { webhookEnqueueDeadlineMs: 500 },
    });
    const body = turn();
    proxy.down();
    const refused = await post(running, body);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: "enqueue-unavailable" } });
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(
      await running.metric("ingester_enqueue_failures_total", {
        job_name: "handoff.turn",
        source: "webhook",
      }),
    ).toBe(1);
    expect(await harness.jobs("handoff.turn")).toEqual([]);

    proxy.up();
    await until("the sender's retry to be accepted", async () => (await post(running, body)).status === 202);
    expect(await harness.jobs("handoff.turn")).toHaveLength(1);
  });

  test("refuses a compressed body with 415, signed or not: the signature is over the bytes sent", async ({
    harness,
  }) => {
    const running = await harness.startIngester();
    const body = turn();
    const compressed = gzipSync(body);
    for (const signed of [signBody(TEST_WEBHOOK_SECRET, compressed), signBody(TEST_WEBHOOK_SECRET, body)]) {
      const response = await fetch(running.url("/webhooks/messaging"), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "X-Signature-256": signed,
        },
        body: compressed,
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({
        error: { code: "unsupported-encoding", field: "content-encoding" },
      });
    }
    expect(await harness.jobs("handoff.turn")).toEqual([]);
    // "identity" is no compression at all.
    const plain = await post(running, body, {
      "X-Signature-256": signBody(TEST_WEBHOOK_SECRET, body),
      "content-encoding": "identity",
    });
    expect(plain.status).toBe(202);
  });

  test("an upper-case copy of a conversation id is the same conversation: one job", async ({ harness }) => {
    const running = await harness.startIngester();
    const conversationId = randomUUID();
    const lower = await post(running, turn({ conversationId }));
    const upper = await post(running, turn({ conversationId: conversationId.toUpperCase() }));
    expect(lower.body).toEqual({ jobId: `turn_${conversationId}_turn-1`, duplicate: false });
    expect(upper.body).toEqual({ jobId: `turn_${conversationId}_turn-1`, duplicate: true });
    expect(await harness.jobs("handoff.turn")).toHaveLength(1);
  });
});
