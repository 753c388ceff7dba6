/**
 * What keeps a roster live, as Genesys publishes it: `v2.users.{id}.activity` on routing status and presence
 * changes, `v2.routing.queues.{id}.users` (only `{ id, user: { id }, queueId, joined }`) on membership
 * changes, nothing at all on skill changes; and the REST reads that seed a roster.
 */
import { describe, expect, it } from "vitest";
import type { ActivityEvent, Listing } from "./genesys-shapes.js";
import { api, type Frame, flush, getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();
const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0, wrapUpMs: 0 } as const;

async function centre() {
  const emulator = await start({ clock: "manual", contactCentre: QUIET });
  const token = await getToken(emulator);
  const snapshot = emulator.control.snapshot();
  const queue = snapshot.queues[0];
  // The longest-idle member: the one a conversation without requirements is offered to.
  const agent = snapshot.agents
    .filter(
      (candidate) => queue?.memberIds.includes(candidate.id) && candidate.routingStatus.status === "IDLE",
    )
    .sort((a, b) => a.routingStatus.startTime - b.routingStatus.startTime)[0];
  const outsider = snapshot.agents.find((candidate) => !queue?.memberIds.includes(candidate.id));
  if (queue === undefined || agent === undefined || outsider === undefined) throw new Error("no fixture");
  return { emulator, token, queue, agent, outsider };
}

const activities = (frames: readonly Frame[], userId: string): ActivityEvent[] =>
  frames
    .filter((frame) => frame.topicName === `v2.users.${userId}.activity`)
    .map((frame) => frame.eventBody as ActivityEvent);

const iso = (ms: number): string => new Date(ms).toISOString();

