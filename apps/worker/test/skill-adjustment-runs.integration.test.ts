/**
 * Scheduled skill adjustment in approval mode against the emulator and the real Redis: the run proposes and
 * waits (nothing written, supervisors alerted), the approval writes it (compare-before-write: a skill moved
 * meanwhile is skipped), the rollback writes the previous proficiencies back, and every step is audited.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGenesysClient } from "@routing/genesys-client";
import { type JobPayload, QUEUES } from "@routing/jobs";
import { EMULATOR_DEFAULTS } from "@routing/service-kit";
import { createRunStore } from "@routing/skill-adjustment-runs";
import { afterEach, describe, expect } from "vitest";
import { LOOP_SCHEDULERS } from "../src/loop-schedulers.js";
import { firstQueue } from "./support/emulator-agents.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const HISTORY_MS = 4 * 60 * 60 * 1000;
const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 6 } });

/** The worker's half of an operator's click (the dashboard changed the run's state first): its job, to the end. */
async function runAction(harness: WorkerHarness, payload: JobPayload<"skills.run-action">) {
  const job = await harness.add("skills.run-action", payload);
  return waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "", 20_000);
}

const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    receivers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

async function alertReceiver(): Promise<{
  url: string;
  received: { alert: { kind: string; id: string } }[];
}> {
  const received: { alert: { kind: string; id: string } }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(200).end("ok");
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, received };
}

const skillWrites = (entries: readonly { method: string; path: string; status: number }[]) =>
  entries.filter((entry) => entry.method !== "GET" && entry.path.includes("/routingskills"));

