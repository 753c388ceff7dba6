/**
 * Bot-to-agent handoff end to end, the Genesys way: customer messages go through the emulator's Architect
 * flow (Call Digital Bot Connector) to our Bot Connector, which asks the emulator's NLU stub, runs the
 * handoff policy, and ends the bot session with the handoff intent and the queue and skills as slots; the
 * flow's Transfer to ACD puts the conversation in the queue, where the notification stream sees it like any
 * other and a conversation.score job is made. Fails on the code before the Bot Connector: there was no
 * /botconnector route, so the flow's first call got a 404 and took the failure path.
 */
import { describe, expect } from "vitest";
import { EMULATOR_NLU_PATH } from "../src/env.js";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({ contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 } });

const SECRET = "end-to-end-bot-connector-secret-0123456789";

describe("bot-to-agent handoff through Architect's Call Digital Bot Connector", () => {
  test("customer turns -> flow -> Bot Connector -> NLU -> handoff -> Transfer to ACD with the skills -> a score job", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = snapshot.queues[1] ?? snapshot.queues[0];
    if (queue === undefined) throw new Error("no queue");
    const skillIds = snapshot.skills.slice(0, 2).map((skill) => skill.id);
    const running = await harness.startIngester({
      botConnector: {
        secretHeader: "X-Bot-Connector-Secret",
        secret: SECRET,
        nlu: { url: `${emulator.apiBaseUrl}${EMULATOR_NLU_PATH}`, timeoutMs: 2_000, attempts: 2 },
        nluFailure: "handoff",
        handoffIntent: "Handoff",
        handoffQueueId: queue.id,
        handoffSkillIds: skillIds,
        confidenceThreshold: 0.75,
      },
    });
    await until("the notification stream to be open", () => running.ingester.state() === "open");
    emulator.control.clearLogs();

    // What a flow author configures: the integration's URI and credential, the bot from our bot list, and
    // on the Handoff intent's path a Transfer to ACD whose queue and skills come from the intent's slots.
    const flowId = emulator.messageFlows.define({
      name: "Web messaging with the handoff bot",
      botConnector: {
        uri: running.url("/botconnector"),
        credentials: { "X-Bot-Connector-Secret": SECRET },
        botId: "routing-handoff-bot",
        botVersion: "v1",
        botResponseTimeoutMs: 10_000,
      },
      intents: { Handoff: { queueEntity: "queueId", skillsEntity: "skillIds" } },
      failure: "disconnect",
    });
    const conversationId = emulator.messageFlows.startConversation(flowId);

    const first = await emulator.messageFlows.customerMessage(conversationId, "Where is my order?");
    expect(first).toMatchObject({ botState: "MoreData", outcome: "waiting-for-customer" });
    expect(first.replyTexts).toEqual(["I can check an order. What is the order number?"]);
    const second = await emulator.messageFlows.customerMessage(conversationId, "Just let me talk to a human");
    expect(second).toMatchObject({
      botState: "Complete",
      intent: "Handoff",
      path: "intent",
      outcome: "transferred-to-acd",
      transfer: { queueId: queue.id, skillIds },
    });

    // The conversation is in the queue with the skills, like any other; the ingester made a score job.
    const moved = emulator.control
      .snapshot()
      .conversations.find((conversation) => conversation.id === conversationId);
    expect(moved).toMatchObject({ queueId: queue.id, skillIds });
    expect(moved?.participants.find((p) => p.purpose === "customer")?.state).toBe("connected");
    let scoreJobs: Awaited<ReturnType<typeof harness.jobs>> = [];
    await until("a conversation.score job for the handed-off conversation", async () => {
      scoreJobs = (await harness.jobs("conversation.score")).filter(
        (job) => job.data.conversationId === conversationId,
      );
      return scoreJobs.length > 0;
    });
    expect(scoreJobs[0]?.data).toMatchObject({
      conversationId,
      queueId: queue.id,
      mediaType: "message",
      skillIds,
    });

    // Zero Genesys REST calls made the handoff: Architect moved the conversation, not us.
    expect(emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/"))).toEqual([]);
    expect(await running.metric("ingester_bot_connector_turns_total", { outcome: "handoff" })).toBe(1);
    expect(
      await running.metric("ingester_bot_connector_handoffs_total", { trigger: "escalation-intent" }),
    ).toBe(1);
  });
});