describe("agent activity and queue membership topics", () => {
  it("publishes the agent's activity when an offer changes its routing status", async () => {
    const { emulator, token, queue, agent } = await centre();
    const socket = await openChannel(emulator, token, [
      `v2.users.${agent.id}.activity`,
      `v2.routing.queues.${queue.id}.users`,
    ]);
    emulator.control.createConversation({ queueId: queue.id });
    await emulator.control.advance(60_000);
    await socket.waitFor((frame) => frame.topicName === `v2.users.${agent.id}.activity`);
    await flush(socket);
    const [offered] = activities(socket.frames, agent.id);
    const now = emulator.control.snapshot().agents.find((candidate) => candidate.id === agent.id);
    expect(offered).toEqual({
      id: agent.id,
      routingStatus: { status: "INTERACTING", startTime: expect.any(String) },
      presence: {
        presenceDefinition: { id: expect.any(String), systemPresence: "On Queue" },
        presenceMessage: "",
        modifiedDate: iso(agent.presence.modifiedAt),
      },
      outOfOffice: { active: false, modifiedDate: expect.any(String) },
      activeQueueIds: now?.queueIds,
      dateActiveQueuesChanged: expect.any(String),
    });
    // A status change is not a membership change: the queue's users topic stays quiet.
    expect(socket.frames.filter((frame) => frame.topicName.endsWith(".users"))).toEqual([]);
  });

  it("changes presence: off queue now (OFF_QUEUE), back On Queue (IDLE), each an activity event", async () => {
    const { emulator, token, agent } = await centre();
    const socket = await openChannel(emulator, token, [`v2.users.${agent.id}.activity`]);
    await emulator.control.advance(1_000);
    emulator.control.setPresence(agent.id, "Away");
    const away = emulator.control.now();
    await emulator.control.advance(1_000);
    emulator.control.setPresence(agent.id, "On Queue");
    await socket.waitFor(() => activities(socket.frames, agent.id).length === 2);
    const [off, on] = activities(socket.frames, agent.id);
    expect(off?.presence.presenceDefinition.systemPresence).toBe("Away");
    expect(off?.presence.modifiedDate).toBe(iso(away));
    expect(off?.routingStatus).toEqual({ status: "OFF_QUEUE", startTime: iso(away) });
    expect(on?.presence.presenceDefinition.systemPresence).toBe("On Queue");
    expect(on?.routingStatus).toEqual({ status: "IDLE", startTime: iso(away + 1_000) });
    expect(() => emulator.control.setPresence(agent.id, "Napping")).toThrow(/systemPresence/);
  });

  it("join and leave publish the queue's users topic with Genesys' body, and the listing follows", async () => {
    const { emulator, token, queue, outsider } = await centre();
    const socket = await openChannel(emulator, token, [
      `v2.routing.queues.${queue.id}.users`,
      `v2.users.${outsider.id}.activity`,
    ]);
    emulator.control.setQueueMembership(outsider.id, queue.id, true);
    const members = await api<Listing<{ id: string }>>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${queue.id}/members?pageSize=100`,
    );
    expect(members.body.entities.map((member) => member.id)).toContain(outsider.id);
    emulator.control.setQueueMembership(outsider.id, queue.id, false);
    const membership = (): Frame[] => socket.frames.filter((frame) => frame.topicName.endsWith(".users"));
    await socket.waitFor(() => membership().length === 2);
    expect(membership().map((frame) => frame.eventBody)).toEqual([
      { id: outsider.id, user: { id: outsider.id }, queueId: queue.id, joined: true },
      { id: outsider.id, user: { id: outsider.id }, queueId: queue.id, joined: false },
    ]);
    await socket.waitFor(() => activities(socket.frames, outsider.id).length === 2);
    expect(activities(socket.frames, outsider.id)[0]?.activeQueueIds).toContain(queue.id);
    expect(activities(socket.frames, outsider.id)[1]?.activeQueueIds).not.toContain(queue.id);
  });

  it("changes skills silently (Genesys has no topic for them); the REST reads show them", async () => {
    const { emulator, token, agent } = await centre();
    const [skill] = emulator.control.snapshot().skills;
    if (skill === undefined) throw new Error("no skill");
    const socket = await openChannel(emulator, token, [`v2.users.${agent.id}.activity`]);
    emulator.control.setAgentSkills(agent.id, [{ skillId: skill.id, proficiency: 4.5 }]);
    await flush(socket);
    expect(socket.frames.filter((frame) => frame.topicName.endsWith(".activity"))).toEqual([]);
    const user = await api<{ skills: { id: string; proficiency: number }[] }>(
      emulator,
      token,
      "GET",
      `/api/v2/users/${agent.id}?expand=routingStatus,presence,skills,languages`,
    );
    expect(user.body.skills.find((entry) => entry.id === skill.id)?.proficiency).toBe(4.5);
  });

  it("GET /api/v2/users/{userId} expands routing status, presence, skills and languages; 404 otherwise", async () => {
    const { emulator, token, agent } = await centre();
    const plain = await api<Record<string, unknown>>(emulator, token, "GET", `/api/v2/users/${agent.id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ id: agent.id, name: agent.name, state: "active" });
    expect(plain.body.routingStatus).toBeUndefined();
    const expanded = await api<Record<string, unknown>>(
      emulator,
      token,
      "GET",
      `/api/v2/users/${agent.id}?expand=routingStatus,presence,skills,languages`,
    );
    expect(expanded.body).toMatchObject({
      routingStatus: { userId: agent.id, status: "IDLE", startTime: iso(agent.routingStatus.startTime) },
      presence: { presenceDefinition: { systemPresence: "On Queue" } },
      skills: expect.arrayContaining([
        expect.objectContaining({ proficiency: expect.any(Number), state: "active" }),
      ]),
      languages: expect.any(Array),
    });
    const missing = await api(
      emulator,
      token,
      "GET",
      `/api/v2/users/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`,
    );
    expect(missing.status).toBe(404);
  });

  it("the control API over HTTP names the bad field", async () => {
    const { emulator, agent, queue } = await centre();
    const control = (method: string, path: string, body: unknown) =>
      fetch(`${emulator.apiBaseUrl}/__emulator${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await control("PUT", `/agents/${agent.id}/presence`, { systemPresence: "Away" })).status).toBe(
      204,
    );
    expect(emulator.control.snapshot().agents.find((a) => a.id === agent.id)?.presence.systemPresence).toBe(
      "Away",
    );
    const bad = await control("PUT", `/agents/${agent.id}/queues/${queue.id}`, { joined: "yes" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("joined");
    const badSkill = await control("PATCH", `/agents/${agent.id}/skills`, [{ skillId: "x", proficiency: 9 }]);
    expect(badSkill.status).toBe(400);
  });
});
