import { randomUUID } from "node:crypto";
import { checkAssignment, planRejectionFollowUp, readRoutingRules } from "@routing/core";
import {
  DEFAULT_EMULATOR_CREDENTIALS,
  type EmulatorSnapshot,
  type RunningEmulator,
} from "@routing/genesys-emulator";
import { decisionsFor, QUEUES, readNotificationConversation } from "@routing/jobs";
import { describe, expect } from "vitest";
import { candidateFromSnapshot, firstQueue, queueMembers } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

/** Core's default threshold 0.75 on the 0–5 scale. */
const PASSING_PROFICIENCY = 3.75;

function proficiencyOf(agent: EmulatorSnapshot["agents"][number], skillId: string): number {
  return agent.skills.find((skill) => skill.id === skillId && skill.state === "active")?.proficiency ?? 0;
}

async function checkOffer(
  emulator: RunningEmulator,
  harness: WorkerHarness,
  offer: { queueId: string; userId: string; skillIds: string[] },
) {
  const conversationId = emulator.control.createConversation({
    queueId: offer.queueId,
    mediaType: "call",
    skillIds: offer.skillIds,
  });
  const job = await harness.add("assignment.check", {
    conversationId,
    participantId: randomUUID(),
    observedAtMs: emulator.control.now(),
    ...offer,
  });
  const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");
  const patches = emulator.control
    .writeLog()
    .filter(
      (entry) => entry.method === "PATCH" && entry.path === `/api/v2/routing/conversations/${conversationId}`,
    );
  return { finished, patches };
}

describe("assignment.check against the emulator's agents (skills 0–5)", () => {
  test("an agent meeting the threshold on the conversation's skill is approved; nothing is written", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const strong = queueMembers(snapshot, queue.id).find(
      (agent) => proficiencyOf(agent, queue.primarySkillId) >= PASSING_PROFICIENCY,
    );
    expect(strong, "the seeded organisation has a strong agent on the queue's skill").toBeDefined();
    const started = await harness.startWorker();

    const { finished, patches } = await checkOffer(emulator, harness, {
      queueId: queue.id,
      userId: strong?.id ?? "",
      skillIds: [queue.primarySkillId],
    });

    expect(finished.returnvalue).toMatchObject({
      status: "approved",
      score: proficiencyOf(strong as NonNullable<typeof strong>, queue.primarySkillId) / 5,
      threshold: 0.75,
    });
    expect(patches).toEqual([]);
    expect(
      await sumMetric([started.dependencies.registry], "worker_assignment_checks_total", {
        decision: "approve",
      }),
    ).toBe(1);
  });

  test("a weak agent is rejected and the conversation is re-scored toward the qualified members only", async ({
    emulator,
    harness,
  }) => {
    const before = emulator.control.snapshot();
    const queue = firstQueue(before);
    const members = queueMembers(before, queue.id);
    const weak = members.find((agent) => proficiencyOf(agent, queue.primarySkillId) < PASSING_PROFICIENCY);
    expect(weak, "the seeded organisation has a weak agent on the queue's skill").toBeDefined();
    const weakId = weak?.id ?? "";
    const started = await harness.startWorker({}, { nowMs: () => emulator.control.now() });

    const { finished, patches } = await checkOffer(emulator, harness, {
      queueId: queue.id,
      userId: weakId,
      skillIds: [queue.primarySkillId],
    });

    const rejection = checkAssignment({
      queueId: queue.id,
      agent: candidateFromSnapshot(weak as NonNullable<typeof weak>),
      requiredSkills: [queue.primarySkillId],
    });
    if (rejection.kind !== "reject") throw new Error("core should reject the weak agent");
    // The re-score is mapped onto the queue's preferred agent routing rules, as a first scoring is.
    const { routingRules } = await started.dependencies.genesys.client.routing.getQueue(queue.id);
    const plan = planRejectionFollowUp(rejection, {
      nowMs: before.now,
      candidates: members.map(candidateFromSnapshot),
      routing: readRoutingRules(routingRules),
    });
    if (plan.kind !== "rescore") throw new Error("the seeded queue should have qualified idle members");
    expect(plan.requestScoredAgents.map((agent) => agent.id)).not.toContain(weakId);

    expect(finished.returnvalue).toMatchObject({
      status: "rejected",
      followUp: "rescore",
      shortfalls: [queue.primarySkillId],
      scoredAgents: plan.requestScoredAgents.length,
      topAgentId: plan.requestScoredAgents[0]?.id,
    });
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ requestScoredAgents: plan.requestScoredAgents });
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_assignment_rejections_total", { follow_up: "rescore" })).toBe(
      1,
    );
  });

  test("when no other member would pass, the conversation is left to Genesys (requeue), pinned to no one", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    // Agents hold 2–4 of the 6 skills: nobody passes a conversation asking for all of them.
    const everySkill = snapshot.skills.map((skill) => skill.id);
    const offered = queueMembers(snapshot, queue.id)[0];
    const started = await harness.startWorker();

    const { finished, patches } = await checkOffer(emulator, harness, {
      queueId: queue.id,
      userId: offered?.id ?? "",
      skillIds: everySkill,
    });

    expect(finished.returnvalue).toMatchObject({ status: "rejected", followUp: "requeue", score: 0 });
    expect(patches).toEqual([]);
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_assignment_rejections_total", { follow_up: "requeue" })).toBe(
      1,
    );
  });
});