describe("skills.adjust-run in approval mode", () => {
  test("a scheduled run waits for approval; approve writes it, rollback restores it, each step audited", async ({
    emulator,
    harness,
    redis,
  }) => {
    await emulator.control.advance(HISTORY_MS);
    const queue = firstQueue(emulator.control.snapshot());
    const receiver = await alertReceiver();
    const nowMs = () => emulator.control.now();
    await harness.startWorker(
      {
        WORKER_SKILL_ADJUSTMENT_MODE: "approval",
        WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}`,
        WORKER_SKILL_ADJUSTMENT_WINDOW_DAYS: "1",
        WORKER_ALERT_WEBHOOK_URL: receiver.url,
        // The skills lane may take a fifth of the budget: enough for the three phases within a minute.
        GENESYS_RATE_LIMIT: "290",
      },
      { nowMs },
    );
    const maintenance = harness.queue(QUEUES.maintenance);
    // The worker put the run on a job scheduler with the catalog's job; its tick runs exactly this.
    const scheduler = await maintenance.getJobScheduler(LOOP_SCHEDULERS.skillAdjustment);
    expect(scheduler).toMatchObject({ name: "skills.adjust-run", every: 24 * 60 * 60 * 1000 });

    emulator.control.clearLogs();
    const tick = await harness.add("skills.adjust-run", {});
    const proposed = await waitForFinished(maintenance, tick.id ?? "", 20_000);
    expect(await proposed.getState()).toBe("completed");
    const { runId } = proposed.returnvalue as { runId: string };
    expect(proposed.returnvalue).toMatchObject({ status: "awaiting-approval", mode: "approval" });
    expect(skillWrites(emulator.control.writeLog())).toEqual([]);
    expect(receiver.received.map((body) => body.alert)).toEqual([
      expect.objectContaining({ kind: "approval-request", id: `${runId}:approval` }),
    ]);

    const runs = createRunStore(redis.connection, { prefix: redis.prefix });
    const waiting = await runs.get(runId);
    expect(waiting?.status).toBe("awaiting-approval");
    expect(waiting?.trigger).toEqual({ kind: "schedule", by: "scheduler:skills-adjust-run" });
    const changes = waiting?.changes ?? [];
    expect(changes.length).toBeGreaterThanOrEqual(2);
    const proposals = (await runs.auditOf(runId)).filter((entry) => entry.action === "proposed");
    expect(proposals).toHaveLength(changes.length);
    for (const entry of proposals) {
      const change = changes.find((c) => c.userId === entry.userId && c.skillId === entry.skillId);
      expect(entry).toMatchObject({
        actor: "scheduler:skills-adjust-run",
        queueId: queue.id,
        before: change?.from,
        after: change?.to,
        inputs: change?.inputs,
      });
      expect(entry.inputs?.conversations).toBeGreaterThan(0);
    }

    // Someone moves the first agent's skill before the approval: that change no longer holds.
    const [moved, ...rest] = changes;
    if (moved === undefined) throw new Error("no change");
    const setup = createGenesysClient({
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    });
    const movedTo = moved.from === 5 ? 4.9 : Math.min(5, moved.from + 0.1);
    await setup.users.putUserRoutingSkill(moved.userId, moved.skillId, movedTo);
    emulator.control.clearLogs();
    // And the last agent's write fails once (a 503): it is retried, and each agent is still written once.
    const failing = rest.at(-1);
    if (failing === undefined) throw new Error("no change left to write");
    emulator.control.injectFaults({
      status: 503,
      times: 1,
      method: "PATCH",
      pathPrefix: `/api/v2/users/${failing.userId}/routingskills/bulk`,
    });

    // The dashboard's approval: the state change, then the worker's job.
    const approved = await runs.transition(runId, ["awaiting-approval"], "approved", {
      kind: "decided",
      by: "ann",
    });
    expect(approved.ok).toBe(true);
    const applied = await runAction(harness, {
      runId,
      action: "approve",
      actor: "ann",
      requestedAtMs: nowMs(),
    });
    expect(await applied.getState()).toBe("completed");
    expect(applied.returnvalue).toMatchObject({ status: "applied", written: rest.length, skipped: 1 });
    expect((await runs.get(runId))?.status).toBe("applied");

    const attempts = skillWrites(emulator.control.writeLog());
    expect(attempts.filter((entry) => entry.status === 503)).toHaveLength(1);
    const written = attempts.filter((entry) => entry.status === 200);
    expect(written.every((entry) => entry.method === "PATCH")).toBe(true);
    expect(written.map((entry) => entry.path).sort()).toEqual(
      [...new Set(rest.map((change) => `/api/v2/users/${change.userId}/routingskills/bulk`))].sort(),
    );
    const proficiency = (userId: string, skillId: string) =>
      emulator.control
        .snapshot()
        .agents.find((agent) => agent.id === userId)
        ?.skills.find((skill) => skill.id === skillId)?.proficiency;
    for (const change of rest) expect(proficiency(change.userId, change.skillId)).toBe(change.to);
    expect(proficiency(moved.userId, moved.skillId)).toBe(movedTo);

    const afterApproval = await runs.auditOf(runId);
    expect(afterApproval.filter((entry) => entry.action === "written")).toHaveLength(rest.length);
    for (const change of rest) {
      expect(afterApproval).toContainEqual(
        expect.objectContaining({
          action: "written",
          actor: "ann",
          userId: change.userId,
          skillId: change.skillId,
          before: change.from,
          after: change.to,
          inputs: change.inputs,
        }),
      );
    }
    expect(afterApproval).toContainEqual(
      expect.objectContaining({ action: "skipped", userId: moved.userId, before: movedTo, after: moved.to }),
    );
    expect(afterApproval.at(-1)).toMatchObject({ action: "applied", actor: "ann" });

    // Rollback of the whole run: what it wrote goes back to what the agents held before it.
    emulator.control.clearLogs();
    const rolling = await runs.transition(runId, ["applied"], "rolling-back", {
      kind: "rollbackRequested",
      by: "bob",
    });
    expect(rolling.ok).toBe(true);
    const rolledBack = await runAction(harness, {
      runId,
      action: "rollback",
      actor: "bob",
      requestedAtMs: nowMs(),
    });
    expect(await rolledBack.getState()).toBe("completed");
    expect(rolledBack.returnvalue).toMatchObject({ status: "rolled-back", restored: rest.length });
    expect((await runs.get(runId))?.status).toBe("rolled-back");
    for (const change of rest) expect(proficiency(change.userId, change.skillId)).toBe(change.from);
    expect(proficiency(moved.userId, moved.skillId)).toBe(movedTo);
    const restores = (await runs.auditOf(runId)).filter((entry) => entry.action === "restored");
    expect(restores).toHaveLength(rest.length);
    for (const entry of restores) {
      const change = rest.find((c) => c.userId === entry.userId && c.skillId === entry.skillId);
      expect(entry).toMatchObject({
        actor: "bob",
        before: change?.to,
        after: change?.from,
        queueId: queue.id,
      });
    }
    expect((await runs.auditOf(runId)).at(-1)).toMatchObject({ action: "rolled-back", actor: "bob" });

    // The run is finished: another approval finds nothing to do.
    const late = await runs.transition(runId, ["awaiting-approval"], "approved", {
      kind: "decided",
      by: "ann",
    });
    expect(late).toEqual({ ok: false, status: "rolled-back" });
  });
});

describe("skills.adjust-run in the other modes", () => {
  test("auto writes at once, audited and alerted; off removes the scheduler and does nothing", async ({
    emulator,
    harness,
    redis,
  }) => {
    await emulator.control.advance(HISTORY_MS);
    const queue = firstQueue(emulator.control.snapshot());
    const receiver = await alertReceiver();
    const nowMs = () => emulator.control.now();
    const env = {
      WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}`,
      WORKER_SKILL_ADJUSTMENT_WINDOW_DAYS: "1",
      WORKER_ALERT_WEBHOOK_URL: receiver.url,
      GENESYS_RATE_LIMIT: "290",
    };
    const auto = await harness.startWorker({ ...env, WORKER_SKILL_ADJUSTMENT_MODE: "auto" }, { nowMs });
    const maintenance = harness.queue(QUEUES.maintenance);
    emulator.control.clearLogs();
    const tick = await harness.add("skills.adjust-run", { requestedBy: "carol", requestedAtMs: nowMs() });
    const finished = await waitForFinished(maintenance, tick.id ?? "", 20_000);
    expect(await finished.getState()).toBe("completed");
    const outcome = finished.returnvalue as { runId: string; written: number; skipped: number };
    expect(outcome).toMatchObject({ status: "applied", skipped: 0 });
    expect(outcome.written).toBeGreaterThanOrEqual(1);
    const runs = createRunStore(redis.connection, { prefix: redis.prefix });
    const run = await runs.get(outcome.runId);
    expect(run).toMatchObject({
      status: "applied",
      mode: "auto",
      trigger: { kind: "operator", by: "carol" },
    });
    expect(skillWrites(emulator.control.writeLog()).length).toBeGreaterThanOrEqual(1);
    const audit = await runs.auditOf(outcome.runId);
    expect(audit.filter((entry) => entry.action === "written")).toHaveLength(outcome.written);
    expect(
      audit.filter((entry) => entry.action === "written").every((entry) => entry.actor === "carol"),
    ).toBe(true);
    const large = run?.changes.filter((change) => change.alert).length ?? 0;
    expect(receiver.received.filter((body) => body.alert.kind === "skill-adjustment")).toHaveLength(large);
    await auto.close();

    await harness.startWorker({ ...env, WORKER_SKILL_ADJUSTMENT_MODE: "off" }, { nowMs });
    expect(await maintenance.getJobScheduler(LOOP_SCHEDULERS.skillAdjustment)).toBeUndefined();
    emulator.control.clearLogs();
    const off = await harness.add("skills.adjust-run", { requestedBy: "carol", requestedAtMs: nowMs() + 1 });
    const skipped = await waitForFinished(maintenance, off.id ?? "");
    expect(skipped.returnvalue).toEqual({ status: "off" });
    expect(emulator.control.requestLog()).toEqual([]);
  });

  test("an approval whose writes fail says so in the audit trail, and its replay finishes the run", async ({
    emulator,
    harness,
    redis,
  }) => {
    await emulator.control.advance(HISTORY_MS);
    const queue = firstQueue(emulator.control.snapshot());
    const nowMs = () => emulator.control.now();
    await harness.startWorker(
      {
        WORKER_SKILL_ADJUSTMENT_MODE: "approval",
        WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}`,
        WORKER_SKILL_ADJUSTMENT_WINDOW_DAYS: "1",
        GENESYS_RATE_LIMIT: "290",
      },
      { nowMs },
    );
    const maintenance = harness.queue(QUEUES.maintenance);
    const tick = await harness.add("skills.adjust-run", {});
    const proposed = await waitForFinished(maintenance, tick.id ?? "", 20_000);
    const { runId } = proposed.returnvalue as { runId: string };
    const runs = createRunStore(redis.connection, { prefix: redis.prefix });
    expect((await runs.get(runId))?.changes.length).toBeGreaterThan(0);

    // Genesys refuses every skill write (a 400 is permanent: no retry, the job fails for good).
    emulator.control.injectFaults({
      status: 400,
      times: 1_000,
      method: "PATCH",
      pathPrefix: "/api/v2/users/",
    });
    await runs.transition(runId, ["awaiting-approval"], "approved", { kind: "decided", by: "ann" });
    const failed = await runAction(harness, {
      runId,
      action: "approve",
      actor: "ann",
      requestedAtMs: nowMs(),
    });
    expect(await failed.getState()).toBe("failed");
    expect((await runs.get(runId))?.status).toBe("applying");
    const [failure] = (await runs.auditOf(runId)).filter((entry) => entry.action === "attempt-failed");
    expect(failure).toMatchObject({ actor: "worker", runId });
    expect(failure?.note).toMatch(/^apply failed: .*400/);

    // The operator replays the job (Bull Board) once Genesys accepts the writes again: the run finishes.
    emulator.control.clearFaults();
    await failed.retry("failed");
    const replayed = await waitForFinished(maintenance, failed.id ?? "", 20_000);
    expect(await replayed.getState()).toBe("completed");
    expect((await runs.get(runId))?.status).toBe("applied");
  });
});
