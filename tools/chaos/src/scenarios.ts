import { setTimeout as sleep } from "node:timers/promises";
import type { Job, Queue } from "bullmq";
import { type Timing, WEBHOOK_SECRET } from "./config.js";
import { fuzzedFrames, fuzzedWebhookRequests } from "./fuzz.js";
import { metricSum } from "./measure.js";
import type { ManagedProcess } from "./processes.js";
import type { ChaosSystem } from "./system.js";

export interface ScenarioContext {
  readonly system: ChaosSystem;
  readonly timing: Timing;
  readonly decisions: Queue;
  readonly maintenance: Queue;
  readonly log: (message: string) => void;
  /** INGESTER_BUFFER_MAX_JOBS of each ingester. */
  readonly ingesterBufferMaxJobs: number;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ScenarioOutcome {
  /** Facts worth a line in the report (measured re-run times, overflow counts, answers seen). */
  readonly notes: readonly string[];
  /** Pass criteria of this scenario on top of the common ones. */
  readonly checks: readonly Check[];
}

export interface Scenario {
  readonly name: string;
  /** What is broken, for the report. */
  readonly fault: string;
  /** Part of `--quick` (CI). */
  readonly quick: boolean;
  /** Depends on a fix made elsewhere (the Genesys client's retry policy and token refresh). */
  readonly dependsOn?: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

const quiet = (): ScenarioOutcome => ({ notes: [], checks: [] });

async function metricsText(port: number): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
    return await response.text();
  } catch {
    return "";
  }
}

async function ingesterMetric(context: ScenarioContext, name: string, filter = ""): Promise<number> {
  let total = 0;
  for (const port of context.system.ports.ingesters)
    total += metricSum(await metricsText(port), name, filter);
  return total;
}

/** Requests the emulator answered with `status` since `fromMs`. */
async function answered(context: ScenarioContext, status: number, fromMs: number): Promise<number> {
  const requests = await context.system.control.requests();
  return requests.filter((entry) => entry.status === status && entry.at >= fromMs).length;
}

/** The worker process a job is running on: worker names are "<host>-<pid>-<random>", pid of the app. */
function workerRunning(job: Job, workers: readonly ManagedProcess[]): ManagedProcess | undefined {
  const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(job.processedBy ?? "")?.[1]);
  return workers.find((worker) => worker.appPid() === pid);
}

async function killWorkerMidJob(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing, decisions } = context;
  await sleep(timing.leadInMs);
  // Genesys slow to answer writes: decisions stay in flight long enough to be caught in the middle.
  await system.control.setLatency({ ms: 1_500, jitterMs: 500, pathPrefix: "/api/v2/routing/conversations" });
  let victim: ManagedProcess | undefined;
  let inFlight: Job[] = [];
  const deadline = Date.now() + 20_000;
  while (victim === undefined && Date.now() < deadline) {
    const active = await decisions.getJobs(["active"]);
    for (const job of active) {
      const worker = workerRunning(job, system.workers);
      if (worker === undefined) continue;
      victim = worker;
      inFlight = active.filter((candidate) => workerRunning(candidate, system.workers) === worker);
      break;
    }
    if (victim === undefined) await sleep(100);
  }
  if (victim === undefined) {
    await system.control.setLatency(null);
    return { notes: ["no decision was in flight within 20 s"], checks: [] };
  }
  victim.kill9();
  const killedAt = Date.now();
  context.log(`kill -9 ${victim.name} with ${inFlight.length} job(s) in flight`);
  const rerunMs: number[] = [];
  const waitUntil = Date.now() + 30_000;
  for (const job of inFlight) {
    const id = job.id ?? "";
    while (Date.now() < waitUntil) {
      const current = await decisions.getJob(id);
      if (current === undefined) break;
      if ((current.processedOn ?? 0) > killedAt) {
        rerunMs.push((current.processedOn ?? 0) - killedAt);
        break;
      }
      await sleep(100);
    }
  }
  await system.control.setLatency(null);
  await sleep(Math.max(0, timing.outageMs - (Date.now() - killedAt)));
  await victim.start();
  await sleep(timing.leadOutMs);
  const slowest = rerunMs.length === 0 ? Number.NaN : Math.max(...rerunMs);
  return {
    notes: [
      `kill -9 of ${victim.name} with ${inFlight.length} decision(s) in flight (writes held 1.5-2 s); ` +
        `re-run after ${rerunMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ") || "none"}`,
    ],
    checks: [
      {
        name: "in-flight jobs re-run within 10 s",
        ok: rerunMs.length === inFlight.length && slowest <= 10_000,
        detail: `${rerunMs.length}/${inFlight.length} re-run, slowest ${(slowest / 1000).toFixed(1)} s`,
      },
    ],
  };
}

