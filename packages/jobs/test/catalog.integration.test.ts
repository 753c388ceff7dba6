import { redisTest } from "@routing/test-utils";
import { Queue, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { describe, expect } from "vitest";
import {
  createJobAdder,
  JOB_CATALOG,
  type JobName,
  JobPayloadError,
  parseJob,
  prepareJob,
} from "../src/index.js";
import { SAMPLE_INPUTS } from "./samples.js";

const names = Object.keys(JOB_CATALOG) as JobName[];

describe("the catalog on real BullMQ", () => {
  redisTest(
    "every job's options are accepted by BullMQ, and a duplicate event is stored once",
    async ({ redis }) => {
      const queue = redis.track(new Queue(redis.queueName(), redis.bullmq));
      for (const name of names) {
        const prepared = prepareJob(name, SAMPLE_INPUTS[name] as never);
        const first = await queue.add(prepared.name, prepared.data, prepared.opts);
        const duplicate = await queue.add(prepared.name, prepared.data, prepared.opts);
        expect(duplicate.id).toBe(first.id);
      }
      expect(await queue.count()).toBe(names.length);
    },
  );

  redisTest(
    "createJobAdder tells a new job from a duplicate, also when two producers race",
    async ({ redis }) => {
      const queue = redis.track(new Queue(redis.queueName(), redis.bullmq));
      const job = prepareJob("conversation.score", SAMPLE_INPUTS["conversation.score"]);
      const add = createJobAdder();
      expect(await add(queue, job)).toEqual({ jobId: job.opts.jobId, duplicate: false });
      expect(await add(queue, job)).toEqual({ jobId: job.opts.jobId, duplicate: true });
      // Two producers (two ingesters receive every event) adding the same new events at once, in the same
      // order and millisecond: each event is counted as new by exactly one of them.
      const events = Array.from({ length: 20 }, (_, round) =>
        prepareJob("conversation.score", { ...SAMPLE_INPUTS["conversation.score"], round: round + 1 }),
      );
      const [first, second] = [createJobAdder(), createJobAdder()];
      const results = await Promise.all(
        events.flatMap((event) => [first(queue, event), second(queue, event)]),
      );
      expect(results.filter((result) => !result.duplicate)).toHaveLength(events.length);
      expect(await queue.count()).toBe(1 + events.length);
    },
  );

  redisTest(
    "createJobAdder says when the stored job of a duplicate had finished, and only then",
    async ({ redis }) => {
      const queueName = redis.queueName();
      const queue = redis.track(new Queue(queueName, redis.bullmq));
      const job = prepareJob("conversation.score", SAMPLE_INPUTS["conversation.score"]);
      const add = createJobAdder();
      await add(queue, job);
      expect(await add(queue, job)).toEqual({ jobId: job.opts.jobId, duplicate: true });
      const worker = redis.track(new Worker(queueName, async () => undefined, redis.bullmq));
      const events = redis.track(new QueueEvents(queueName, redis.bullmq));
      await events.waitUntilReady();
      await (await queue.getJob(String(job.opts.jobId)))?.waitUntilFinished(events, 10_000);
      await worker.close();
      const finishedOn = (await queue.getJob(String(job.opts.jobId)))?.finishedOn;
      expect(finishedOn).toEqual(expect.any(Number));
      expect(await add(queue, job)).toEqual({
        jobId: job.opts.jobId,
        duplicate: true,
        finishedAtMs: finishedOn,
      });
    },
  );

  redisTest(
    "a consumer reads back exactly what the producer wrote, typed by the same catalog",
    async ({ redis }) => {
      const queueName = redis.queueName();
      const queue = redis.track(new Queue(queueName, redis.bullmq));
      const prepared = prepareJob("assignment.check", SAMPLE_INPUTS["assignment.check"]);
      const received: unknown[] = [];
      const worker = redis.track(
        new Worker(
          queueName,
          async (job) => {
            received.push(parseJob(job.name, job.data));
          },
          { ...redis.bullmq, autorun: false },
        ),
      );
      const events = redis.track(new QueueEvents(queueName, redis.bullmq));
      await events.waitUntilReady();
      const job = await queue.add(prepared.name, prepared.data, prepared.opts);
      void worker.run();
      await job.waitUntilFinished(events, 10_000);
      await worker.close();
      expect(received).toEqual([{ name: "assignment.check", payload: prepared.data }]);
    },
  );

  redisTest(
    "a job whose data no longer fits its schema fails once, for good, and is kept for replay",
    async ({ redis }) => {
      const queueName = redis.queueName();
      const queue = redis.track(new Queue(queueName, redis.bullmq));
      const prepared = prepareJob("handoff.turn", SAMPLE_INPUTS["handoff.turn"]);
      let calls = 0;
      const worker = redis.track(
        new Worker(
          queueName,
          async (job) => {
            calls++;
            try {
              parseJob(job.name, job.data);
            } catch (error) {
              // What the worker app will do: retrying cannot fix bad data.
              if (error instanceof JobPayloadError) throw new UnrecoverableError(error.message);
              throw error;
            }
          },
          { ...redis.bullmq, autorun: false },
        ),
      );
      const events = redis.track(new QueueEvents(queueName, redis.bullmq));
      await events.waitUntilReady();
      // Written by hand, as an old release or a manual replay might: confidence is no longer a number.
      const job = await queue.add(prepared.name, { ...prepared.data, confidence: "high" }, prepared.opts);
      void worker.run();
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/"confidence"/);
      await worker.close();
      expect(calls).toBe(1);
      expect(await queue.getJobState(job.id ?? "")).toBe("failed");
    },
  );

  redisTest(
    "recoveries of one topic set made at about the same time are one job; a gap after it ran gets its own",
    async ({ redis }) => {
      const queueName = redis.queueName();
      const queue = redis.track(new Queue(queueName, redis.bullmq));
      const sample = SAMPLE_INPUTS["notifications.recover"];
      // Two ingesters lose their sockets to the same outage: two windows a few hundred ms apart.
      const seenByFirst = prepareJob("notifications.recover", sample);
      const seenBySecond = prepareJob("notifications.recover", {
        ...sample,
        fromMs: sample.fromMs + 300,
        toMs: sample.toMs + 450,
      });
      const [first, second] = [createJobAdder(), createJobAdder()];
      expect((await first(queue, seenByFirst)).duplicate).toBe(false);
      expect((await second(queue, seenBySecond)).duplicate).toBe(true);
      expect(await queue.getJobCounts("delayed", "wait")).toEqual({ delayed: 1, wait: 0 });

      const ran: unknown[] = [];
      const worker = redis.track(
        new Worker(queueName, async (job) => void ran.push(job.data), { ...redis.bullmq, autorun: false }),
      );
      const events = redis.track(new QueueEvents(queueName, redis.bullmq));
      await events.waitUntilReady();
      await queue.promoteJobs();
      void worker.run();
      const stored = await queue.getJob(String(seenByFirst.opts.jobId));
      await stored?.waitUntilFinished(events, 10_000);
      // A later gap (the recovery above has run): a job of its own, which runs too.
      const later = prepareJob("notifications.recover", {
        ...sample,
        fromMs: sample.toMs + 60_000,
        toMs: sample.toMs + 61_000,
      });
      expect((await first(queue, later)).duplicate).toBe(false);
      await queue.promoteJobs();
      const laterJob = await queue.getJob(String(later.opts.jobId));
      await laterJob?.waitUntilFinished(events, 10_000);
      await worker.close();
      expect(ran).toEqual([seenByFirst.data, later.data]);
    },
  );
});
