/**
 * The one rule, read from both sources: the ingester reads a conversation from its notification body, gap
 * recovery from its analytics detail. Against the emulator (which serves both shapes of the same
 * conversation), both readings must ask for the same jobs (ids and payloads) and give the same reason when
 * they ask for none, at every stage of a conversation's life.
 */
import { startTestEmulator } from "@routing/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  type ConversationDecisions,
  decisionsFor,
  readAnalyticsConversation,
  readNotificationConversation,
} from "../src/index.js";

type Emulator = Awaited<ReturnType<typeof startTestEmulator>>;

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((resource) => resource.close()));
});

interface Frame {
  readonly topicName: string;
  readonly eventBody: unknown;
}

/** Plain HTTP against the emulator as Genesys' API: a token, then bearer requests. */
async function genesysApi(emulator: Emulator) {
  const basic = Buffer.from("emulator-client-id:emulator-client-secret").toString("base64");
  const tokenResponse = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emulator.apiBaseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text === "" ? undefined : JSON.parse(text)) as T;
  };
}

/** A notification channel subscribed to one queue's conversations, keeping every frame. */
async function queueChannel(api: Awaited<ReturnType<typeof genesysApi>>, queueId: string) {
  const channel = await api<{ id: string; connectUri: string }>("POST", "/api/v2/notifications/channels");
  await api("PUT", `/api/v2/notifications/channels/${channel.id}/subscriptions`, [
    { id: `v2.routing.queues.${queueId}.conversations` },
  ]);
  const socket = new WebSocket(channel.connectUri);
  const frames: Frame[] = [];
  let pongs = 0;
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    if ((frame.eventBody as { message?: string } | undefined)?.message === "pong") pongs++;
    frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.terminate();
      }),
  });
  return {
    /** Resolves once every frame sent so far has arrived: the pong travels behind them. */
    async flush(): Promise<void> {
      const before = pongs;
      socket.send(JSON.stringify({ message: "ping" }));
      const deadline = Date.now() + 10_000;
      while (pongs === before) {
        if (Date.now() > deadline) throw new Error("no pong within 10 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** The conversation as the latest event about it showed it. */
    latestBody(conversationId: string): unknown {
      return frames
        .filter((frame) => frame.topicName === `v2.routing.queues.${queueId}.conversations`)
        .map((frame) => frame.eventBody as { id?: string })
        .findLast((body) => body.id === conversationId);
    },
  };
}

/** What a decision is, for comparison: name, job id and payload (when it was observed aside). */
function comparable(decisions: ConversationDecisions) {
  return {
    jobs: decisions.jobs.map((job) => ({
      name: job.name,
      jobId: job.opts.jobId,
      data: { ...job.data, observedAtMs: 0 },
    })),
    rejected: decisions.rejected.map((rejected) => rejected.field),
    noJobReason: decisions.noJobReason,
  };
}

describe("the notification reader and the analytics reader agree (decisionsFor)", () => {
  it("give the same job ids and payloads for the same emulator conversation at every stage", async () => {
    const emulator = await startTestEmulator({
      clock: "manual",
      contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0, routingDelayMs: 2000, wrapUpMs: 0 },
    });
    running.push(emulator);
    const api = await genesysApi(emulator);
    const snapshot = emulator.control.snapshot();
    const queue = snapshot.queues[0];
    const language = snapshot.languages[0];
    if (queue === undefined || language === undefined) throw new Error("the emulator has no queue");
    const channel = await queueChannel(api, queue.id);
    const conversations: string[] = [];
    const seen = { jobs: new Set<string>(), reasons: new Set<string>() };

    const compareAll = async (stage: string) => {
      await channel.flush();
      const now = emulator.control.now();
      const interval = `${new Date(now - 86_400_000).toISOString()}/${new Date(now + 60_000).toISOString()}`;
      for (const conversationId of conversations) {
        const body = channel.latestBody(conversationId);
        const { conversations: details = [] } = await api<{ conversations?: unknown[] }>(
          "POST",
          "/api/v2/analytics/conversations/details/query",
          {
            interval,
            conversationFilters: [
              { type: "and", predicates: [{ dimension: "conversationId", value: conversationId }] },
            ],
          },
        );
        const fromEvent = readNotificationConversation(body, queue.id, now);
        const fromDetail = readAnalyticsConversation(details[0], queue.id, now);
        if (fromEvent === undefined || fromDetail === undefined) throw new Error(`${stage}: unreadable`);
        const expected = comparable(decisionsFor(fromEvent));
        expect(comparable(decisionsFor(fromDetail)), `${stage}, conversation ${conversationId}`).toEqual(
          expected,
        );
        for (const job of expected.jobs)
          seen.jobs.add(`${job.name} round ${"round" in job.data ? job.data.round : ""}`);
        if (expected.noJobReason !== undefined) seen.reasons.add(expected.noJobReason);
      }
    };

    // Waiting: a call with every kind of requirement, a message with none, a callback booked for later,
    // and a call no agent qualifies for (routing never offers it; an assignment will).
    const idleAgent = snapshot.agents.find(
      (agent) => agent.queueIds.includes(queue.id) && agent.routingStatus.status === "IDLE",
    );
    if (idleAgent === undefined) throw new Error("no idle member");
    const unservable = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: snapshot.skills.map((skill) => skill.id),
    });
    conversations.push(
      unservable,
      emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
        languageId: language.id,
        skillExpressionId: "expr-billing-senior",
      }),
      emulator.control.createConversation({ queueId: queue.id, mediaType: "message" }),
      emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "callback",
        callbackScheduledTime: new Date(emulator.control.now() + 3_600_000).toISOString(),
      }),
    );
    await compareAll("waiting");

    // Offered: agents alerting (routed, or assigned for the call nobody qualifies for).
    await api("POST", `/api/v2/conversations/${unservable}/assign`, { id: idleAgent.id });
    await emulator.control.advance(2000);
    await compareAll("offered");

    // Declined: the customer is back in the queue (a new round): the unservable call waits, the message is
    // offered to the next agent at once.
    const [, , message = ""] = conversations;
    for (const conversationId of [unservable, message]) {
      const alerting = emulator.control
        .snapshot()
        .conversations.find((conversation) => conversation.id === conversationId)
        ?.participants.find(
          (participant) => participant.purpose === "agent" && participant.state === "alerting",
        );
      if (alerting !== undefined) {
        await api("PATCH", `/api/v2/conversations/${conversationId}/participants/${alerting.id}`, {
          state: "disconnected",
        });
      }
    }
    await compareAll("declined");

    // Answered, then the message ended by its customer.
    await emulator.control.advance(10_000);
    await compareAll("answered");
    const customer = emulator.control
      .snapshot()
      .conversations.find((conversation) => conversation.id === message)
      ?.participants.find((participant) => participant.purpose === "customer");
    await api("PATCH", `/api/v2/conversations/${message}/participants/${customer?.id}`, {
      state: "disconnected",
    });
    await compareAll("ended");

    // The scheduled callback's time comes: now it waits, and is offered.
    await emulator.control.advance(3_600_000);
    await compareAll("callback due");
    await emulator.control.advance(2000);
    await compareAll("callback offered");

    // The stages covered what the rule decides, not only the easy "nothing to do".
    expect([...seen.jobs].sort()).toEqual(
      expect.arrayContaining([
        "assignment.check round 0",
        "conversation.score round 0",
        "conversation.score round 1",
      ]),
    );
    expect([...seen.reasons]).toEqual(
      expect.arrayContaining(["not-waiting", "agent-connected", "conversation-ended"]),
    );
  });
});
