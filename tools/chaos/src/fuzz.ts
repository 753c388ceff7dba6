import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import fc from "fast-check";

/** One webhook request the fuzzer sends: a body and the headers that go with it. */
export interface FuzzedRequest {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

const sign = (secret: string, body: Buffer) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** Turns that are almost right, and anything at all, as the messaging platform (or an attacker) may send. */
const turnLike = fc.record(
  {
    conversationId: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null)),
    participantId: fc.oneof(fc.uuid(), fc.string(), fc.constant(undefined)),
    turnId: fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.integer(), fc.string({ maxLength: 400 })),
    messageId: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(undefined)),
    intent: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.anything()),
    confidence: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
    text: fc.string({ maxLength: 200 }),
  },
  { requiredKeys: [] },
);

const bodyText = fc.oneof(
  { weight: 5, arbitrary: turnLike.map((turn) => JSON.stringify(turn)) },
  { weight: 2, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant("x".repeat(70 * 1024)) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ depthSize: "large" }).map((value) => JSON.stringify(value) ?? "null"),
  },
);

const signing = fc.constantFrom(
  "valid",
  "valid",
  "valid",
  "valid",
  "wrong",
  "missing",
  "gzip",
  "garbage-header",
);

/** `count` webhook requests, reproducible from `seed`. */
export function fuzzedWebhookRequests(secret: string, count: number, seed: number): FuzzedRequest[] {
  return fc.sample(fc.tuple(bodyText, signing), { numRuns: count, seed }).map(([text, how]) => {
    const plain = Buffer.from(text, "utf8");
    const headers: Record<string, string> = { "content-type": "application/json" };
    switch (how) {
      case "valid":
        return { body: plain, headers: { ...headers, "X-Signature-256": sign(secret, plain) } };
      case "wrong":
        return { body: plain, headers: { ...headers, "X-Signature-256": sign(`${secret}-not`, plain) } };
      case "missing":
        return { body: plain, headers };
      case "garbage-header":
        return { body: plain, headers: { ...headers, "X-Signature-256": `sha256=${"zz".repeat(40)}` } };
      default: {
        const body = gzipSync(plain);
        return {
          body,
          headers: { ...headers, "content-encoding": "gzip", "X-Signature-256": sign(secret, body) },
        };
      }
    }
  });
}

/**
 * Notification frames no Genesys would send: made-up topics (each a potential metric series), real queue
 * topics with mangled conversations, and text that is not JSON at all. Ids are not UUIDs, so no frame can
 * make a job the catalog accepts (a decision on a conversation that does not exist).
 */
export function fuzzedFrames(queueTopics: readonly string[], count: number, seed: number): string[] {
  const participant = fc.record(
    {
      id: fc.string({ maxLength: 20 }),
      purpose: fc.constantFrom("customer", "acd", "agent", "workflow", ""),
      queueId: fc.string({ maxLength: 20 }),
      userId: fc.string({ maxLength: 20 }),
      calls: fc.array(fc.record({ state: fc.constantFrom("alerting", "connected", "disconnected", 7) })),
      conversationRoutingData: fc.anything(),
    },
    { requiredKeys: [] },
  );
  const conversation = fc.record(
    {
      id: fc.string({ maxLength: 30 }),
      participants: fc.oneof(fc.array(participant, { maxLength: 6 }), fc.anything()),
    },
    { requiredKeys: [] },
  );
  const topic = fc.oneof(
    fc.constantFrom(...(queueTopics.length > 0 ? queueTopics : ["v2.routing.queues.x.conversations"])),
    fc.string({ maxLength: 60 }).map((name) => `v2.made.up.${name}`),
    fc.string({ maxLength: 100 }),
    fc.integer(),
  );
  const frame = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ topicName: topic, eventBody: conversation }).map((f) => JSON.stringify(f)),
    },
    {
      weight: 2,
      arbitrary: fc.record({ topicName: topic, eventBody: fc.anything() }).map((f) => JSON.stringify(f)),
    },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
  return fc.sample(frame, { numRuns: count, seed });
}
