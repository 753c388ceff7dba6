// `npm run bench` (needs the local Redis): decision jobs through a real worker app against the emulator,
// as a ratio to raw BullMQ (no-op jobs) measured in the same run. Genesys' own budget (300/min per token)
// is lifted at the emulator and in the worker so that this measures our overhead, not the budget.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startEmulator } from "@routing/genesys-emulator";
import { prepareJob, QUEUES } from "@routing/jobs";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { closeWorkerDependencies, createWorkerDependencies } from "../src/dependencies.js";
import { parseWorkerEnv } from "../src/env.js";
import { createWorkerApp } from "../src/worker-app.js";

const JOBS = 1_000;
const CONCURRENCY = 20;

async function drained(queue: Queue, count: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts("completed", "failed");
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Its own key prefix on the local Redis, deleted at the end (test-utils is for vitest only).
const prefix = `bench-${randomUUID().slice(0, 8)}`;
const connection = new Redis({ maxRetriesPerRequest: null });
const bullmq = { connection, prefix };
const emulator = await startEmulator({
  port: 0,
  rateLimit: { limit: 10_000_000, windowMs: 60_000 },
  contactCentre: { arrivalsPerMinute: 0 },
});
try {
  // Baseline: the same number of ~200-byte jobs through a no-op BullMQ worker at the same concurrency.
  const baselineQueue = new Queue("baseline", bullmq);
  await baselineQueue.addBulk(
    Array.from({ length: JOBS }, (_, i) => ({ name: "noop", data: { i, padding: "x".repeat(180) } })),
  );
  let started = performance.now();
  const noop = new Worker(baselineQueue.name, async () => undefined, {
    ...bullmq,
    concurrency: CONCURRENCY,
  });
  await drained(baselineQueue, JOBS);
  const baselinePerSecond = JOBS / ((performance.now() - started) / 1000);
  await noop.close();
  await baselineQueue.close();

  // Real decisions: each job lists the queue's members with their skills, ranks them with core and PATCHes
  // requestScoredAgents. The conversations are not created at the emulator: real ones would take its 20
  // agents, leave nobody idle and skip the PATCH. So the PATCH answers 404 and the job completes as
  // "conversation-gone": the same calls and the same ranking work as a scored conversation.
  const { queues, agents } = emulator.control.snapshot();
  const queue = queues[0];
  const queueId = queue?.id ?? "";
  // The queue's own skill and its members' first language, so that its idle members are eligible.
  const skillIds = queue?.primarySkillId === undefined ? [] : [queue.primarySkillId];
  const languageId = agents.find((agent) => queue?.memberIds.includes(agent.id))?.languages[0]?.id;
  const decisions = new Queue(QUEUES.decisions, bullmq);
  // The conversations are not created at the emulator: real ones would take its agents, leave nobody idle
  // and skip the PATCH. So the PATCH answers 404 and the job completes as "conversation-gone", after the
  // same calls and the same ranking work as a scored conversation.
  const jobs = Array.from({ length: JOBS }, () => {
    return prepareJob("conversation.score", {
      conversationId: randomUUID(),
      queueId,
      mediaType: "call",
      skillIds,
      ...(languageId === undefined ? {} : { languageId }),
      observedAtMs: Date.now(),
    });
  });
  await decisions.addBulk(jobs.map((job) => ({ name: job.name, data: job.data, opts: job.opts })));
  emulator.control.clearLogs();
  const dependencies = createWorkerDependencies(
    parseWorkerEnv({
      BULLMQ_PREFIX: prefix,
      GENESYS_API_BASE_URL: emulator.apiBaseUrl,
      GENESYS_RATE_LIMIT: "100000",
      GENESYS_RATE_WINDOW_MS: "1000",
      WORKER_DECISIONS_CONCURRENCY: String(CONCURRENCY),
      WORKER_METRICS_PORT: "0",
      WORKER_METRICS_HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    }),
  );
  const app = createWorkerApp(dependencies);
  started = performance.now();
  await app.start();
  await drained(decisions, JOBS);
  const decisionsPerSecond = JOBS / ((performance.now() - started) / 1000);
  const counts = await decisions.getJobCounts("completed", "failed");
  const outcomes = new Map<string, number>();
  for (const job of await decisions.getJobs(["completed"], 0, JOBS)) {
    const status = String((job.returnvalue as { status?: unknown } | undefined)?.status);
    outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
  }
  await app.close();
  await closeWorkerDependencies(dependencies);
  await decisions.close();
  const apiCalls = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/")).length;

  console.log(`Decision pipeline: ${JOBS} conversation.score jobs, concurrency ${CONCURRENCY} (one process)`);
  console.table([
    {
      run: "baseline: raw BullMQ, no-op jobs",
      "jobs/s": Math.round(baselinePerSecond),
      "x baseline": "1.00",
    },
    {
      run: "worker app: list members, rank, PATCH",
      "jobs/s": Math.round(decisionsPerSecond),
      "x baseline": (decisionsPerSecond / baselinePerSecond).toFixed(3),
    },
  ]);
  console.log(
    `completed ${counts.completed ?? 0} (${[...outcomes].map(([status, n]) => `${status} ${n}`).join(", ")}), ` +
      `failed ${counts.failed ?? 0}; ${(apiCalls / JOBS).toFixed(2)} Genesys calls per decision. ` +
      `At Genesys' 300 requests/min per OAuth client the budget, not the worker, is the limit: ` +
      `${Math.floor(300 / (apiCalls / JOBS))} decisions/min per client.`,
  );
} finally {
  await emulator.close();
  let cursor = "0";
  do {
    const [next, keys] = await connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await connection.unlink(...keys);
  } while (cursor !== "0");
  await connection.quit();
}
