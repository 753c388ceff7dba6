import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deleteKeysWithPrefix, freePort, waitFor } from "@routing/test-utils";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

interface WriteEntry {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/** Metric names used in the provisioned Grafana dashboards' queries. */
function grafanaMetricNames(): string[] {
  const dashboard = readFileSync(join(root, "ops", "grafana", "dashboards", "routing-overview.json"), "utf8");
  const exprs = [...dashboard.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? "");
  const names = exprs.flatMap(
    (expr) => expr.match(/\b[a-z_]+_(?:total|seconds_bucket|seconds|jobs|paused|remaining|waiting)\b/g) ?? [],
  );
  return [...new Set(names)];
}

let system: { child: ChildProcess; output: string[]; prefix: string } | undefined;

afterEach(async () => {
  if (system === undefined) return;
  const { child, prefix } = system;
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  await deleteKeysWithPrefix(prefix);
  system = undefined;
});

describe("npm start (the whole system on the embedded defaults)", () => {
  it("routes emulator conversations end to end, then stops cleanly on SIGTERM", async () => {
    const ports = {
      EMULATOR_PORT: await freePort(),
      INGESTER_PORT: await freePort(),
      WORKER_METRICS_PORT: await freePort(),
      DASHBOARD_PORT: await freePort(),
    };
    const prefix = `test-system-${randomUUID().slice(0, 8)}`;
    const output: string[] = [];
    const child = spawn(process.execPath, [join(root, "scripts", "start.mjs")], {
      cwd: root,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
        GENESYS_CLIENT_ID: "",
        GENESYS_API_BASE_URL: "",
        NODE_ENV: "development",
        BULLMQ_PREFIX: prefix,
        // Slow enough that the emulator's 20 agents are not all busy by the time the apps are up on a loaded
        // machine: with nobody idle the worker rightly sends no requestScoredAgents.
        EMULATOR_ARRIVALS_PER_MINUTE: "12",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    system = { child, output, prefix };
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));

    const emulator = `http://127.0.0.1:${ports.EMULATOR_PORT}`;
    // The worker's decision reaches Genesys: a PATCH with requestScoredAgents, computed from the ingester's job.
    const scored = await waitFor(
      () => `a requestScoredAgents PATCH at the emulator (output so far: ${output.join("").slice(-3000)})`,
      async () => {
        const response = await fetch(`${emulator}/__emulator/writes`);
        if (!response.ok) return undefined;
        const writes = (await response.json()) as WriteEntry[];
        return writes.find(
          (entry) => entry.method === "PATCH" && entry.path.startsWith("/api/v2/routing/conversations/"),
        );
      },
      90_000,
    );
    expect(JSON.stringify(scored.body)).toContain("requestScoredAgents");

    const exposition: string[] = [];
    for (const [name, port] of [
      ["ingester", ports.INGESTER_PORT],
      ["worker", ports.WORKER_METRICS_PORT],
      ["dashboard", ports.DASHBOARD_PORT],
    ] as const) {
      // The apps start side by side: one may still be starting when the first decision is made.
      const text = await waitFor(
        `${name} /metrics`,
        async () => {
          const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
          return metrics.status === 200 ? await metrics.text() : undefined;
        },
        30_000,
      );
      exposition.push(text);
    }
    // Every series the Grafana dashboard plots is exported by some app (a renamed metric breaks this).
    const declared = new Set(
      exposition
        .join("\n")
        .match(/^# TYPE \S+/gm)
        ?.map((line) => line.slice(7)),
    );
    for (const metric of grafanaMetricNames()) {
      const base = metric.replace(/_(bucket|sum|count)$/, "");
      expect(declared.has(metric) || declared.has(base), `${metric} (Grafana) is exported`).toBe(true);
    }
    const board = await fetch(`http://127.0.0.1:${ports.DASHBOARD_PORT}/admin/queues`);
    // Bull Board is behind auth.
    expect(board.status).toBe(401);

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) =>
      child.once("exit", (exitCode) => resolve(exitCode)),
    );
    expect(code, output.join("").slice(-3000)).toBe(0);
  }, 180_000);
});
