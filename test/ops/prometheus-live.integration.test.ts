import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { deleteKeysWithPrefix, freePort, waitFor } from "@routing/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  type Expression,
  grafanaExpressions,
  kedaExpressions,
  RULE_FILES,
  ruleExpressions,
} from "./support/expressions.js";
import { type RunningProcess, requireTool, root, run, startApp, startProcess } from "./support/processes.js";

/*
 * The running system (emulator, ingester, two workers, dashboard: real processes on free ports) scraped by
 * a real Prometheus (Debian's package, installed by .ci/run) that loads our rule files. Every PromQL
 * expression of the Grafana dashboard, of the rules and of the KEDA ScaledObject must evaluate against it,
 * and return data unless listed below as fault-only.
 */

/** Grafana queries that have no series on a healthy system, and why. */
const GRAFANA_FAULT_ONLY: Record<string, string> = {
  "max by (alertname, alertstate, severity, queue, queue_id, instance) (ALERTS)":
    "ALERTS exists only while an alert is pending or firing",
  "sum by (reason) (increase(ingester_notification_gaps_total[1h]))":
    "a gap series appears with the first lost socket (its reasons are the client's, not a list we start at 0)",
  "sum by (mode, direction) (increase(worker_skill_adjustments_total[1h]))":
    "a series appears with the first proficiency change, which needs days of measured performance",
};

/**
 * An alert's expression returns data only while its fault is present, so each alert names the signal it
 * watches: that query must return data here (the metrics behind the alert exist, spelled right), and the
 * alert's own expression must evaluate and return nothing (a healthy system raises no alert).
 */
const ALERT_SIGNALS: Record<string, string> = {
  GenesysRateLimited:
    "sum(increase(genesys_rate_limited_total[10m])) + sum(increase(worker_queue_pauses_total[10m]))",
  GenesysBudgetSaturated: "routing:genesys_budget_use:ratio",
  RoutingFailedJobsGrowing: 'max by (queue) (bullmq_queue_jobs{state="failed"})',
  NotificationStreamDown: "sum by (instance, status) (ingester_stream_channels)",
  NotificationHeartbeatStale: "time() - ingester_stream_last_frame_timestamp_seconds",
  RoutingRosterStale: "max by (queue_id) (routing_roster_stale)",
  RoutingRosterMembersUnsubscribed: "max by (instance) (ingester_roster_unsubscribed_members)",
  RoutingJobWaitOverSla:
    "max by (queue) (bullmq_queue_oldest_waiting_age_seconds) - on (queue) routing:queue_wait_sla:seconds",
  RoutingNoWorkerConsuming: "max by (queue) (bullmq_queue_workers)",
  RedisUnreachable: "min(bullmq_queue_metrics_up)",
};

/** Signals whose metric another piece of work exports (not yet on this branch), and why they may be empty. */
const SIGNALS_NOT_YET_EXPORTED: Record<string, string> = {};

const WEBHOOK_SECRET = "development-only-messaging-webhook-secret";
const DASHBOARD_AUTH = `Basic ${Buffer.from("ops:routing-dev-only").toString("base64")}`;

const processes: RunningProcess[] = [];
let prefix = "";
let workDir = "";

afterAll(async () => {
  // Apps first (they drain), Prometheus last.
  await Promise.all(processes.filter((p) => p.name !== "prometheus").map((p) => p.stop()));
  await Promise.all(processes.filter((p) => p.name === "prometheus").map((p) => p.stop()));
  if (prefix !== "") {
    await deleteKeysWithPrefix(prefix);
  }
  if (workDir !== "") rmSync(workDir, { recursive: true, force: true });
}, 60_000);

