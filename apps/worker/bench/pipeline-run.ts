import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { type RoutingRequirement, rankAgents } from "@routing/core";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator } from "@routing/genesys-emulator";
import { prepareJob, QUEUES } from "@routing/jobs";
import { createRosterStore, rosterCandidates, rosterKeyPrefix } from "@routing/roster";
import { type JobsOptions, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { closeWorkerDependencies, createWorkerDependencies } from "../src/dependencies.js";
import { parseWorkerEnv } from "../src/env.js";
import { createWorkerApp } from "../src/worker-app.js";
import { AppProcess } from "./app-process.js";
import { deleteKeys } from "./routing-system.js";

const ROUNDS = 3;

export interface PipelineRun {
  /** Per round, each way. */
  readonly jobs: number;
  readonly rounds: number;
  readonly concurrency: number;
  /** Completed jobs by their outcome's status. */
  readonly outcomes: ReadonlyMap<string, number>;
  readonly failed: number;
  /** The round of the median ratio. */
  readonly baseline: Rate;
  readonly decisions: Rate;
  /**
   * The floor, for context: jobs whose only work is one PATCH to the same stub (`node:http`, no client, no
   * Redis of ours), as a ratio to the no-op baseline of the same round; the median of the rounds.
   */
  readonly patchOnlyRatio: number;
  /**
   * The least a decision on the shared roster can do, for context: jobs that read the queue's roster from
   * Redis (the roster store the worker reads), rank it with core's `rankAgents` and send the PATCH as the
   * floor's jobs do; no write journal, decision record, rate budget, client or metrics. As a ratio to the
   * no-op baseline of the same round; the median of the rounds.
   */
  readonly rosterDecisionRatio: number;
  /** Requests the stub answered the decisions per round (start-up, roster seed and the context rows' excluded). */
  readonly stubRequests: number;
}

async function drained(queue: Queue, count: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts("completed", "failed");
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) return;
    await sleep(20);
  }
}

/** One timed round: the jobs wait in the paused queue of a running worker; the clock runs from resume to drained. */
async function timedDrain(
  queue: Queue,
  jobs: readonly { name: string; data: unknown; opts?: JobsOptions }[],
  drainedTotal: number,
): Promise<Rate> {
  await queue.pause();
  await queue.addBulk(jobs.map((job) => ({ ...job })));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await queue.resume();
  await drained(queue, drainedTotal);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: jobs.length / seconds, cpuUsPerJob: (cpu.user + cpu.system) / jobs.length };
}

interface Rate {
  readonly perSecond: number;
  /** This process' CPU (user + system) per job: the worker's own cost, whatever else the machine runs. */
  readonly cpuUsPerJob: number;
}

/**
 * The baseline: the same number of ~200-byte jobs through a no-op BullMQ worker at the same concurrency,
 * timed exactly as the decisions (worker already running, jobs waiting, resume to drained): its start-up
 * is not in the figure, as the worker app's is not.
 */
async function noopJobsPerSecond(
  bullmq: { connection: Redis; prefix: string },
  name: string,
  jobCount: number,
  concurrency: number,
): Promise<Rate> {
  return processorJobsPerSecond(bullmq, name, async () => undefined, jobCount, concurrency);
}

/** `jobCount` ~200-byte jobs through a fresh queue and a BullMQ worker running `processor`, timed as above. */
async function processorJobsPerSecond(
  bullmq: { connection: Redis; prefix: string },
  name: string,
  processor: () => Promise<unknown>,
  jobCount: number,
  concurrency: number,
): Promise<Rate> {
  const queue = new Queue(name, bullmq);
  const worker = new Worker(queue.name, processor, { ...bullmq, concurrency });
  try {
    await worker.waitUntilReady();
    return await timedDrain(
      queue,
      Array.from({ length: jobCount }, (_, i) => ({ name, data: { i, padding: "x".repeat(180) } })),
      jobCount,
    );
  } finally {
    await worker.close();
    await queue.close();
  }
}

/**
 * The floor of the decision path: the same jobs through a BullMQ worker whose processor only sends the one
 * call a decision makes (a 20-agent `requestScoredAgents` PATCH, `node:http` with keep-alive, straight to
 * the stub) and reads its answer, after `before` when given. What the worker app does beyond that (roster,
 * journal, record, budget, client) is the difference between this and the decisions' ratio.
 */
