import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../src/index.js";
import type { ErrorBody } from "./genesys-shapes.js";
import { api, getToken, useEmulators } from "./helpers.js";

const start = useEmulators();

const DETAILS = "/api/v2/analytics/conversations/details/query";
/** The manual clock starts at 2025-01-06T08:00:00Z. */
const MORNING = "2025-01-06T07:00:00.000Z/2025-01-06T12:00:00.000Z";

/** The parts of `AnalyticsConversationQueryResponse` the tests read, as Genesys names them. */
interface DetailSegment {
  segmentType: string;
  segmentStart: string;
  segmentEnd?: string;
  queueId?: string;
  requestedRoutingSkillIds?: string[];
  requestedLanguageId?: string;
}
interface DetailParticipant {
  participantId: string;
  purpose: string;
  userId?: string;
  sessions: Array<{ sessionId: string; mediaType: string; segments: DetailSegment[] }>;
}
interface DetailConversation {
  conversationId: string;
  conversationStart: string;
  conversationEnd?: string;
  participants: DetailParticipant[];
}
interface DetailResponse {
  conversations?: DetailConversation[];
  totalHits: number;
}

const inQueue = (queueId: string) => ({
  type: "and",
  predicates: [{ type: "dimension", dimension: "queueId", operator: "matches", value: queueId }],
});
const notEnded = { type: "and", predicates: [{ dimension: "conversationEnd", operator: "notExists" }] };

async function quietCentre() {
  const emulator = await start({
    clock: "manual",
    contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 },
  });
  const token = await getToken(emulator);
  const [queue, otherQueue] = emulator.control.snapshot().queues;
  if (queue === undefined || otherQueue === undefined)
    throw new Error("the emulator has fewer than two queues");
  return { emulator, token, queue, otherQueue };
}

function idleMember(emulator: RunningEmulator, queueId: string): string {
  const agent = emulator.control
    .snapshot()
    .agents.find(
      (candidate) => candidate.queueIds.includes(queueId) && candidate.routingStatus.status === "IDLE",
    );
  if (agent === undefined) throw new Error(`no idle agent on queue ${queueId}`);
  return agent.id;
}

function customerOf(emulator: RunningEmulator, conversationId: string): string {
  const conversation = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
  const customer = conversation?.participants.find((participant) => participant.purpose === "customer");
  if (customer === undefined) throw new Error(`no customer on ${conversationId}`);
  return customer.id;
}

