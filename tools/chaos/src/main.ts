/**
 * `npm run chaos [-- --quick] [--only a,b] [--out FILE]`: starts the real system on its own Redis and ports,
 * runs the scenarios one after another under steady load, and writes `docs/reliability.md`. Exits 1 when a
 * scenario fails (with `--quick`, what CI runs).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { QUEUES } from "@routing/jobs";
import { Queue } from "bullmq";
import {
  BULLMQ_PREFIX,
  CALM_IDLE_AGENTS,
  CALM_TIMEOUT_MS,
  FULL_TIMING,
  QUICK_TIMING,
  RSS_LIMIT_MB,
  type Timing,
} from "./config.js";
import { measureWindow, queuesIdle, replayFailed } from "./measure.js";
import { passed, renderReport, type ScenarioResult } from "./report.js";
import { SCENARIOS, type Scenario, type ScenarioContext } from "./scenarios.js";
import { ChaosSystem } from "./system.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

interface Arguments {
  readonly quick: boolean;
  readonly only: readonly string[] | undefined;
  readonly out: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  let quick = false;
  let only: string[] | undefined;
  let out = join(ROOT, "docs", "reliability.md");
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--quick") quick = true;
    else if (argument === "--only") only = (argv[++index] ?? "").split(",").filter(Boolean);
    else if (argument === "--out") out = resolve(argv[++index] ?? out);
    else if (argument === "--help") {
      console.log("npm run chaos [-- --quick] [--only name,name] [--out docs/reliability.md]");
      console.log(`scenarios: ${SCENARIOS.map((scenario) => scenario.name).join(", ")}`);
      process.exit(0);
    } else {
      console.error(`chaos: unknown argument ${argument} (--help lists them)`);
      process.exit(2);
    }
  }
  const unknown = (only ?? []).filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`chaos: no scenario ${unknown.join(", ")} (--help lists them)`);
    process.exit(2);
  }
  return { quick, only, out };
}

const log = (message: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Waits until nothing is queued or running for three seconds in a row, or the timeout. */
async function settle(context: ScenarioContext): Promise<void> {
  const deadline = Date.now() + context.timing.settleTimeoutMs;
  let idleSince: number | undefined;
  while (Date.now() < deadline) {
    const idle = await queuesIdle(context.decisions, context.maintenance).catch(() => false);
    if (!idle) idleSince = undefined;
    else if (idleSince === undefined) idleSince = Date.now();
    else if (Date.now() - idleSince >= 3_000) return;
    await sleep(500);
  }
  log(`not idle after ${context.timing.settleTimeoutMs / 1000} s; measuring anyway`);
}

/**
 * Each scenario starts from a calm contact centre (nobody waiting, agents idle), so that its load is decided
 * on, not queued behind the last scenario's backlog.
 */
async function calm(context: ScenarioContext): Promise<void> {
  const deadline = Date.now() + CALM_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const snapshot = await context.system.control.snapshot();
    const waiting = snapshot.queues.reduce((sum, queue) => sum + queue.waitingConversationIds.length, 0);
    const idle = snapshot.agents.filter((agent) => agent.routingStatus.status === "IDLE").length;
    if (waiting === 0 && idle >= CALM_IDLE_AGENTS) return;
    await sleep(2_000);
  }
  log(`the contact centre is still busy after ${CALM_TIMEOUT_MS / 1000} s; starting anyway`);
}

