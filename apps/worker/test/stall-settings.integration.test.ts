import { setTimeout as sleep } from "node:timers/promises";
import { createLogger } from "@routing/service-kit";
import { redisTest } from "@routing/test-utils";
import { Queue, QueueEvents, type Worker } from "bullmq";
import { describe, expect } from "vitest";
import { createQueueWorker } from "../src/queue-worker.js";

const logger = createLogger({ service: "worker", level: "silent" });

describe("tight stall settings", () => {
  redisTest(
    "a job that runs longer than its lock keeps it (renewed): it runs once, never stalls",
    async ({ redis }) => {
      const queueName = redis.queueName();
      const queue = redis.track(new Queue(queueName, redis.bullmq));
      const events = redis.track(new QueueEvents(queueName, redis.bullmq));
      await events.waitUntilReady();
      let runs = 0;
      const stalled: string[] = [];
      // Two workers, as in production: the idle one runs the stalled-job checks every 500 ms.
      const workers: Worker[] = [1, 2].map((index) =>
        redis.track(
          createQueueWorker({
            queueName,
            processor: async () => {
              runs++;
              // Three and a half lock durations.
              await sleep(3_500);
              return "done";
            },
            connection: redis.connection,
            prefix: redis.prefix,
            concurrency: 1,
            workerName: `worker-${index}`,
            logger,
            stall: { lockDurationMs: 1_000, stalledIntervalMs: 500, maxStalledCount: 1 },
          }),
        ),
      );
      for (const worker of workers) {
        worker.on("stalled", (jobId) => stalled.push(jobId));
        void worker.run();
      }
      const job = await queue.add("slow", {});
      expect(await job.waitUntilFinished(events, 15_000)).toBe("done");
      await Promise.all(workers.map((worker) => worker.close()));
      expect(runs).toBe(1);
      expect(stalled).toEqual([]);
      expect((await queue.getJob(job.id ?? ""))?.stalledCounter ?? 0).toBe(0);
    },
  );
});
