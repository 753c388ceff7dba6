import { JOB_CATALOG, prepareJob, QUEUES } from "@routing/jobs";
import { Queue } from "bullmq";
import { describe, expect } from "vitest";
import { dashboardTest, type ErrorAnswer } from "./dashboard-fixture.js";

const DRY_RUN = {
  queueId: "6f1c1d3e-5b8a-4c7e-9f10-2a3b4c5d6e7f",
  intervalStartMs: Date.parse("2026-03-01T00:00:00Z"),
  intervalEndMs: Date.parse("2026-03-02T00:00:00Z"),
  dryRun: true,
};

describe("POST /api/jobs/:name (real BullMQ)", () => {
  dashboardTest(
    "enqueues a dry-run skills.adjust with the catalog's job id; the same payload again is a duplicate",
    async ({ redis, dashboard }) => {
      const expected = prepareJob("skills.adjust", DRY_RUN);
      const first = await dashboard.request("/api/jobs/skills.adjust", { json: DRY_RUN });
      expect(first.status).toBe(202);
      expect(await first.json()).toEqual({
        jobId: expected.opts.jobId,
        queue: QUEUES.maintenance,
        name: "skills.adjust",
        duplicate: false,
      });

      const queue = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));
      const job = await queue.getJob(expected.opts.jobId ?? "");
      expect(job?.name).toBe("skills.adjust");
      expect(job?.data).toEqual(expected.data);
      expect(job?.opts).toMatchObject({ attempts: JOB_CATALOG["skills.adjust"].attempts });
      expect(await queue.getJobState(expected.opts.jobId ?? "")).toBe("waiting");

      const again = await dashboard.request("/api/jobs/skills.adjust", { json: DRY_RUN });
      expect(again.status).toBe(202);
      expect(await again.json()).toMatchObject({ jobId: expected.opts.jobId, duplicate: true });
      expect(await queue.count()).toBe(1);

      // A live run of the same interval is another job.
      const live = await dashboard.request("/api/jobs/skills.adjust", {
        json: { ...DRY_RUN, dryRun: false },
      });
      expect(await live.json()).toMatchObject({ duplicate: false });
      expect(await queue.count()).toBe(2);
      expect(await (await dashboard.request("/metrics", { auth: false })).text()).toMatch(
        /dashboard_jobs_enqueued_total\{job_name="skills.adjust",duplicate="true"[^}]*\} 1/,
      );
    },
  );

  dashboardTest(
    "a decision job lands on the decisions queue with its priority",
    async ({ redis, dashboard }) => {
      const payload = {
        conversationId: "0b6c4a1e-1f2d-4e3c-8b9a-0a1b2c3d4e5f",
        queueId: "6f1c1d3e-5b8a-4c7e-9f10-2a3b4c5d6e7f",
        mediaType: "call",
        observedAtMs: 1_700_000_000_000,
      };
      const answer = await dashboard.request("/api/jobs/conversation.score", { json: payload });
      expect(answer.status).toBe(202);
      expect(await answer.json()).toMatchObject({ queue: QUEUES.decisions, duplicate: false });
      const queue = redis.track(new Queue(QUEUES.decisions, redis.bullmq));
      expect(await queue.getJobCountByTypes("prioritized")).toBe(1);
    },
  );

  dashboardTest(
    "an unknown job is a 404 naming it; a bad payload is a 400 naming the field",
    async ({ redis, dashboard }) => {
      const unknown = await dashboard.request("/api/jobs/skills.delete", { json: DRY_RUN });
      expect(unknown.status).toBe(404);
      const unknownError = ((await unknown.json()) as ErrorAnswer).error;
      expect(unknownError).toMatchObject({ code: "unknown-job", field: "name" });
      expect(unknownError.message).toContain("skills.delete");

      const backwards = await dashboard.request("/api/jobs/skills.adjust", {
        json: { ...DRY_RUN, intervalEndMs: DRY_RUN.intervalStartMs - 1 },
      });
      expect(backwards.status).toBe(400);
      expect(((await backwards.json()) as ErrorAnswer).error).toMatchObject({
        code: "invalid-job-payload",
        field: "intervalEndMs",
      });

      const badId = await dashboard.request("/api/jobs/skills.adjust", {
        json: { ...DRY_RUN, queueId: "billing" },
      });
      expect(((await badId.json()) as ErrorAnswer).error.field).toBe("queueId");

      const noBody = await dashboard.request("/api/jobs/skills.adjust", { method: "POST" });
      expect(noBody.status).toBe(400);
      expect(((await noBody.json()) as ErrorAnswer).error.field).toBe("body");

      const queue = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));
      expect(await queue.count()).toBe(0);
    },
  );

  dashboardTest("GET /api/jobs lists the catalog", async ({ dashboard }) => {
    const answer = await dashboard.request("/api/jobs");
    const { jobs } = (await answer.json()) as { jobs: { name: string; queue: string }[] };
    expect(jobs.map((job) => job.name).sort()).toEqual(Object.keys(JOB_CATALOG).sort());
    expect(jobs.find((job) => job.name === "skills.adjust")?.queue).toBe(QUEUES.maintenance);
  });
});
