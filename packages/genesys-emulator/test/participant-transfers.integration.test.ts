/**
 * POST /api/v2/conversations/{id}/participants/{pid}/replace/queue as Genesys documents it: "Replace this
 * participant with the specified queue" (ConversationsApi.md postConversationParticipantReplaceQueue,
 * TransferToQueueRequest). Replace acts on the participant NAMED and disconnects it.
 */
import { describe, expect, it } from "vitest";
import type { EmulatorSnapshot, RunningEmulator } from "../src/index.js";
import type { ConversationBody, ErrorBody } from "./genesys-shapes.js";
import { api, getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();
const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0, routingDelayMs: 2000, wrapUpMs: 0 } as const;

type Conversation = EmulatorSnapshot["conversations"][number];

function conversationOf(emulator: RunningEmulator, id: string): Conversation {
  const conversation = emulator.control.snapshot().conversations.find((candidate) => candidate.id === id);
  if (conversation === undefined) throw new Error(`no conversation ${id}`);
  return conversation;
}

async function setUp() {
  const emulator = await start({ clock: "manual", contactCentre: QUIET });
  const token = await getToken(emulator);
  const [queue, target] = emulator.control.snapshot().queues;
  if (queue === undefined || target === undefined) throw new Error("need two queues");
  const skillId = emulator.control.snapshot().skills[0]?.id ?? "";
  const flowId = emulator.messageFlows.define({
    name: "Bot flow",
    botConnector: { uri: "http://127.0.0.1:9/botconnector", botId: "bot", botVersion: "v1" },
  });
  const replaceQueue = (conversationId: string, participantId: string, body: unknown) =>
    api<ErrorBody>(
      emulator,
      token,
      "POST",
      `/api/v2/conversations/${conversationId}/participants/${participantId}/replace/queue`,
      body,
    );
  return { emulator, token, queue, target, skillId, flowId, replaceQueue };
}

