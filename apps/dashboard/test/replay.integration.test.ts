import { QUEUES } from "@routing/jobs";
import { Queue, Worker } from "bullmq";
import { describe, expect, vi } from "vitest";
import { dashboardTest, WRONG_PASSWORD } from "./dashboard-fixture.js";

const POLL = { timeout: 10_000, interval: 50 };

describe("replaying a failed job from Bull Board (real BullMQ, real HTTP)", () => {
  dashboardTest(
    "a job that failed is retried through Bull Board's own API and then completes",
    async ({ redis, dashboard }) => {
      const queue = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));
      const jobId = "adjust_replay-me";
      await queue.add(
        "skills.adjust",
        { intervalStartMs: 1, intervalEndMs: 2, dryRun: true },
        { jobId, attempts: 1 },
      );

      // A worker that fails the job, as one would on a Genesys outage; stopped before anything is asserted.
      const failing = redis.track(
        new Worker(
          QUEUES.maintenance,
          async () => {
            throw new Error("Genesys answered 503");
          },
          redis.bullmq,
        ),
      );
      await vi.waitFor(async () => expect(await queue.getJobState(jobId)).toBe("failed"), POLL);
      await failing.close();

      // Bull Board's retry route (@bull-board/api routes.ts): PUT <base>/api/queues/:queueName/:jobId/retry
      const retryPath = `/admin/queues/api/queues/${QUEUES.maintenance}/${jobId}/retry`;
      expect((await dashboard.request(retryPath, { method: "PUT", auth: false })).status).toBe(401);
      expect((await dashboard.request(retryPath, { method: "PUT", auth: WRONG_PASSWORD })).status).toBe(401);
      expect(await queue.getJobState(jobId)).toBe("failed");

      const retried = await dashboard.request(retryPath, { method: "PUT" });
      expect(retried.status).toBe(204);
      expect(await queue.getJobState(jobId)).toBe("waiting");
      expect(dashboard.logs()).toContainEqual(
        expect.objectContaining({ msg: "Bull Board action", method: "PUT", path: retryPath, status: 204 }),
      );

      const processed: string[] = [];
      const healthy = redis.track(
        new Worker(
          QUEUES.maintenance,
          async (job) => {
            processed.push(job.id ?? "");
          },
          redis.bullmq,
        ),
      );
      await vi.waitFor(async () => expect(await queue.getJobState(jobId)).toBe("completed"), POLL);
      await healthy.close();
      expect(processed).toEqual([jobId]);
    },
  );

  dashboardTest("a retry of an unknown job is a 404 from Bull Board, not a crash", async ({ dashboard }) => {
    const answer = await dashboard.request(`/admin/queues/api/queues/${QUEUES.decisions}/no-such-job/retry`, {
      method: "PUT",
    });
    expect(answer.status).toBe(404);
    expect((await dashboard.request("/healthz", { auth: false })).status).toBe(200);
  });
});
