import { prepareJob, QUEUES } from "@routing/jobs";
import { createRunStore, type RunRecord, runIdForJob } from "@routing/skill-adjustment-runs";
import { Queue } from "bullmq";
import { describe, expect } from "vitest";
import { dashboardTest, type ErrorAnswer } from "./dashboard-fixture.js";

const USER = "0b6c4a1e-1f2d-4e3c-8b9a-0a1b2c3d4e5f";
const QUEUE = "6f1c1d3e-5b8a-4c7e-9f10-2a3b4c5d6e7f";
const SKILL = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

function record(jobId: string, createdAtMs: number): RunRecord {
  return {
    runId: runIdForJob(jobId),
    mode: "approval",
    trigger: { kind: "schedule", by: "scheduler:skills-adjust-run" },
    createdAtMs,
    interval: { startMs: createdAtMs - 86_400_000, endMs: createdAtMs },
    changes: [
      {
        queueId: QUEUE,
        userId: USER,
        skillId: SKILL,
        skillName: "Billing",
        from: 2,
        to: 2.5,
        target: 4,
        clamped: true,
        alert: true,
        reason: "target 4.00",
        inputs: { conversations: 40, averageHandleTimeSeconds: 200, csat: 80, csatScale: 100 },
      },
    ],
  };
}

describe("the skill adjustment runs API", () => {
  dashboardTest(
    "lists and shows runs; approve queues the worker's job once; reject and rollback follow the run's state; errors name the field",
    async ({ redis, dashboard }) => {
      const runs = createRunStore(redis.connection, { prefix: redis.prefix });
      const waiting = await runs.create(record("tick-1", 1_700_000_000_000), "awaiting-approval");
      const other = await runs.create(record("tick-2", 1_700_000_100_000), "awaiting-approval");

      const list = await dashboard.request("/api/skill-adjustments/runs?status=awaiting-approval");
      expect(list.status).toBe(200);
      const listed = (await list.json()) as { runs: { runId: string; changeCount: number }[] };
      expect(listed.runs.map((run) => run.runId)).toEqual([other.runId, waiting.runId]);
      expect(listed.runs[0]?.changeCount).toBe(1);

      const one = await dashboard.request(`/api/skill-adjustments/runs/${waiting.runId}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toMatchObject({
        runId: waiting.runId,
        status: "awaiting-approval",
        changes: [{ userId: USER, from: 2, to: 2.5 }],
        audit: [],
      });

      // Approve: the state changes at once, the worker's job is queued with the actor, and it is audited.
      const approve = await dashboard.request(`/api/skill-adjustments/runs/${waiting.runId}/approve`, {
        method: "POST",
        json: { by: "Ann Supervisor" },
      });
      expect(approve.status).toBe(202);
      const expectedJob = prepareJob("skills.run-action", {
        runId: waiting.runId,
        action: "approve",
        actor: "Ann Supervisor",
        requestedAtMs: 0,
      });
      expect(await approve.json()).toEqual({
        runId: waiting.runId,
        status: "approved",
        jobId: expectedJob.opts.jobId,
      });
      const maintenance = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));
      const job = await maintenance.getJob(expectedJob.opts.jobId ?? "");
      expect(job?.name).toBe("skills.run-action");
      expect(job?.data).toMatchObject({ runId: waiting.runId, action: "approve", actor: "Ann Supervisor" });
      expect(await runs.get(waiting.runId)).toMatchObject({
        status: "approved",
        decided: { by: "Ann Supervisor", decision: "approved" },
      });
      expect(await runs.auditOf(waiting.runId)).toEqual([
        expect.objectContaining({ action: "approved", actor: "Ann Supervisor" }),
      ]);

      // A second approval, a rejection after it, a rollback before it was applied: 409 naming the state.
      for (const action of ["approve", "reject", "rollback"]) {
        const conflict = await dashboard.request(`/api/skill-adjustments/runs/${waiting.runId}/${action}`, {
          method: "POST",
        });
        expect(conflict.status).toBe(409);
        const body = (await conflict.json()) as ErrorAnswer;
        expect(body.error).toMatchObject({ code: "run-state-conflict", field: "status" });
        expect(body.error.message).toContain("is approved");
      }
      expect(await maintenance.count()).toBe(1);

      // Reject the other run (no body: the login's username is the actor); nothing is queued.
      const reject = await dashboard.request(`/api/skill-adjustments/runs/${other.runId}/reject`, {
        method: "POST",
      });
      expect(reject.status).toBe(200);
      expect(await runs.get(other.runId)).toMatchObject({
        status: "rejected",
        decided: { by: "qa-ops", decision: "rejected" },
      });
      expect(await maintenance.count()).toBe(1);

      // Once the worker applied the approved run, it can be rolled back (a job again).
      await runs.transition(waiting.runId, ["approved"], "applied");
      const rollback = await dashboard.request(`/api/skill-adjustments/runs/${waiting.runId}/rollback`, {
        method: "POST",
        json: { by: "Bob" },
      });
      expect(rollback.status).toBe(202);
      expect(await runs.get(waiting.runId)).toMatchObject({
        status: "rolling-back",
        rollbackRequested: { by: "Bob" },
      });
      expect(await maintenance.count()).toBe(2);

      // 400 naming the field, 404 for a run that does not exist.
      const badId = await dashboard.request("/api/skill-adjustments/runs/not-a-run/approve", {
        method: "POST",
      });
      expect(badId.status).toBe(400);
      expect(((await badId.json()) as ErrorAnswer).error.field).toBe("runId");
      const unknown = await dashboard.request(`/api/skill-adjustments/runs/${runIdForJob("never")}`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as ErrorAnswer).error).toMatchObject({
        code: "run-not-found",
        field: "runId",
      });
      const badLimit = await dashboard.request("/api/skill-adjustments/runs?limit=0");
      expect(((await badLimit.json()) as ErrorAnswer).error.field).toBe("limit");
      const badStatus = await dashboard.request("/api/skill-adjustments/runs?status=done");
      expect(badStatus.status).toBe(400);
      expect(((await badStatus.json()) as ErrorAnswer).error.field).toBe("status");
      const badBy = await dashboard.request(`/api/skill-adjustments/runs/${other.runId}/approve`, {
        method: "POST",
        json: { by: 7 },
      });
      expect(badBy.status).toBe(400);
      expect(((await badBy.json()) as ErrorAnswer).error.field).toBe("by");
      const noAuth = await dashboard.request("/api/skill-adjustments/runs", { auth: false });
      expect(noAuth.status).toBe(401);
    },
  );
});