async function patchJobsPerSecond(
  bullmq: { connection: Redis; prefix: string },
  name: string,
  jobCount: number,
  concurrency: number,
  stubUrl: string,
  before: () => Promise<void> = async () => undefined,
): Promise<Rate> {
  const { hostname, port } = new URL(stubUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({
    requestScoredAgents: Array.from({ length: 20 }, (_, rank) => ({ id: randomUUID(), score: 100 - rank })),
  });
  const patch = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        {
          hostname,
          port,
          agent,
          method: "PATCH",
          path: `/api/v2/routing/conversations/${randomUUID()}`,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
          response.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  const processor = async (): Promise<unknown> => {
    await before();
    return patch();
  };
  try {
    return await processorJobsPerSecond(bullmq, name, processor, jobCount, concurrency);
  } finally {
    agent.destroy();
  }
}

/**
 * What any decision on the shared roster must do before its PATCH: read the queue's roster from Redis and
 * rank it. Throws when nobody ranks, so that a roster read that came back empty cannot pass for a cheap one.
 */
function readAndRank(
  connection: Redis,
  prefix: string,
  target: { queueId: string; requirement: RoutingRequirement },
): () => Promise<void> {
  const store = createRosterStore(connection, { keyPrefix: rosterKeyPrefix(prefix) });
  return async () => {
    const roster = await store.readQueueRoster(target.queueId);
    const ranked = rankAgents(rosterCandidates(roster), target.requirement, { nowMs: Date.now() });
    if (ranked.length === 0) throw new Error("the seeded roster ranked nobody");
  };
}

/**
 * What a decision asks of Genesys, answered once by the emulator and kept for the stub: the token, the
 * queue, one page of its members (all of them, no next page) and an agent's routing skills.
 */
async function recordGenesysAnswers(
  file: string,
): Promise<{ queueId: string; skillIds: string[]; languageId?: string }> {
  const emulator = await startEmulator({
    port: 0,
    rateLimit: { limit: 10_000_000, windowMs: 60_000 },
    contactCentre: { arrivalsPerMinute: 0, queueCount: 1, onQueueShare: 1 },
  });
  try {
    const { queues, agents } = emulator.control.snapshot();
    const queue = queues[0];
    if (queue === undefined) throw new Error("the emulator has no queue");
    const { clientId, clientSecret } = DEFAULT_EMULATOR_CREDENTIALS;
    const tokenResponse = await fetch(`${emulator.apiBaseUrl}/oauth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const token = (await tokenResponse.json()) as { access_token: string };
    const get = async (path: string): Promise<unknown> => {
      const response = await fetch(`${emulator.apiBaseUrl}${path}`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      if (!response.ok) throw new Error(`recording ${path}: ${response.status}`);
      return response.json();
    };
    const members = (await get(
      `/api/v2/routing/queues/${queue.id}/members?expand=routingStatus,presence,skills,languages&joined=true&pageSize=100`,
    )) as Record<string, unknown>;
    const agentId = queue.memberIds[0] ?? "";
    const canned = {
      "POST /oauth/token": { ...token, expires_in: 86_400 },
      "GET /api/v2/routing/queues/{id}": await get(`/api/v2/routing/queues/${queue.id}`),
      "GET /api/v2/routing/queues/{id}/members": { ...members, nextUri: undefined, pageCount: 1 },
      "GET /api/v2/users/{id}/routingskills": await get(`/api/v2/users/${agentId}/routingskills`),
    };
    writeFileSync(file, JSON.stringify(canned));
    const languageId = agents.find((agent) => queue.memberIds.includes(agent.id))?.languages[0]?.id;
    return {
      queueId: queue.id,
      skillIds: [queue.primarySkillId],
      ...(languageId === undefined ? {} : { languageId }),
    };
  } finally {
    await emulator.close();
  }
}

/**
 * Decision jobs through a real worker app (the catalog's handlers on the worker's normal job path) with
 * Genesys replaced by a trivial stub in another process, as a ratio to a no-op BullMQ worker at the same
 * concurrency in the same run. The roster is seeded first by a real `roster.seed` job (decisions may read
 * it); the budget is lifted so that this measures our overhead, not Genesys'.
 */
export async function runPipeline(jobCount: number, concurrency: number): Promise<PipelineRun> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const connection = new Redis({ maxRetriesPerRequest: null });
  const bullmq = { connection, prefix };
  const cannedFile = join(tmpdir(), `${prefix}-genesys.json`);
  const target = await recordGenesysAnswers(cannedFile);
  const stub = await AppProcess.start({
    name: "genesys stub",
    entry: "apps/worker/bench/genesys-stub-main.ts",
    args: [cannedFile],
    env: {},
    ready: /"msg":"stub listening"/,
  });
  const stubUrl = `http://127.0.0.1:${(JSON.parse(stub.started) as { port: number }).port}`;
  try {
    const dependencies = createWorkerDependencies(
      parseWorkerEnv({
        BULLMQ_PREFIX: prefix,
        GENESYS_API_BASE_URL: stubUrl,
        GENESYS_LOGIN_BASE_URL: stubUrl,
        GENESYS_RATE_LIMIT: "100000",
        GENESYS_RATE_WINDOW_MS: "1000",
        WORKER_DECISIONS_CONCURRENCY: String(concurrency),
        WORKER_METRICS_PORT: "0",
        WORKER_METRICS_HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
      }),
    );
    const app = createWorkerApp(dependencies);
    const maintenance = new Queue(QUEUES.maintenance, bullmq);
    const decisions = new Queue(QUEUES.decisions, bullmq);
    try {
      await app.start();
      const seed = prepareJob("roster.seed", { queueId: target.queueId, reason: "manual", toMs: Date.now() });
      await maintenance.add(seed.name, seed.data, seed.opts);
      for (;;) {
        const state = await maintenance.getJobState(String(seed.opts.jobId));
        if (state === "completed") break;
        if (state === "failed") throw new Error("the roster seed failed against the stub");
        await sleep(20);
      }
      // Requests the decisions made (the PATCH-only and roster-decision rounds reach the stub too).
      let decisionRequests = 0;
      // Rounds interleave the baseline with the decisions (a shared machine drifts); the median ratio wins.
      const rounds: {
        baseline: Rate;
        decisions: Rate;
        patchOnlyRatio: number;
        rosterDecisionRatio: number;
      }[] = [];
      const rosterDecision = readAndRank(connection, prefix, {
        queueId: target.queueId,
        requirement: {
          requiredSkills: target.skillIds,
          ...(target.languageId === undefined ? {} : { requiredLanguage: target.languageId }),
        },
      });
      // One more round first, not counted: both paths JIT-compiled before the clock counts (the first
      // thousand decisions of a process cost about twice the later ones).
      for (let round = 0; round <= ROUNDS; round++) {
        const baseline = await noopJobsPerSecond(bullmq, `baseline-${round}`, jobCount, concurrency);
        const jobs = Array.from({ length: jobCount }, () =>
          prepareJob("conversation.score", {
            conversationId: randomUUID(),
            queueId: target.queueId,
            mediaType: "call",
            skillIds: target.skillIds,
            ...(target.languageId === undefined ? {} : { languageId: target.languageId }),
            observedAtMs: Date.now(),
          }),
        );
        const patchOnly = await patchJobsPerSecond(
          bullmq,
          `patch-only-${round}`,
          jobCount,
          concurrency,
          stubUrl,
        );
        const rosterDecisions = await patchJobsPerSecond(
          bullmq,
          `roster-decision-${round}`,
          jobCount,
          concurrency,
          stubUrl,
          rosterDecision,
        );
        const answeredBefore = await stubCount(stubUrl);
        const measured = {
          baseline,
          decisions: await timedDrain(decisions, jobs, jobCount * (round + 1)),
          patchOnlyRatio: patchOnly.perSecond / baseline.perSecond,
          rosterDecisionRatio: rosterDecisions.perSecond / baseline.perSecond,
        };
        decisionRequests += (await stubCount(stubUrl)) - answeredBefore;
        if (round > 0) rounds.push(measured);
      }
      const counts = await decisions.getJobCounts("completed", "failed");
      const outcomes = new Map<string, number>();
      for (const job of await decisions.getJobs(["completed"], 0, -1)) {
        const status = String((job.returnvalue as { status?: unknown } | undefined)?.status);
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      }
      rounds.sort(
        (a, b) => a.decisions.perSecond / a.baseline.perSecond - b.decisions.perSecond / b.baseline.perSecond,
      );
      const median = rounds[Math.floor(rounds.length / 2)];
      if (median === undefined) throw new Error("no round ran");
      const medianOf = (values: number[]): number =>
        values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
      return {
        jobs: jobCount,
        rounds: ROUNDS,
        concurrency,
        baseline: median.baseline,
        decisions: median.decisions,
        patchOnlyRatio: medianOf(rounds.map((measured) => measured.patchOnlyRatio)),
        rosterDecisionRatio: medianOf(rounds.map((measured) => measured.rosterDecisionRatio)),
        outcomes,
        failed: counts.failed ?? 0,
        stubRequests: decisionRequests / (ROUNDS + 1),
      };
    } finally {
      await app.close();
      await closeWorkerDependencies(dependencies);
      await maintenance.close();
      await decisions.close();
    }
  } finally {
    await stub.stop();
    rmSync(cannedFile, { force: true });
    await deleteKeys(connection, prefix);
    await connection.quit();
  }
}

async function stubCount(stubUrl: string): Promise<number> {
  const response = await fetch(`${stubUrl}/__stub/count`);
  return ((await response.json()) as { answered: number }).answered;
}