/** `queueId:skillId` of the emulator's first queue and skill, read through its Platform API. */
async function emulatorAdjustmentTarget(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from("emulator-client-id:emulator-client-secret").toString("base64")}`,
    },
    body: "grant_type=client_credentials",
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const list = async (path: string) => {
    const answer = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return ((await answer.json()) as { entities: { id: string }[] }).entities;
  };
  const [queue] = await list("/api/v2/routing/queues");
  const [skill] = await list("/api/v2/routing/skills");
  if (queue === undefined || skill === undefined) throw new Error("the emulator has no queue or no skill");
  return `${queue.id}:${skill.id}`;
}

interface QueryResult {
  readonly status: "success" | "error";
  readonly error?: string;
  readonly data?: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

describe("a real Prometheus scraping the running system", () => {
  it("checks the config and rules with promtool, and every dashboard, rule and KEDA query evaluates with data", async () => {
    const promtool = requireTool("promtool", "prometheus");
    const prometheusBin = requireTool("prometheus", "prometheus");

    // promtool first: the shipped config (docker-compose.yml's), the rules and their unit tests.
    const composeConfig = run(promtool, [
      "check",
      "config",
      join(root, "ops", "prometheus", "prometheus.yml"),
    ]);
    expect(composeConfig.code, composeConfig.output).toBe(0);
    const rules = run(promtool, ["check", "rules", ...RULE_FILES]);
    expect(rules.code, rules.output).toBe(0);
    const ruleTests = run(promtool, [
      "test",
      "rules",
      join(root, "ops", "prometheus", "tests", "routing-alerts.test.yml"),
    ]);
    expect(ruleTests.code, ruleTests.output).toBe(0);
    const amtool = requireTool("amtool", "prometheus-alertmanager");
    const alertmanager = run(amtool, ["check-config", join(root, "ops", "alertmanager", "alertmanager.yml")]);
    expect(alertmanager.code, alertmanager.output).toBe(0);

    // The system, on free ports and a key prefix of its own.
    prefix = `test-ops-${randomUUID().slice(0, 8)}`;
    workDir = mkdtempSync(join(tmpdir(), "ops-prometheus-"));
    const ports = {
      emulator: await freePort(),
      ingester: await freePort(),
      workers: [await freePort(), await freePort()],
      dashboard: await freePort(),
      prometheus: await freePort(),
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      BULLMQ_PREFIX: prefix,
      GENESYS_CLIENT_ID: "",
      GENESYS_CLIENT_SECRET: "",
      GENESYS_API_BASE_URL: `http://127.0.0.1:${ports.emulator}`,
      GENESYS_LOGIN_BASE_URL: "",
    };
    const emulator = startApp("genesys-emulator", {
      ...env,
      EMULATOR_PORT: String(ports.emulator),
      // Heartbeats every 2 s so the last-frame time moves within the test; arrivals keep decisions coming.
      EMULATOR_HEARTBEAT_MS: "2000",
      EMULATOR_ARRIVALS_PER_MINUTE: "20",
    });
    processes.push(emulator);
    await waitFor(
      () => `the emulator (${emulator.output()})`,
      async () =>
        (await fetch(`http://127.0.0.1:${ports.emulator}/api/v2/routing/queues`)).status > 0
          ? true
          : undefined,
      30_000,
    );
    // A queue and a skill of the emulator's contact centre, for the skill adjustment the load asks for.
    const target = await emulatorAdjustmentTarget(`http://127.0.0.1:${ports.emulator}`);
    processes.push(startApp("ingester", { ...env, INGESTER_PORT: String(ports.ingester) }));
    for (const port of ports.workers) {
      processes.push(
        startApp("worker", {
          ...env,
          WORKER_METRICS_PORT: String(port),
          WORKER_METRICS_HOST: "127.0.0.1",
          WORKER_SKILL_ADJUSTMENT_TARGETS: target,
          // The minimum, so that reconciliation runs (and its drift series exist) within the test.
          WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS: "5",
        }),
      );
    }
    processes.push(
      startApp("dashboard", { ...env, DASHBOARD_PORT: String(ports.dashboard), DASHBOARD_HOST: "127.0.0.1" }),
    );

    // Prometheus with the same rule files and job names as docker-compose.yml, scraping every second.
    const address = (port: number) => `127.0.0.1:${port}`;
    const configFile = join(workDir, "prometheus.yml");
    writeFileSync(
      configFile,
      stringify({
        global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
        rule_files: RULE_FILES,
        scrape_configs: [
          { job_name: "routing-worker", static_configs: [{ targets: ports.workers.map(address) }] },
          { job_name: "routing-ingester", static_configs: [{ targets: [address(ports.ingester)] }] },
          { job_name: "routing-dashboard", static_configs: [{ targets: [address(ports.dashboard)] }] },
        ],
      }),
    );
    const generated = run(promtool, ["check", "config", configFile]);
    expect(generated.code, generated.output).toBe(0);
    const prometheus = startProcess(
      "prometheus",
      prometheusBin,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(workDir, "data")}`,
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        "--log.level=warn",
      ],
      process.env,
    );
    processes.push(prometheus);
    const api = `http://127.0.0.1:${ports.prometheus}/api/v1`;
    const query = async (expr: string): Promise<QueryResult> => {
      const response = await fetch(`${api}/query?${new URLSearchParams({ query: expr })}`);
      return (await response.json()) as QueryResult;
    };
    const scalarOf = async (expr: string): Promise<number | undefined> => {
      const result = await query(expr);
      const value = result.data?.result[0]?.value[1];
      return value === undefined ? undefined : Number(value);
    };
    const everything = () => processes.map((p) => `--- ${p.name}\n${p.output()}`).join("\n");

    // Every target up: 2 workers, 1 ingester, 1 dashboard.
    await waitFor(
      () => `every target scraped (${everything()})`,
      async () => ((await scalarOf("count(up == 1)")) === 4 ? true : undefined),
      60_000,
    );

    // Load besides the emulator's arrivals: bot turns through the signed webhook (one hands off, one stays
    // with the bot) and a dry-run skill adjustment enqueued by hand through the dashboard's API.
    for (const confidence of [0.2, 0.95, 0.3]) {
      const body = JSON.stringify({
        conversationId: randomUUID(),
        participantId: randomUUID(),
        turnId: randomUUID(),
        intent: "billing",
        confidence,
      });
      const signature = createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex");
      const answer = await fetch(`http://127.0.0.1:${ports.ingester}/webhooks/messaging`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature-256": `sha256=${signature}` },
        body,
      });
      expect(answer.status, await answer.text()).toBe(202);
    }
    const now = Date.now();
    const adjust = await fetch(`http://127.0.0.1:${ports.dashboard}/api/jobs/skills.adjust`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: DASHBOARD_AUTH },
      body: JSON.stringify({ intervalStartMs: now - 86_400_000, intervalEndMs: now, dryRun: true }),
    });
    expect(adjust.status, await adjust.text()).toBe(202);

    // Prometheus has seen decisions made, bot turns decided, the maintenance job done, and the recording
    // rules evaluated.
    for (const [what, expr] of [
      ["a scoring decision", "sum(worker_scoring_outcomes_total)"],
      ["bot turns decided", "sum(worker_handoff_turns_total)"],
      [
        "the skill adjustment run",
        'sum(worker_jobs_processed_total{name="skills.adjust",outcome="completed"})',
      ],
      ["the budget use recorded", "routing:genesys_budget_use:ratio"],
      ["the job rate the budget can feed", "routing:genesys_budget_jobs_per_second:max"],
    ] as const) {
      await waitFor(
        () => `${what}: ${expr} > 0 (${everything()})`,
        async () => (((await scalarOf(expr)) ?? 0) > 0 ? true : undefined),
        60_000,
      );
    }

    const problems: string[] = [];
    // A rate() needs two samples of its series: a counter first incremented just before the waits above
    // ended may have one. Expressions that must have data get until this deadline to show it.
    const dataDeadline = Date.now() + 20_000;
    const check = async ({ source, expr }: Expression, mustHaveData: boolean) => {
      let result = await query(expr);
      while (
        mustHaveData &&
        result.status === "success" &&
        (result.data?.result.length ?? 0) === 0 &&
        Date.now() < dataDeadline
      ) {
        await sleep(500);
        result = await query(expr);
      }
      if (result.status !== "success") problems.push(`${source}: ${expr}\n  error: ${result.error}`);
      else if (mustHaveData && (result.data?.result.length ?? 0) === 0)
        problems.push(`${source}: ${expr}\n  returned no data`);
    };

    const grafana = grafanaExpressions();
    expect(grafana.length).toBeGreaterThan(25);
    for (const expression of grafana) await check(expression, !(expression.expr in GRAFANA_FAULT_ONLY));
    for (const expr of Object.keys(GRAFANA_FAULT_ONLY)) {
      expect(
        grafana.map((e) => e.expr),
        `fault-only entry no longer on the dashboard: ${expr}`,
      ).toContain(expr);
    }

    const ruleExprs = ruleExpressions();
    const alerts = ruleExprs.filter((rule) => rule.alert !== undefined);
    expect(Object.keys(ALERT_SIGNALS).sort()).toEqual(alerts.map((rule) => rule.alert).sort());
    for (const rule of ruleExprs) {
      if (rule.alert === undefined) {
        await check(rule, true);
        continue;
      }
      const result = await query(rule.expr);
      if (result.status !== "success")
        problems.push(`${rule.source}: ${rule.expr}\n  error: ${result.error}`);
      else if ((result.data?.result.length ?? 0) > 0)
        problems.push(`${rule.source} is active on a healthy system: ${JSON.stringify(result.data?.result)}`);
      await check(
        { source: `${rule.source} (signal)`, expr: ALERT_SIGNALS[rule.alert] ?? "" },
        !(rule.alert in SIGNALS_NOT_YET_EXPORTED),
      );
    }

    const keda = kedaExpressions();
    expect(keda).toHaveLength(1);
    for (const expression of keda) await check(expression, true);

    expect(problems, problems.join("\n")).toEqual([]);
    // What a job costs in Genesys calls here (docs/operations.md, "Scale under peak", quotes a run).
    const callsPerJob = await scalarOf(
      'sum(genesys_requests_total{job="routing-worker",path!="/oauth/token"}) / sum(worker_jobs_processed_total)',
    );
    const scoreP95 = await scalarOf(
      'histogram_quantile(0.95, sum by (le) (rate(worker_job_duration_seconds_bucket{name="conversation.score"}[5m])))',
    );
    const workerMemory = await scalarOf('max(process_resident_memory_bytes{service="worker"})');
    process.stderr.write(
      `measured against the emulator: worker RSS ${((workerMemory ?? 0) / 2 ** 20).toFixed(0)} MiB\n`,
    );
    process.stderr.write(
      `measured against the emulator: ${callsPerJob?.toFixed(2)} Genesys calls per job attempt, conversation.score p95 ${scoreP95?.toFixed(3)} s\n`,
    );
  }, 150_000);
});
