/**
 * The emulator's Architect inbound message flow calling a bot through the Digital Bot Connector
 * (https://developer.genesys.cloud/commdigital/textbots/digital-botconnector-customer-api-spec), against a
 * bot played by a plain HTTP server in the test: what Genesys sends, and what it does with each answer.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorSnapshot, MessageFlowInput, RunningEmulator } from "../src/index.js";
import type { ConversationBody } from "./genesys-shapes.js";
import { getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();
const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0, routingDelayMs: 2000, wrapUpMs: 0 } as const;

interface Received {
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

type Answer = { status: number; body?: unknown; delayMs?: number };

const bots: Server[] = [];
afterEach(async () => {
  await Promise.all(
    bots.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A bot at http://127.0.0.1:{port}/botconnector that answers each POST with the next scripted answer. */
async function startBot(answers: Answer[]): Promise<{ uri: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      const answer = answers.shift() ?? { status: 500 };
      const send = () => {
        response.writeHead(answer.status, { "content-type": "application/json" });
        response.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
      };
      if (answer.delayMs === undefined) send();
      else setTimeout(send, answer.delayMs).unref();
    });
  });
  bots.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/botconnector`, received };
}

function conversationOf(emulator: RunningEmulator, id: string): EmulatorSnapshot["conversations"][number] {
  const found = emulator.control.snapshot().conversations.find((conversation) => conversation.id === id);
  if (found === undefined) throw new Error(`no conversation ${id}`);
  return found;
}

function flowFor(uri: string, extra: Partial<MessageFlowInput> = {}): MessageFlowInput {
  return {
    name: "Support bot flow",
    botConnector: {
      uri,
      botId: "handoff-bot",
      botVersion: "v1",
      credentials: { "X-Connection-Secret": "secret-value" },
      botResponseTimeoutMs: 2_000,
      sessionVariables: { channel: "web" },
    },
    intents: { Handoff: { queueEntity: "queueId", skillsEntity: "skillIds" } },
    ...extra,
  };
}

const moreData = (text: string): Answer => ({
  status: 200,
  body: { botState: "MoreData", replyMessages: [{ type: "Text", text }] },
});

describe("message flows: Call Digital Bot Connector, then Transfer to ACD", () => {
  it("posts each customer message in the documented shape, follows MoreData, and on Complete transfers to the queue and skills the bot returned", async () => {
    const emulator = await start({ clock: "manual", contactCentre: QUIET });
    const snapshot = emulator.control.snapshot();
    const [queue] = snapshot.queues;
    const skillIds = snapshot.skills.slice(0, 2).map((skill) => skill.id);
    if (queue === undefined) throw new Error("no queue");
    const bot = await startBot([
      moreData("How can I help?"),
      {
        status: 200,
        body: {
          botState: "Complete",
          intent: "Handoff",
          confidence: 0.4,
          replyMessages: [{ type: "Text", text: "Connecting you." }],
          entities: [
            { name: "queueId", type: "String", value: queue.id },
            { name: "skillIds", type: "StringCollection", values: skillIds },
          ],
          parameters: { reason: "below-threshold" },
        },
      },
    ]);
    const token = await getToken(emulator);
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
    const flowId = emulator.messageFlows.define(flowFor(bot.uri));
    const conversationId = emulator.messageFlows.startConversation(flowId);

    const first = await emulator.messageFlows.customerMessage(conversationId, "hi there");
    expect(first).toMatchObject({
      botState: "MoreData",
      outcome: "waiting-for-customer",
      path: null,
      replyTexts: ["How can I help?"],
      attempts: 1,
    });
    expect(conversationOf(emulator, conversationId).state).toBe("in-flow");
    const second = await emulator.messageFlows.customerMessage(conversationId, "this is wrong");

    expect(second).toMatchObject({
      botState: "Complete",
      intent: "Handoff",
      path: "intent",
      outcome: "transferred-to-acd",
      transfer: { queueId: queue.id, skillIds },
    });
    // The request as the spec's IncomingMessagesRequest, one session for both messages, credentials as headers.
    expect(bot.received).toHaveLength(2);
    const [one, two] = bot.received;
    expect(one?.body).toEqual({
      botId: "handoff-bot",
      botVersion: "v1",
      botSessionId: expect.any(String),
      messageId: expect.any(String),
      inputMessage: { type: "Text", text: "hi there" },
      languageCode: "en-us",
      botSessionTimeout: 720,
      genesysConversationId: conversationId,
      parameters: { channel: "web" },
    });
    expect(two?.body.botSessionId).toBe(one?.body.botSessionId);
    expect(two?.body.messageId).not.toBe(one?.body.messageId);
    expect(one?.headers["x-connection-secret"]).toBe("secret-value");
    // Transfer to ACD: the flow let go, the conversation waits in the queue with the skills, on the topic.
    const moved = conversationOf(emulator, conversationId);
    expect(moved).toMatchObject({ state: "waiting", queueId: queue.id, skillIds });
    const event = await channel.waitFor(
      (frame) => (frame.eventBody as ConversationBody).id === conversationId,
    );
    const acd = (event.eventBody as ConversationBody).participants.find((p) => p.purpose === "acd");
    expect(acd?.conversationRoutingData?.skills).toEqual(skillIds.map((id) => ({ id })));
    expect(emulator.messageFlows.transcript(conversationId)).toEqual([
      { from: "customer", text: "hi there" },
      { from: "bot", text: "How can I help?" },
      { from: "customer", text: "this is wrong" },
      { from: "bot", text: "Connecting you." },
    ]);
    await expect(emulator.messageFlows.customerMessage(conversationId, "hello?")).rejects.toThrow(
      /no longer held by its flow/,
    );
  });

  it("retries a 5xx with the same messageId, and takes the failure path after the last attempt", async () => {
    const emulator = await start({ clock: "manual", contactCentre: QUIET });
    const [queue] = emulator.control.snapshot().queues;
    if (queue === undefined) throw new Error("no queue");
    const bot = await startBot([{ status: 503 }, { status: 502 }, { status: 500 }]);
    const flowId = emulator.messageFlows.define(flowFor(bot.uri, { failure: { queueId: queue.id } }));
    const conversationId = emulator.messageFlows.startConversation(flowId);

    const result = await emulator.messageFlows.customerMessage(conversationId, "hello");

    expect(result).toMatchObject({
      botState: null,
      path: "failure",
      errorType: "ServiceProviderErrorResponse",
      outcome: "transferred-to-acd",
      transfer: { queueId: queue.id, skillIds: [] },
      attempts: 3,
    });
    expect(new Set(bot.received.map((entry) => entry.body.messageId)).size).toBe(1);
  });

  it("a 4xx is not retried; a slow bot is a timeout; a broken answer is invalid; each takes the failure path", async () => {
    const emulator = await start({ clock: "manual", contactCentre: QUIET });
    const bot = await startBot([
      { status: 403, body: { error: "forbidden" } },
      { status: 200, body: { botState: "MoreData" }, delayMs: 1_500 },
      { status: 200, body: { botState: "Thinking" } },
    ]);
    const flowId = emulator.messageFlows.define(
      flowFor(bot.uri, {
        botConnector: { uri: bot.uri, botId: "b", botVersion: "v", botResponseTimeoutMs: 300 },
      }),
    );
    const outcomes = [];
    for (const text of ["one", "two", "three"]) {
      const conversationId = emulator.messageFlows.startConversation(flowId);
      outcomes.push(await emulator.messageFlows.customerMessage(conversationId, text));
      expect(conversationOf(emulator, conversationId).state).toBe("ended");
    }
    expect(outcomes.map((outcome) => [outcome.errorType, outcome.attempts, outcome.outcome])).toEqual([
      ["ServiceProviderErrorResponse", 1, "disconnected"],
      ["ServiceProviderTimeout", 1, "disconnected"],
      ["ServiceProviderInvalidResponse", 1, "disconnected"],
    ]);
    expect(outcomes[2]?.errorMessage).toContain("botState");
  });

  it("Complete with an intent the flow has no path for, or Failed, takes the failure path", async () => {
    const emulator = await start({ clock: "manual", contactCentre: QUIET });
    const bot = await startBot([
      { status: 200, body: { botState: "Complete", intent: "OrderPizza" } },
      { status: 200, body: { botState: "Failed", errorInfo: { errorCode: "x", errorMessage: "no idea" } } },
    ]);
    const flowId = emulator.messageFlows.define(flowFor(bot.uri));
    const first = await emulator.messageFlows.customerMessage(
      emulator.messageFlows.startConversation(flowId),
      "a",
    );
    const second = await emulator.messageFlows.customerMessage(
      emulator.messageFlows.startConversation(flowId),
      "b",
    );
    expect(first).toMatchObject({ path: "failure", errorType: "IntentWithoutPath", outcome: "disconnected" });
    expect(second).toMatchObject({ botState: "Failed", path: "failure", errorMessage: "no idea" });
  });

  it("refuses a bad flow naming the field, and is driven over HTTP too", async () => {
    const emulator = await start({ clock: "manual", contactCentre: QUIET });
    expect(() =>
      emulator.messageFlows.define({ botConnector: { uri: "ftp://x", botId: "b", botVersion: "v" } }),
    ).toThrow(/botConnector\.uri/);
    const bot = await startBot([moreData("Hello from the bot")]);
    const control = (path: string, body: unknown) =>
      fetch(`${emulator.apiBaseUrl}/__emulator${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const defined = await control("/message-flows", flowFor(bot.uri));
    expect(defined.status).toBe(201);
    const { id: flowId } = (await defined.json()) as { id: string };
    const started = await control(`/message-flows/${flowId}/conversations`, {});
    const { id: conversationId } = (await started.json()) as { id: string };
    const sent = await control(`/conversations/${conversationId}/customer-messages`, { text: "hi" });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ botState: "MoreData", replyTexts: ["Hello from the bot"] });
    const missing = await control("/conversations/nope/customer-messages", { text: "hi" });
    expect(missing.status).toBe(404);
    const bad = await control("/message-flows", { botConnector: {} });
    expect(bad.status).toBe(400);
  });
});

