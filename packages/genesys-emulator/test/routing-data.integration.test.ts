import { describe, expect, it } from "vitest";
import type { ErrorBody, Listing, QueueMember, UserRoutingSkill } from "./genesys-shapes.js";
import { api, getToken, useEmulators } from "./helpers.js";

const start = useEmulators();

async function firstAgentAndSkills() {
  const emulator = await start({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });
  const token = await getToken(emulator);
  const snapshot = emulator.control.snapshot();
  const agent = snapshot.agents[0];
  if (agent === undefined) throw new Error("no agents");
  return { emulator, token, agent, skills: snapshot.skills };
}

describe("routing data", () => {
  it("lists queues, skills and languages as paged entity listings", async () => {
    const emulator = await start({
      contactCentre: { queueCount: 5, skillCount: 7, languageCount: 4, arrivalsPerMinute: 0 },
    });
    const token = await getToken(emulator);
    const queues = await api<Listing<{ id: string; name: string }>>(
      emulator,
      token,
      "GET",
      "/api/v2/routing/queues?pageSize=2",
    );
    expect(queues.status).toBe(200);
    expect(queues.body).toMatchObject({ pageSize: 2, pageNumber: 1, total: 5, pageCount: 3 });
    expect(queues.body.entities).toHaveLength(2);
    expect(queues.body.nextUri).toBe("/api/v2/routing/queues?pageSize=2&pageNumber=2");
    const lastPage = await api<Listing<unknown>>(
      emulator,
      token,
      "GET",
      "/api/v2/routing/queues?pageSize=2&pageNumber=3",
    );
    expect(lastPage.body.entities).toHaveLength(1);
    expect(lastPage.body.nextUri).toBeUndefined();
    const skills = await api<Listing<{ id: string }>>(
      emulator,
      token,
      "GET",
      "/api/v2/routing/skills?pageSize=100",
    );
    expect(skills.body.total).toBe(7);
    const byName = await api<Listing<{ name: string }>>(
      emulator,
      token,
      "GET",
      "/api/v2/routing/queues?name=Sup*",
    );
    expect(byName.body.entities.map((queue) => queue.name)).toEqual(["Support"]);
  });

  it("rejects a bad page size naming the parameter", async () => {
    const emulator = await start({ contactCentre: { arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const queueId = emulator.control.snapshot().queues[0]?.id;
    const bad = await api<ErrorBody>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${queueId}/members?pageSize=101`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]?.fieldName).toBe("pageSize");
    expect(bad.body.message).toContain("pageSize");
  });

  it("follows nextUri through every queue member exactly once, with no total", async () => {
    const emulator = await start({ contactCentre: { queueCount: 1, agentCount: 250, arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const queue = emulator.control.snapshot().queues[0];
    if (queue === undefined) throw new Error("no queue");
    expect(queue.memberIds).toHaveLength(250);
    const seen: string[] = [];
    let next: string | undefined =
      `/api/v2/routing/queues/${queue.id}/members?pageSize=100&expand=routingStatus,presence,skills,languages`;
    let pages = 0;
    while (next !== undefined) {
      const page: { status: number; body: Listing<QueueMember> } = await api<Listing<QueueMember>>(
        emulator,
        token,
        "GET",
        next,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBeUndefined();
      expect(page.body.pageCount).toBeUndefined();
      for (const member of page.body.entities) {
        expect(member.routingStatus?.status).toMatch(/^(IDLE|OFF_QUEUE|INTERACTING)$/);
        expect(member.user.presence).toBeDefined();
        expect(Array.isArray(member.user.skills)).toBe(true);
        expect(Array.isArray(member.user.languages)).toBe(true);
        seen.push(member.id);
      }
      next = page.body.nextUri;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...queue.memberIds].sort());
  });

  it("filters queue members by routing status and leaves unrequested expansions out", async () => {
    const emulator = await start({ contactCentre: { arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const snapshot = emulator.control.snapshot();
    const queue = snapshot.queues[0];
    if (queue === undefined) throw new Error("no queue");
    const idle = snapshot.agents.filter(
      (a) => queue.memberIds.includes(a.id) && a.routingStatus.status === "IDLE",
    );
    const page = await api<Listing<QueueMember>>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${queue.id}/members?routingStatus=IDLE&pageSize=100`,
    );
    expect(page.body.entities.map((member) => member.id).sort()).toEqual(idle.map((a) => a.id).sort());
    expect(page.body.entities[0]?.routingStatus).toBeUndefined();
    expect(page.body.entities[0]?.user.skills).toBeUndefined();
  });

  it("shows a PUT skill proficiency in GET routingskills", async () => {
    const { emulator, token, agent, skills } = await firstAgentAndSkills();
    const skill = skills[0];
    if (skill === undefined) throw new Error("no skill");
    const put = await api<UserRoutingSkill>(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${agent.id}/routingskills/${skill.id}`,
      {
        proficiency: 3.5,
      },
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: skill.id, name: skill.name, proficiency: 3.5, state: "active" });
    const listed = await api<Listing<UserRoutingSkill>>(
      emulator,
      token,
      "GET",
      `/api/v2/users/${agent.id}/routingskills?pageSize=100`,
    );
    expect(listed.body.entities.find((entry) => entry.id === skill.id)?.proficiency).toBe(3.5);
    expect(listed.body).toMatchObject({ pageNumber: 1, pageSize: 100 });
    expect(listed.body.total).toBe(listed.body.entities.length);
  });

  it("PATCH bulk adds and updates, leaving the other skills", async () => {
    const { emulator, token, agent, skills } = await firstAgentAndSkills();
    const [a, b] = skills;
    if (a === undefined || b === undefined) throw new Error("need two skills");
    const path = `/api/v2/users/${agent.id}/routingskills/bulk`;
    const patched = await api<Listing<UserRoutingSkill>>(emulator, token, "PATCH", path, [
      { id: a.id, proficiency: 1 },
      { id: b.id, proficiency: 2 },
    ]);
    expect(patched.status).toBe(200);
    const afterPatch = await api<Listing<UserRoutingSkill>>(
      emulator,
      token,
      "GET",
      `/api/v2/users/${agent.id}/routingskills?pageSize=100`,
    );
    expect(afterPatch.body.entities.find((s) => s.id === a.id)?.proficiency).toBe(1);
    expect(afterPatch.body.entities.find((s) => s.id === b.id)?.proficiency).toBe(2);
    expect(afterPatch.body.entities.length).toBeGreaterThanOrEqual(2);
  });

  it("validates skill writes and names the field", async () => {
    const { emulator, token, agent, skills } = await firstAgentAndSkills();
    const skill = skills[0];
    const tooHigh = await api<ErrorBody>(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${agent.id}/routingskills/${skill?.id}`,
      {
        proficiency: 6,
      },
    );
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.code).toBe("invalid.value");
    expect(tooHigh.body.details[0]?.fieldName).toBe("proficiency");
    const missing = await api<ErrorBody>(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${agent.id}/routingskills/${skill?.id}`,
      {},
    );
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("missing.property");
    expect(missing.body.message).toContain("proficiency");
    const unknownSkill = await api<ErrorBody>(
      emulator,
      token,
      "PATCH",
      `/api/v2/users/${agent.id}/routingskills/bulk`,
      [{ id: "no-such-skill", proficiency: 1 }],
    );
    expect(unknownSkill.status).toBe(400);
    expect(unknownSkill.body.details[0]?.fieldName).toBe("[0].id");
    const notJson = await fetch(`${emulator.apiBaseUrl}/api/v2/users/${agent.id}/routingskills/bulk`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
    const unknownUser = await api<ErrorBody>(emulator, token, "GET", "/api/v2/users/nobody/routingskills");
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body.code).toBe("not.found");
  });

  it("answers 404 for unknown paths and 405 for a wrong method, always with a correlation id", async () => {
    const emulator = await start({ contactCentre: { arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const unknown = await api<ErrorBody>(emulator, token, "GET", "/api/v2/nothing/here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.contextId).toBe(unknown.headers.get("inin-correlation-id"));
    const wrongMethod = await api<ErrorBody>(emulator, token, "DELETE", "/api/v2/routing/queues");
    expect(wrongMethod.status).toBe(405);
  });
});