async function killOneOfTwoIngesters(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing } = context;
  await sleep(timing.leadInMs);
  system.ingesters[1].kill9();
  await sleep(timing.outageMs);
  await system.ingesters[1].start();
  await sleep(timing.leadOutMs);
  return {
    notes: [`kill -9 of ingester-2 for ${timing.outageMs / 1000} s; ingester-1 kept running`],
    checks: [],
  };
}

async function killTheOnlyIngester(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing, maintenance } = context;
  await system.ingesters[1].stop();
  await sleep(timing.leadInMs);
  const killedAt = Date.now();
  system.ingesters[0].kill9();
  await sleep(timing.outageMs);
  await system.ingesters[0].start();
  await system.ingesters[1].start();
  await sleep(timing.leadOutMs);
  const startRecoveries = (
    await maintenance.getJobs(["completed", "active", "wait", "delayed", "failed"])
  ).filter(
    (job) =>
      job.name === "notifications.recover" &&
      job.timestamp >= killedAt &&
      job.data.reason === "ingester-start",
  );
  return {
    notes: [
      `ingester-2 stopped, then kill -9 of ingester-1 (the only one) for ${timing.outageMs / 1000} s; ` +
        `${startRecoveries.length} start-up recovery job(s) made`,
    ],
    checks: [
      {
        name: "a start-up recovery covers the window no ingester saw",
        ok: startRecoveries.some((job) => job.data.fromMs <= killedAt),
        detail: startRecoveries.map((job) => `${job.data.fromMs}..${job.data.toMs}`).join(", ") || "none",
      },
    ],
  };
}

async function restartRedis(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing } = context;
  await sleep(timing.leadInMs);
  await system.redis.stop();
  await sleep(5_000);
  await system.redis.start();
  await system.waitForRedis();
  await sleep(timing.leadOutMs);
  return {
    notes: ["redis-server stopped (SIGTERM, AOF everysec) for 5 s and restarted on its data"],
    checks: [],
  };
}

async function redisAwayWithFrames(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing } = context;
  await sleep(timing.leadInMs);
  const overflowBefore = await ingesterMetric(context, "ingester_buffer_overflows_total");
  await system.control.setArrivalRate(timing.arrivalsPerMinute * 4);
  await system.redis.stop();
  let heldPeak = 0;
  let healthDown = 0;
  const until = Date.now() + timing.outageMs;
  while (Date.now() < until) {
    heldPeak = Math.max(heldPeak, await ingesterMetric(context, "ingester_buffered_jobs"));
    const health = await fetch(`http://127.0.0.1:${system.ports.ingesters[0]}/healthz`).catch(
      () => undefined,
    );
    if (health?.status === 503) healthDown++;
    await sleep(1_000);
  }
  await system.control.setArrivalRate(timing.arrivalsPerMinute);
  await system.redis.start();
  await system.waitForRedis();
  await sleep(timing.leadOutMs);
  const overflowed = (await ingesterMetric(context, "ingester_buffer_overflows_total")) - overflowBefore;
  // Both ingesters' buffers, plus the recovery jobs a buffer always takes.
  const bound = 2 * context.ingesterBufferMaxJobs + 4;
  return {
    notes: [
      `redis-server down ${timing.outageMs / 1000} s while conversations arrived 4x faster; ` +
        `buffers held at most ${heldPeak} job(s) (bound ${bound}); ${overflowed} dropped and recovered; ` +
        `/healthz 503 in ${healthDown} of ${Math.round(timing.outageMs / 1000)} probes`,
    ],
    checks: [
      { name: "buffers bounded", ok: heldPeak <= bound, detail: `peak ${heldPeak} jobs held` },
      {
        name: "/healthz reports Redis away",
        ok: healthDown > 0,
        detail: `${healthDown} probes answered 503`,
      },
    ],
  };
}

function storm(kind: "429" | "5xx" | "latency"): (context: ScenarioContext) => Promise<ScenarioOutcome> {
  return async (context) => {
    const { system, timing } = context;
    await sleep(timing.leadInMs);
    const startedAt = Date.now();
    if (kind === "429") await system.control.injectFaults({ status: 429, times: 60, retryAfterSeconds: 2 });
    if (kind === "5xx") await system.control.injectFaults({ status: 503, times: 80 });
    if (kind === "latency") await system.control.setLatency({ ms: 2_500, jitterMs: 1_500 });
    await sleep(timing.outageMs);
    await system.control.clearFaults();
    await system.control.setLatency(null);
    await sleep(timing.leadOutMs);
    const status = kind === "429" ? 429 : kind === "5xx" ? 503 : 200;
    const requests = (await system.control.requests()).filter((entry) => entry.at >= startedAt).length;
    return {
      notes: [
        `${await answered(context, status, startedAt)} answers ${status} from the emulator; ` +
          `${requests} API requests from the storm's start to the end of the load`,
      ],
      checks: [],
    };
  };
}