describe("POST /api/v2/analytics/conversations/details/query", () => {
  it("lists a queue's conversations still going on, waiting and alerting, with Genesys' segment shapes", async () => {
    const { emulator, token, queue, otherQueue } = await quietCentre();
    const { skills, languages } = emulator.control.snapshot();
    const skillId = skills[0]?.id ?? "";
    const languageId = languages[0]?.id ?? "";
    const waiting = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [skillId],
      languageId,
    });
    const alerting = emulator.control.createConversation({ queueId: queue.id, mediaType: "message" });
    const agentId = idleMember(emulator, queue.id);
    expect(
      (await api(emulator, token, "POST", `/api/v2/conversations/${alerting}/assign`, { id: agentId }))
        .status,
    ).toBe(202);
    const ended = emulator.control.createConversation({ queueId: queue.id });
    const customer = customerOf(emulator, ended);
    const hangUp = { state: "disconnected" };
    expect(
      (await api(emulator, token, "PATCH", `/api/v2/conversations/${ended}/participants/${customer}`, hangUp))
        .status,
    ).toBe(202);
    emulator.control.createConversation({ queueId: otherQueue.id });

    const response = await api<DetailResponse>(emulator, token, "POST", DETAILS, {
      interval: MORNING,
      order: "asc",
      orderBy: "conversationStart",
      paging: { pageSize: 100, pageNumber: 1 },
      segmentFilters: [inQueue(queue.id)],
      conversationFilters: [notEnded],
    });

    expect(response.status).toBe(200);
    expect(response.body.totalHits).toBe(2);
    const byId = new Map(response.body.conversations?.map((c) => [c.conversationId, c]));
    expect([...byId.keys()].sort()).toEqual([waiting, alerting].sort());

    const waitingDetail = byId.get(waiting);
    expect(waitingDetail?.conversationEnd).toBeUndefined();
    expect(waitingDetail?.conversationStart).toBe("2025-01-06T08:00:00.000Z");
    const acd = waitingDetail?.participants.find((participant) => participant.purpose === "acd");
    expect(acd?.sessions[0]?.mediaType).toBe("voice");
    expect(acd?.sessions[0]?.segments).toEqual([
      expect.objectContaining({
        segmentType: "interact",
        queueId: queue.id,
        requestedRoutingSkillIds: [skillId],
        requestedLanguageId: languageId,
      }),
    ]);
    expect(acd?.sessions[0]?.segments[0]?.segmentEnd).toBeUndefined();
    expect(waitingDetail?.participants.some((participant) => participant.purpose === "agent")).toBe(false);

    const agent = byId.get(alerting)?.participants.find((participant) => participant.purpose === "agent");
    expect(agent?.userId).toBe(agentId);
    expect(agent?.sessions[0]?.mediaType).toBe("message");
    expect(agent?.sessions[0]?.segments).toEqual([
      expect.objectContaining({ segmentType: "alert", queueId: queue.id }),
    ]);
    expect(agent?.sessions[0]?.segments[0]?.segmentEnd).toBeUndefined();
  });

  it("shows an ended conversation with its end and closed segments when not filtered out", async () => {
    const { emulator, token, queue } = await quietCentre();
    const ended = emulator.control.createConversation({ queueId: queue.id });
    await emulator.control.advance(5_000);
    await api(
      emulator,
      token,
      "PATCH",
      `/api/v2/conversations/${ended}/participants/${customerOf(emulator, ended)}`,
      {
        state: "disconnected",
      },
    );

    const response = await api<DetailResponse>(emulator, token, "POST", DETAILS, {
      interval: MORNING,
      segmentFilters: [inQueue(queue.id)],
    });

    const [conversation] = response.body.conversations ?? [];
    expect(conversation?.conversationEnd).toBe("2025-01-06T08:00:05.000Z");
    for (const participant of conversation?.participants ?? []) {
      for (const segment of participant.sessions[0]?.segments ?? []) expect(segment.segmentEnd).toBeDefined();
    }
  });

  it("pages by pageSize and pageNumber without overlap; a page past the end has no conversations", async () => {
    const { emulator, token, queue } = await quietCentre();
    const created = new Set<string>();
    // Same millisecond on the manual clock: the order must still be stable across pages.
    for (let index = 0; index < 5; index++)
      created.add(emulator.control.createConversation({ queueId: queue.id }));
    const page = (pageNumber: number) =>
      api<DetailResponse>(emulator, token, "POST", DETAILS, {
        interval: MORNING,
        paging: { pageSize: 2, pageNumber },
        segmentFilters: [inQueue(queue.id)],
        conversationFilters: [notEnded],
      });

    const pages = [await page(1), await page(2), await page(3), await page(4)];

    expect(pages.map((p) => p.body.conversations?.length ?? 0)).toEqual([2, 2, 1, 0]);
    expect(pages.every((p) => p.body.totalHits === 5)).toBe(true);
    expect(pages[3]?.body).not.toHaveProperty("conversations");
    const seen = pages.flatMap((p) => p.body.conversations?.map((c) => c.conversationId) ?? []);
    expect(new Set(seen)).toEqual(created);
    expect(seen).toHaveLength(5);
  });

  it("searches only conversations that started on a day the interval touches and were active in it", async () => {
    const { emulator, token, queue } = await quietCentre();
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    const found = async (interval: string) =>
      (
        await api<DetailResponse>(emulator, token, "POST", DETAILS, {
          interval,
          segmentFilters: [inQueue(queue.id)],
        })
      ).body.conversations?.map((c) => c.conversationId) ?? [];

    expect(await found("2025-01-06T09:00:00Z/2025-01-06T10:00:00Z")).toEqual([conversationId]);
    expect(await found("2025-01-06T06:00:00Z/2025-01-06T07:00:00Z")).toEqual([]);
    // Still waiting the next day, but it started the day before the interval: Genesys does not search it.
    expect(await found("2025-01-07T00:00:00Z/2025-01-07T01:00:00Z")).toEqual([]);
  });

  it.each([
    [{ interval: "today" }, "interval"],
    [{ interval: MORNING, paging: { pageSize: 101, pageNumber: 1 } }, "paging.pageSize"],
    [
      {
        interval: MORNING,
        segmentFilters: [{ type: "and", predicates: [{ dimension: "wrapUpCode", value: "x" }] }],
      },
      "segmentFilters[0].predicates[0].dimension",
    ],
    [
      { interval: MORNING, segmentFilters: [{ type: "and", predicates: [{ dimension: "queueId" }] }] },
      "segmentFilters[0].predicates[0].value",
    ],
    [{ interval: MORNING, orderBy: "segmentStart" }, "orderBy"],
    [{ segmentFilters: [] }, "interval"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const { emulator, token } = await quietCentre();
    const response = await api<ErrorBody>(emulator, token, "POST", DETAILS, body);
    expect(response.status).toBe(400);
    expect(response.body.details.map((detail) => detail.fieldName)).toContain(field);
  });
});