describe("NLU stub", () => {
  it("is deterministic, honours a directive, and can be reconfigured over HTTP", async () => {
    const emulator = await start({ contactCentre: QUIET });
    const parse = async (text: string) => {
      const response = await fetch(`${emulator.apiBaseUrl}/__emulator/nlu/parse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, languageCode: "en-us" }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await parse("Where is my invoice?")).body).toMatchObject({ intent: "billing", confidence: 0.91 });
    expect(await parse("Where is my invoice?")).toEqual(await parse("Where is my invoice?"));
    expect((await parse("I want a human")).body).toMatchObject({ intent: "speak_to_agent" });
    expect((await parse("blah")).body).toMatchObject({ intent: null, confidence: 0.3 });
    expect((await parse("invoice [nlu confidence=0.42]")).body).toMatchObject({
      intent: "billing",
      confidence: 0.42,
    });
    expect((await parse("[nlu intent=refund confidence=0.8]")).body).toMatchObject({
      intent: "refund",
      confidence: 0.8,
    });
    expect((await parse(undefined as unknown as string)).status).toBe(400);

    const configured = await fetch(`${emulator.apiBaseUrl}/__emulator/nlu/rules`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ match: "blah", intent: "chatter", confidence: 0.77 }] }),
    });
    expect(configured.status).toBe(204);
    expect((await parse("blah")).body).toMatchObject({ intent: "chatter", confidence: 0.77 });
    await fetch(`${emulator.apiBaseUrl}/__emulator/nlu/rules`, { method: "DELETE" });
    expect((await parse("blah")).body).toMatchObject({ intent: null });
  });
});