async function tokenRevoked(context: ScenarioContext, failRefreshOnce: boolean): Promise<ScenarioOutcome> {
  const { system, timing } = context;
  await sleep(timing.leadInMs);
  const startedAt = Date.now();
  if (failRefreshOnce) await system.control.injectFaults({ status: 401, times: 1, pathPrefix: "/oauth" });
  await system.control.revokeTokens();
  await sleep(timing.outageMs);
  await system.control.clearFaults();
  await sleep(timing.leadOutMs);
  return {
    notes: [
      `tokens revoked${failRefreshOnce ? ", the first token request answered 401" : ""}; ` +
        `${await answered(context, 401, startedAt)} answers 401 since`,
    ],
    checks: [],
  };
}

async function fuzz(context: ScenarioContext): Promise<ScenarioOutcome> {
  const { system, timing } = context;
  await sleep(timing.leadInMs);
  const snapshot = await system.control.snapshot();
  const topics = snapshot.queues.map((queue) => `v2.routing.queues.${queue.id}.conversations`);
  const frames = fuzzedFrames(topics, timing.fuzzCount, 20_261);
  for (let index = 0; index < frames.length; index += 250) {
    await system.control.rawFrames(frames.slice(index, index + 250));
  }
  const requests = fuzzedWebhookRequests(WEBHOOK_SECRET, timing.fuzzCount, 20_262);
  const statuses = new Map<number, number>();
  let next = 0;
  const sendOne = async (): Promise<void> => {
    for (let index = next++; index < requests.length; index = next++) {
      const request = requests[index];
      if (request === undefined) continue;
      const port = system.ports.ingesters[index % 2];
      let status = 0;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/webhooks/messaging`, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 16 }, sendOne));
  await sleep(timing.leadOutMs);
  const metrics = await metricsText(system.ports.ingesters[0]);
  const eventSeries = metrics
    .split("\n")
    .filter((line) => line.startsWith("ingester_notification_events_total{"));
  const serverErrors = [...statuses].filter(([status]) => status >= 500 || status === 0);
  const histogram = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? "no answer" : status}: ${count}`)
    .join(", ");
  return {
    notes: [
      `${frames.length} fuzzed frames to every socket, ${requests.length} fuzzed webhook requests (${histogram}); ` +
        `ingester /metrics ${(metrics.length / 1024).toFixed(0)} KiB, ${eventSeries.length} topic series`,
    ],
    checks: [
      {
        name: "no webhook request answered 5xx or left unanswered",
        ok: serverErrors.length === 0,
        detail: serverErrors.map(([status, count]) => `${status}: ${count}`).join(", ") || "none",
      },
      {
        name: "metric labels from a closed set",
        ok: eventSeries.length <= 16 && metrics.length < 1024 * 1024,
        detail: `${eventSeries.length} topic series, ${(metrics.length / 1024).toFixed(0)} KiB`,
      },
    ],
  };
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "baseline",
    fault: "none (steady load)",
    quick: false,
    run: async (context) => {
      await sleep(context.timing.leadInMs + context.timing.outageMs);
      return quiet();
    },
  },
  { name: "kill-worker", fault: "kill -9 a worker mid-decision", quick: true, run: killWorkerMidJob },
  {
    name: "kill-one-ingester",
    fault: "kill -9 one of two ingesters",
    quick: false,
    run: killOneOfTwoIngesters,
  },
  { name: "kill-only-ingester", fault: "kill -9 the only ingester", quick: true, run: killTheOnlyIngester },
  { name: "restart-redis", fault: "Redis restart (AOF)", quick: false, run: restartRedis },
  { name: "redis-away", fault: "Redis away, frames arriving 4x", quick: true, run: redisAwayWithFrames },
  {
    name: "storm-429",
    fault: "429 storm (60 answers)",
    quick: false,
    dependsOn: "client: one retry policy under the budget, circuit breaker (#9.7)",
    run: storm("429"),
  },
  {
    name: "storm-5xx",
    fault: "503 storm (80 answers)",
    quick: false,
    dependsOn: "client: one retry policy under the budget, circuit breaker (#9.7)",
    run: storm("5xx"),
  },
  { name: "storm-latency", fault: "latency storm (2.5 ± 1.5 s)", quick: false, run: storm("latency") },
  {
    name: "token-revoked",
    fault: "every token revoked",
    quick: false,
    dependsOn: "client: a 4xx never stops ingestion for good (#9.1)",
    run: (context) => tokenRevoked(context, false),
  },
  {
    name: "refresh-401",
    fault: "tokens revoked, one 401 on the refresh",
    quick: false,
    dependsOn: "client: a 4xx never stops ingestion for good (#9.1)",
    run: (context) => tokenRevoked(context, true),
  },
  { name: "fuzz", fault: "fuzzed webhook bodies and notification frames", quick: true, run: fuzz },
];