describe("replace/queue", () => {
  it("on the flow's participant: the flow lets go and the conversation waits in the queue, published on its topic", async () => {
    const { emulator, token, target, flowId, replaceQueue } = await setUp();
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${target.id}.conversations`]);
    const conversationId = emulator.messageFlows.startConversation(flowId);
    const held = conversationOf(emulator, conversationId);
    expect(held.state).toBe("in-flow");
    expect(held.participants.map((p) => [p.purpose, p.state])).toEqual([
      ["customer", "connected"],
      ["workflow", "connected"],
    ]);
    const flow = held.participants.find((p) => p.purpose === "workflow");

    const replaced = await replaceQueue(conversationId, flow?.id ?? "", {
      queueId: target.id,
      transferType: "Unattended",
      keepInternalMessageAlive: false,
    });

    expect(replaced.status).toBe(202);
    const moved = conversationOf(emulator, conversationId);
    expect(moved.state).toBe("waiting");
    expect(moved.queueId).toBe(target.id);
    expect(moved.participants.map((p) => [p.purpose, p.state])).toEqual([
      ["customer", "connected"],
      ["workflow", "disconnected"],
      ["acd", "connected"],
    ]);
    const event = await channel.waitFor(
      (frame) => (frame.eventBody as ConversationBody).id === conversationId,
    );
    const acd = (event.eventBody as ConversationBody).participants.find((p) => p.purpose === "acd");
    expect(acd?.queueId).toBe(target.id);
    // The REST view of the conversation agrees, and shows no routing data on the flow's participant.
    const rest = await api<ConversationBody>(
      emulator,
      token,
      "GET",
      `/api/v2/conversations/${conversationId}`,
    );
    const flowLeg = rest.body.participants.find((p) => p.purpose === "workflow");
    expect(flowLeg?.messages[0]).toMatchObject({ state: "disconnected", disconnectType: "transfer" });
    expect(flowLeg?.conversationRoutingData).toBeUndefined();
  });

  it("on the customer's participant: the customer is disconnected and the conversation ends (nobody is left to route)", async () => {
    const { emulator, target, flowId, replaceQueue } = await setUp();
    const conversationId = emulator.messageFlows.startConversation(flowId);
    const customer = conversationOf(emulator, conversationId).participants.find(
      (p) => p.purpose === "customer",
    );

    const replaced = await replaceQueue(conversationId, customer?.id ?? "", { queueId: target.id });

    expect(replaced.status).toBe(202);
    const after = conversationOf(emulator, conversationId);
    expect(after.state).toBe("ended");
    expect(after.participants.every((p) => p.state === "disconnected")).toBe(true);
    expect(after.participants.some((p) => p.purpose === "acd")).toBe(false);
  });

  it("on the customer's participant of a waiting conversation: the customer leaves the queue (abandoned)", async () => {
    const { emulator, queue, target, replaceQueue } = await setUp();
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "message" });
    const customer = conversationOf(emulator, conversationId).participants.find(
      (p) => p.purpose === "customer",
    );
    expect((await replaceQueue(conversationId, customer?.id ?? "", { queueId: target.id })).status).toBe(202);
    const after = conversationOf(emulator, conversationId);
    expect(after.state).toBe("ended");
    expect(
      emulator.control.snapshot().queues.find((q) => q.id === queue.id)?.waitingConversationIds,
    ).not.toContain(conversationId);
  });

  it("on the acd participant: the conversation moves from one queue to the other; a queue may be named by its name", async () => {
    const { emulator, queue, target, replaceQueue } = await setUp();
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    const acd = conversationOf(emulator, conversationId).participants.find((p) => p.purpose === "acd");
    expect((await replaceQueue(conversationId, acd?.id ?? "", { queueName: target.name })).status).toBe(202);
    const moved = conversationOf(emulator, conversationId);
    expect(moved).toMatchObject({ state: "waiting", queueId: target.id });
    expect(moved.participants.find((p) => p.id === acd?.id)?.state).toBe("disconnected");
  });

  it("answers Genesys errors naming the field: no queue, unknown queue, bad transferType, unknown ids, not connected", async () => {
    const { emulator, token, queue, target, flowId, replaceQueue } = await setUp();
    const conversationId = emulator.messageFlows.startConversation(flowId);
    const flow = conversationOf(emulator, conversationId).participants.find((p) => p.purpose === "workflow");
    const flowLeg = flow?.id ?? "";

    const none = await replaceQueue(conversationId, flowLeg, {});
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: "missing.property", details: [{ fieldName: "queueId" }] });
    const unknownName = await replaceQueue(conversationId, flowLeg, { queueName: "No such queue" });
    expect(unknownName.status).toBe(400);
    expect(unknownName.body).toMatchObject({ code: "invalid.value", details: [{ fieldName: "queueName" }] });
    const unknownId = await replaceQueue(conversationId, flowLeg, {
      queueId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownId.status).toBe(400);
    expect(unknownId.body.details).toEqual([expect.objectContaining({ fieldName: "queueId" })]);
    const badType = await replaceQueue(conversationId, flowLeg, {
      queueId: target.id,
      transferType: "Blind",
    });
    expect(badType.status).toBe(400);
    expect(badType.body.details).toEqual([expect.objectContaining({ fieldName: "transferType" })]);
    expect((await replaceQueue("no-such-conversation", flowLeg, { queueId: target.id })).status).toBe(404);
    expect((await replaceQueue(conversationId, "no-such-participant", { queueId: target.id })).status).toBe(
      404,
    );
    // Nothing above changed the conversation.
    expect(conversationOf(emulator, conversationId).state).toBe("in-flow");

    expect((await replaceQueue(conversationId, flowLeg, { queueId: queue.id })).status).toBe(202);
    const again = await replaceQueue(conversationId, flowLeg, { queueId: queue.id });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("conversations.error.transfer.not.connected");
    expect(emulator.control.writeLog().filter((entry) => entry.status === 202)).toHaveLength(1);
    expect(token).toBeTruthy();
  });
});
