/**
 * The Bot Connector endpoint over real HTTP, as Genesys' Digital Bot Connector calls it
 * (https://developer.genesys.cloud/commdigital/textbots/digital-botconnector-customer-api-spec), with the
 * emulator's NLU stub, the handoff state in the test's Redis, and no Genesys REST call on the turn path.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handoffSessionKey } from "@routing/handoff-sessions";
import { afterEach, describe, expect } from "vitest";
import type { BotConnectorSettings } from "../src/bot-connector/bot-connector.js";
import { EMULATOR_NLU_PATH } from "../src/env.js";
import { ingesterTest, type RunningIngester } from "./support/ingester-harness.js";

const test = ingesterTest({ contactCentre: { arrivalsPerMinute: 0 } });

const SECRET = "integration-test-bot-connector-secret-0123456789";
const QUEUE_ID = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02";
const SKILL_IDS = ["93a4b5c6-d7e8-4f96-b2a3-b4c5d6e7f80b", "a4b5c6d7-e8f9-4a07-83b4-c5d6e7f8090c"];
/** Something the customer typed that must never leave the NLU call. */
// Assertions look for "4111 1111": four digits alone turn up in random ports and ids.
const PRIVATE = "my card number is 4111 1111 1111 1111";

function settings(nluUrl: string, overrides: Partial<BotConnectorSettings> = {}): BotConnectorSettings {
  return {
    secretHeader: "X-Bot-Connector-Secret",
    secret: SECRET,
    nlu: { url: nluUrl, timeoutMs: 1_000, attempts: 2 },
    nluFailure: "handoff",
    handoffIntent: "Handoff",
    handoffQueueId: QUEUE_ID,
    handoffSkillIds: SKILL_IDS,
    confidenceThreshold: 0.75,
    ...overrides,
  };
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(
  running: RunningIngester,
  path: string,
  init: { method?: string; body?: unknown; secret?: string | null } = {},
): Promise<Answer> {
  const secret = init.secret === undefined ? SECRET : init.secret;
  const response = await fetch(running.url(path), {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      "content-type": "application/json",
      ...(secret === null ? {} : { "X-Bot-Connector-Secret": secret }),
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An IncomingMessagesRequest as Genesys sends it. */
function message(conversationId: string, text: string, overrides: Record<string, unknown> = {}) {
  return {
    botId: "routing-handoff-bot",
    botVersion: "v1",
    botSessionId: `session-${conversationId}`,
    messageId: randomUUID(),
    inputMessage: { type: "Text", text },
    languageCode: "en-us",
    botSessionTimeout: 60,
    genesysConversationId: conversationId,
    parameters: { channel: "web" },
    ...overrides,
  };
}

const send = (running: RunningIngester, body: unknown, secret?: string | null) =>
  call(running, "/botconnector/messages", { body, ...(secret === undefined ? {} : { secret }) });

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** An NLU that is down (500) or never answers ("hang"), counting the requests it gets. */
async function brokenNlu(mode: 500 | "hang"): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    if (mode === 500) response.writeHead(500).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parse`,
    requests: () => requests,
  };
}

describe("ingester: Bot Connector", () => {
  test("serves the bot list Architect reads, with the handoff intent and its slots; other bots are 404", async ({
    emulator,
    harness,
  }) => {
    const running = await harness.startIngester({
      botConnector: settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`),
    });
    const list = await call(running, "/botconnector/bots");
    expect(list.status).toBe(200);
    const bot = {
      id: "routing-handoff-bot",
      name: expect.any(String),
      provider: expect.any(String),
      description: expect.any(String),
      versions: [
        {
          version: "v1",
          supportedLanguages: ["en-us"],
          intents: [
            {
              name: "Handoff",
              entities: [
                { name: "queueId", type: "String" },
                { name: "skillIds", type: "StringCollection" },
                { name: "handoffReason", type: "String" },
                { name: "detectedIntent", type: "String" },
                { name: "detectedConfidence", type: "Decimal" },
              ],
            },
          ],
        },
      ],
    };
    expect(list.body).toEqual({ entities: [bot] });
    expect(await call(running, "/botconnector/bots/routing-handoff-bot")).toEqual({ status: 200, body: bot });
    expect((await call(running, "/botconnector/bots/another-bot")).status).toBe(404);
    expect((await call(running, "/botconnector/bots", { secret: null })).status).toBe(403);
  });

  test("refuses a missing or wrong connection secret with 403 and a bad request with 400/404 naming the field; stores nothing, logs no secret", async ({
    emulator,
    harness,
    redis,
  }) => {
    const running = await harness.startIngester({
      botConnector: settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`),
    });
    const conversationId = randomUUID();
    const missing = await send(running, message(conversationId, "hello"), null);
    expect(missing).toEqual({
      status: 403,
      body: {
        error: { code: "secret-missing", field: "X-Bot-Connector-Secret", message: expect.any(String) },
      },
    });
    const wrong = await send(running, message(conversationId, "hello"), `${SECRET}-not`);
    expect(wrong.body).toMatchObject({ error: { code: "secret-mismatch" } });

    const noMessageId = await send(running, { ...message(conversationId, "hi"), messageId: undefined });
    expect(noMessageId).toMatchObject({
      status: 400,
      body: { error: { code: "invalid-field", field: "messageId" } },
    });
    const badTimeout = await send(running, message(conversationId, "hi", { botSessionTimeout: "soon" }));
    expect(badTimeout.body).toMatchObject({ error: { field: "botSessionTimeout" } });
    const noText = await send(running, message(conversationId, "", { inputMessage: { type: "Text" } }));
    expect(noText.body).toMatchObject({ error: { field: "inputMessage" } });
    expect((await send(running, "{not json")).body).toMatchObject({ error: { code: "invalid-json" } });
    const otherBot = await send(running, message(conversationId, "hi", { botId: "someone-else" }));
    expect(otherBot).toMatchObject({
      status: 404,
      body: { error: { code: "bot-not-found", field: "botId" } },
    });

    expect(await redis.connection.exists(handoffSessionKey(redis.prefix, conversationId))).toBe(0);
    expect(running.rawLogs()).not.toContain(SECRET);
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "forbidden" })).toBe(2);
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "invalid-request" })).toBe(
      4,
    );
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "unknown-bot" })).toBe(1);
  });

  test("keeps the conversation while the customer is understood (MoreData with the NLU's reply), then hands off with the queue and skills as the handoff intent's slots; no Genesys REST call, no customer text kept", async ({
    emulator,
    harness,
    redis,
  }) => {
    const running = await harness.startIngester({
      botConnector: settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`),
    });
    emulator.control.clearLogs();
    const conversationId = randomUUID();
    // In core's low band [0.75, 0.85): the third such turn in a row hands off.
    const low = `${PRIVATE} [nlu intent=billing confidence=0.8]`;

    const first = await send(running, message(conversationId, low));
    const second = await send(running, message(conversationId, "my invoice [nlu confidence=0.8]"));
    const third = await send(running, message(conversationId, low));
    const later = await send(running, message(conversationId, "thanks [nlu confidence=0.99]"));

    const reply = "I can help with billing. Which invoice is it about?";
    expect(first).toEqual({
      status: 200,
      body: { botState: "MoreData", replyMessages: [{ type: "Text", text: reply }] },
    });
    expect(second.body).toMatchObject({ botState: "MoreData" });
    expect(third).toEqual({
      status: 200,
      body: {
        botState: "Complete",
        intent: "Handoff",
        replyMessages: [{ type: "Text", text: expect.any(String) }],
        entities: [
          { name: "queueId", type: "String", value: QUEUE_ID },
          { name: "skillIds", type: "StringCollection", values: SKILL_IDS },
          { name: "handoffReason", type: "String", value: "repeated-low-confidence" },
          { name: "detectedIntent", type: "String", value: "billing" },
          { name: "detectedConfidence", type: "Decimal", value: "0.8" },
        ],
        parameters: {
          queueId: QUEUE_ID,
          skillIds: SKILL_IDS.join(","),
          handoffReason: "repeated-low-confidence",
          detectedIntent: "billing",
        },
      },
    });
    expect(later.body).toMatchObject({
      botState: "Complete",
      intent: "Handoff",
      entities: expect.arrayContaining([
        { name: "handoffReason", type: "String", value: "already-handed-off" },
      ]),
    });

    // Zero Genesys REST calls on this path: the emulator saw no /api request while the turns ran.
    expect(emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"))).toEqual([]);
    const stored = await redis.connection.get(handoffSessionKey(redis.prefix, conversationId));
    expect(JSON.parse(stored ?? "{}")).toMatchObject({ state: { turns: 3, handedOff: { atTurn: 3 } } });
    expect(stored).not.toContain("4111 1111");
    expect(running.rawLogs()).not.toContain("4111 1111");
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "more-data" })).toBe(2);
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "handoff" })).toBe(1);
    expect(
      await running.metric("ingester_bot_connector_turns_total", { outcome: "already-handed-off" }),
    ).toBe(1);
    expect(
      await running.metric("ingester_bot_connector_handoffs_total", { trigger: "repeated-low-confidence" }),
    ).toBe(1);
    expect(await running.metric("ingester_bot_connector_nlu_requests_total", { result: "ok" })).toBe(4);
  });

  test("a message Genesys sends again (same messageId) is answered from the recorded decision and counted once", async ({
    emulator,
    harness,
    redis,
  }) => {
    const running = await harness.startIngester({
      botConnector: settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`),
    });
    const conversationId = randomUUID();
    const once = message(conversationId, "I want a human");
    const first = await send(running, once);
    const again = await send(running, once);
    expect(first.body).toMatchObject({ botState: "Complete", intent: "Handoff" });
    expect(again).toEqual(first);
    const stored = JSON.parse(
      (await redis.connection.get(handoffSessionKey(redis.prefix, conversationId))) ?? "{}",
    );
    expect(stored.state.turns).toBe(1);
    expect(await running.metric("ingester_bot_connector_replays_total")).toBe(1);
    expect(await running.metric("ingester_bot_connector_handoffs_total")).toBe(1);
  });

  test("an NLU that keeps failing is asked a bounded number of times; the customer is handed off (default) or the flow's failure path taken", async ({
    harness,
  }) => {
    const down = await brokenNlu(500);
    const handing = await harness.startIngester({ botConnector: settings(down.url) });
    const handedOff = await send(handing, message(randomUUID(), "hello"));
    expect(handedOff.body).toMatchObject({
      botState: "Complete",
      intent: "Handoff",
      entities: expect.arrayContaining([{ name: "handoffReason", type: "String", value: "below-threshold" }]),
      parameters: expect.objectContaining({ nluUnavailable: "true" }),
    });
    expect(down.requests()).toBe(2);

    const hanging = await brokenNlu("hang");
    const failing = await harness.startIngester({
      botConnector: settings(hanging.url, {
        nluFailure: "failed",
        nlu: { url: hanging.url, timeoutMs: 150, attempts: 2 },
      }),
    });
    const started = Date.now();
    const failed = await send(failing, message(randomUUID(), "hello"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failed).toEqual({
      status: 200,
      body: {
        botState: "Failed",
        errorInfo: { errorCode: "nlu-unavailable", errorMessage: expect.any(String) },
      },
    });
    expect(hanging.requests()).toBe(2);
    expect(await failing.metric("ingester_bot_connector_nlu_requests_total", { result: "timeout" })).toBe(2);
    expect(await failing.metric("ingester_bot_connector_turns_total", { outcome: "failed-nlu" })).toBe(1);
  });

  test("answers 503 while Redis is unavailable, so Genesys retries; the retry is decided once Redis is back", async ({
    emulator,
    harness,
  }) => {
    const { connection, proxy } = await harness.unreliableRedis();
    const running = await harness.startIngester({
      queueConnection: connection,
      botConnector: settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`),
    });
    const body = message(randomUUID(), "order status please");
    proxy.down();
    const refused = await send(running, body);
    expect(refused).toMatchObject({ status: 503, body: { error: { code: "state-unavailable" } } });
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "unavailable" })).toBe(1);
    proxy.up();
    let retried: Answer | undefined;
    for (let attempt = 0; attempt < 100 && retried?.status !== 200; attempt++) {
      retried = await send(running, body);
      if (retried.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(retried?.body).toMatchObject({ botState: "MoreData" });
  });

  test("two ingester replicas taking turns of one conversation at once: every turn counts, one handoff", async ({
    emulator,
    harness,
    redis,
  }) => {
    const botConnector = settings(`${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`);
    const replicas = [
      await harness.startIngester({ botConnector }),
      await harness.startIngester({ botConnector }),
    ];
    const conversationIds = Array.from({ length: 5 }, () => randomUUID());
    const answers = await Promise.all(
      conversationIds.flatMap((conversationId) =>
        [0, 1, 2].map((index) =>
          send(replicas[index % 2] as RunningIngester, message(conversationId, "bill [nlu confidence=0.8]")),
        ),
      ),
    );
    for (const [index, conversationId] of conversationIds.entries()) {
      const states = answers.slice(index * 3, index * 3 + 3).map((answer) => answer.body.botState);
      expect(states.filter((state) => state === "Complete")).toHaveLength(1);
      expect(states.filter((state) => state === "MoreData")).toHaveLength(2);
      const stored = JSON.parse(
        (await redis.connection.get(handoffSessionKey(redis.prefix, conversationId))) ?? "{}",
      );
      expect(stored.state.turns).toBe(3);
    }
    const handoffs = await Promise.all(
      replicas.map((replica) => replica.metric("ingester_bot_connector_handoffs_total")),
    );
    expect(handoffs.reduce((sum, value) => sum + value, 0)).toBe(5);
  });
});