/** The ingesters whose /healthz does not answer 200, each with what it answered. */
async function unhealthyIngesters(context: ScenarioContext): Promise<string[]> {
  const unhealthy: string[] = [];
  for (const [index, port] of context.system.ports.ingesters.entries()) {
    const name = context.system.ingesters[index]?.name ?? `ingester-${index + 1}`;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status !== 200) unhealthy.push(`${name}: ${response.status} ${await response.text()}`);
    } catch (error) {
      unhealthy.push(`${name}: no answer (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return unhealthy;
}

/** An ingester still unhealthy once its scenario has settled (a channel stopped for good, say). */
async function healthAfterSettle(context: ScenarioContext): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let unhealthy = await unhealthyIngesters(context);
  while (unhealthy.length > 0 && Date.now() < deadline) {
    await sleep(1_000);
    unhealthy = await unhealthyIngesters(context);
  }
  return unhealthy;
}

async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<ScenarioResult> {
  const { system, timing } = context;
  // A scenario starts from a whole system, whatever the last one left behind: dead processes are started,
  // an ingester that stayed unhealthy (its failure is already in the last scenario's row) is restarted.
  for (const managed of system.all()) if (!managed.running()) await managed.start();
  const unhealthyBefore = await unhealthyIngesters(context);
  for (const ingester of system.ingesters) {
    if (unhealthyBefore.some((line) => line.startsWith(`${ingester.name}:`))) {
      log(`restarting ${ingester.name}, unhealthy since the last scenario`);
      await ingester.stop();
      await ingester.start();
    }
  }
  await calm(context);
  system.rss.reset();
  const crashesBefore = system.crashes().length;
  const stackBefore = system.apps().reduce((sum, managed) => sum + managed.counters.stackLines, 0);
  const startedAt = Date.now();
  const fromMs = startedAt;
  await system.control.setArrivalRate(timing.arrivalsPerMinute);
  let outcome: Awaited<ReturnType<Scenario["run"]>> = { notes: [], checks: [] };
  let error: string | undefined;
  try {
    outcome = await scenario.run(context);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    log(`${scenario.name} could not be carried out: ${error}`);
  }
  await system.control.setArrivalRate(0).catch(() => undefined);
  await system.control.clearFaults().catch(() => undefined);
  await system.control.setLatency(null).catch(() => undefined);
  const loadEndedAt = Date.now();
  for (const managed of system.all()) if (!managed.running()) await managed.start();
  await settle(context);
  const unhealthy = await healthAfterSettle(context);
  const figures = await measureWindow({
    fromMs,
    toMs: loadEndedAt,
    snapshot: await system.control.snapshot(),
    writes: await system.control.writes(),
    decisions: context.decisions,
    maintenance: context.maintenance,
  });
  const replay = await replayFailed([context.decisions, context.maintenance], fromMs, 60_000);
  system.rss.sample();
  const result: ScenarioResult = {
    name: scenario.name,
    fault: scenario.fault,
    dependsOn: scenario.dependsOn,
    durationMs: Date.now() - startedAt,
    figures,
    failed: replay.failed,
    replayedOk: replay.replayedOk,
    notReplayable: replay.notReplayable,
    crashes: system.crashes().slice(crashesBefore),
    peakRssMb: Object.fromEntries(system.rss.peaks()),
    stackLines: system.apps().reduce((sum, managed) => sum + managed.counters.stackLines, 0) - stackBefore,
    notes: outcome.notes,
    checks: [
      ...outcome.checks,
      {
        name: "every ingester healthy once settled",
        ok: unhealthy.length === 0,
        detail: unhealthy.join("; ") || "both answer 200",
      },
    ],
    ...(error === undefined ? {} : { error }),
  };
  log(
    `${scenario.name}: ${passed(result, RSS_LIMIT_MB) ? "pass" : "FAIL"} (${figures.conversations} conversations, ` +
      `${figures.missed.length} missed, ${figures.doubleWrites.length} written twice, ${replay.failed} failed, ` +
      `${result.crashes.length} crashes)`,
  );
  return result;
}

function currentCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const timing: Timing = args.quick ? QUICK_TIMING : FULL_TIMING;
  const scenarios = SCENARIOS.filter((scenario) =>
    args.only === undefined ? !args.quick || scenario.quick : args.only.includes(scenario.name),
  );
  const workDir = mkdtempSync(join(tmpdir(), "faults-chaos-"));
  // Small, so that Redis away under load overflows it (and the overflow's recovery is exercised).
  const ingesterBufferMaxJobs = 20;
  const system = new ChaosSystem({ root: ROOT, workDir, ingesterBufferMaxJobs });
  const startedAt = new Date();
  log(`${args.quick ? "quick" : "full"} run of ${scenarios.length} scenario(s); logs in ${system.logDir}`);
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await system.stop().catch(() => undefined);
    process.exit(code);
  };
  process.once("SIGINT", () => void stopAll(130));
  process.once("SIGTERM", () => void stopAll(143));

  const results: ScenarioResult[] = [];
  try {
    await system.start();
    log("system up: redis, emulator, 2 ingesters, 2 workers, dashboard");
    const connection = system.connect();
    const decisions = new Queue(QUEUES.decisions, { connection, prefix: BULLMQ_PREFIX });
    const maintenance = new Queue(QUEUES.maintenance, { connection, prefix: BULLMQ_PREFIX });
    for (const queue of [decisions, maintenance]) queue.on("error", () => {});
    const context: ScenarioContext = { system, timing, decisions, maintenance, log, ingesterBufferMaxJobs };
    for (const scenario of scenarios) {
      log(`${scenario.name}: ${scenario.fault}`);
      results.push(await runScenario(scenario, context));
      // Kept as it goes: a run cut short still leaves what it measured.
      writeFileSync(join(workDir, "results.json"), JSON.stringify(results, null, 2));
    }
    await decisions.close();
    await maintenance.close();
    connection.disconnect();
  } finally {
    await system.stop();
  }

  const report = {
    mode: args.quick ? ("quick" as const) : ("full" as const),
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    commit: currentCommit(),
    rssLimitMb: RSS_LIMIT_MB,
    results,
    logDir: system.logDir,
  };
  writeFileSync(join(workDir, "results.json"), JSON.stringify(report, null, 2));
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${renderReport(report)}\n`);
  const failures = results.filter((result) => !passed(result, RSS_LIMIT_MB));
  log(
    `${results.length - failures.length} of ${results.length} scenario(s) pass in ${Math.round(report.durationMs / 1000)} s; ` +
      `report: ${args.out}`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

await main();