/** The conversation as Genesys serves it (`GET /api/v2/conversations/{id}`: the events' participant shape). */
async function conversationBody(emulator: RunningEmulator, conversationId: string): Promise<unknown> {
  const { clientId, clientSecret } = DEFAULT_EMULATOR_CREDENTIALS;
  const tokenResponse = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${emulator.apiBaseUrl}/api/v2/conversations/${conversationId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

describe("assignment.check built from a real-shaped conversation (issue #8)", () => {
  test("an offer to an agent without the queue's skill is rejected: the requirement comes from the acd leg", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const unqualified = queueMembers(snapshot, queue.id).find(
      (agent) => agent.routingStatus.status === "IDLE" && proficiencyOf(agent, queue.primarySkillId) === 0,
    );
    expect(unqualified, "the seeded queue has an idle member without its primary skill").toBeDefined();
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
    });
    // Manual assignment ignores skills: the unqualified agent is alerted.
    const client = (await harness.startWorker()).dependencies.genesys.client;
    await client.conversations.assignConversation(conversationId, unqualified?.id ?? "");

    const body = (await conversationBody(emulator, conversationId)) as {
      participants: { purpose: string; conversationRoutingData?: unknown }[];
    };
    // Genesys' shape: the agent leg's routing data is empty; only the acd leg names the skill.
    expect(body.participants.find((p) => p.purpose === "agent")?.conversationRoutingData).toEqual({
      priority: 0,
      skills: [],
      scoredAgents: [],
    });
    const snapshotOfConversation = readNotificationConversation(body, queue.id, emulator.control.now());
    if (snapshotOfConversation === undefined) throw new Error("unreadable conversation");
    const [check] = decisionsFor(snapshotOfConversation).jobs;
    expect(check?.name).toBe("assignment.check");
    expect(check?.data).toMatchObject({ userId: unqualified?.id, skillIds: [queue.primarySkillId] });

    const job = await harness.queue(QUEUES.decisions).add(check?.name ?? "", check?.data, check?.opts);
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");
    expect(finished.returnvalue).toMatchObject({
      status: "rejected",
      score: 0,
      shortfalls: [queue.primarySkillId],
    });
  });

  test("a conversation routed by a skill expression alone is not evaluated: recorded, nothing written", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const offered = queueMembers(snapshot, queue.id)[0];
    const started = await harness.startWorker();
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    const job = await harness.add("assignment.check", {
      conversationId,
      queueId: queue.id,
      userId: offered?.id ?? "",
      participantId: randomUUID(),
      skillExpressionId: "expr-senior-billing",
      observedAtMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    expect(finished.returnvalue).toEqual({ status: "unevaluated", reason: "skill-expression", round: 0 });
    expect(emulator.control.writeLog()).toEqual([]);
    expect(emulator.control.requestLog().filter((entry) => entry.path.includes("/routingskills"))).toEqual(
      [],
    );
    expect(
      await sumMetric([started.dependencies.registry], "worker_assignment_checks_total", {
        decision: "unevaluated",
      }),
    ).toBe(1);
  });
});
