import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { deleteKeysWithPrefix, freePort, waitFor } from "@routing/test-utils";
import { afterAll, describe, expect, it } from "vitest";

// `npm start` as a person runs it, twice in a row on the same Redis prefix (real processes, real Redis).
// The second run used to route almost nothing for minutes: the emulator's seed gave it the first run's
// conversation ids, and the first run's completed decision jobs (job id from the conversation id) made
// its arrivals look like duplicates. What the console shows is checked on the way.
const root = join(import.meta.dirname, "..");
const prefix = `test-restart-${randomUUID().slice(0, 8)}`;
const logDir = mkdtempSync(join(tmpdir(), "npm-start-"));
const running: ChildProcess[] = [];

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly logFile: string;
  readonly emulator: string;
}

function start(ports: Record<string, number>, label: string): Run {
  const logFile = join(logDir, `${label}.log`);
  let stdout = "";
  const child = spawn(process.execPath, [join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      GENESYS_CLIENT_ID: "",
      GENESYS_API_BASE_URL: "",
      // TEST_EMULATOR_RUN_ID=same replays the trap (both runs mint the same ids): the test then fails.
      EMULATOR_RUN_ID: process.env.TEST_EMULATOR_RUN_ID ?? "",
      NODE_ENV: "development",
      BULLMQ_PREFIX: prefix,
      // Not so fast that all 20 agents are busy before the apps are up (then nobody can be scored).
      EMULATOR_ARRIVALS_PER_MINUTE: "12",
      LOG_LEVEL: "info",
      NPM_START_LOG_FILE: logFile,
      NPM_START_SUMMARY_SECONDS: "2",
      NPM_START_VERBOSE: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  return { child, stdout: () => stdout, logFile, emulator: `http://127.0.0.1:${ports.EMULATOR_PORT}` };
}

/** Milliseconds from the start-up block to the first requestScoredAgents PATCH at this run's emulator. */
async function firstDecision(run: Run): Promise<number> {
  await waitFor(
    () => `the start-up block (output: ${run.stdout().slice(-3000)})`,
    async () => (run.stdout().includes("The routing platform is running.") ? true : undefined),
    120_000,
  );
  const ready = Date.now();
  await waitFor(
    () => `a requestScoredAgents PATCH (output: ${run.stdout().slice(-3000)})`,
    async () => {
      const response = await fetch(`${run.emulator}/__emulator/writes`);
      const writes = (await response.json()) as { method: string; path: string; body?: unknown }[];
      return writes.find(
        (entry) =>
          entry.method === "PATCH" &&
          entry.path.startsWith("/api/v2/routing/conversations/") &&
          JSON.stringify(entry.body).includes("requestScoredAgents"),
      );
    },
    90_000,
  );
  return Date.now() - ready;
}

async function stop(run: Run): Promise<number | null> {
  if (run.child.exitCode !== null) return run.child.exitCode;
  const exited = new Promise<number | null>((resolve) => run.child.once("exit", resolve));
  run.child.kill("SIGINT");
  return exited;
}

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  await deleteKeysWithPrefix(prefix);
  rmSync(logDir, { recursive: true, force: true });
});

describe("npm start, twice in a row", () => {
  it("prints one start-up block and summary lines, logs JSON to its file, and the second run routes within 60 s", async () => {
    const ports = {
      EMULATOR_PORT: await freePort(),
      INGESTER_PORT: await freePort(),
      WORKER_METRICS_PORT: await freePort(),
      DASHBOARD_PORT: await freePort(),
    };

    const first = start(ports, "first");
    const firstMs = await firstDecision(first);
    // A few more decisions, so that the second run's seed replays conversations the first one decided.
    await sleep(10_000);
    const output = first.stdout();
    expect(output.match(/The routing platform is running\./g)).toHaveLength(1);
    for (const url of [
      `http://127.0.0.1:${ports.DASHBOARD_PORT}/admin/queues`,
      `http://127.0.0.1:${ports.INGESTER_PORT}/metrics`,
      `http://127.0.0.1:${ports.WORKER_METRICS_PORT}/metrics`,
      `http://127.0.0.1:${ports.DASHBOARD_PORT}/metrics`,
      `http://127.0.0.1:${ports.EMULATOR_PORT}/__emulator`,
    ]) {
      expect(output).toContain(url);
    }
    expect(output).toContain("ops / routing-dev-only");
    // The credentials printed open Bull Board.
    const board = await fetch(`http://127.0.0.1:${ports.DASHBOARD_PORT}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from("ops:routing-dev-only").toString("base64")}` },
    });
    expect(board.status).toBe(200);
    const runId = /EMULATOR_RUN_ID=(\S+)/.exec(output)?.[1];
    expect(runId).toMatch(process.env.TEST_EMULATOR_RUN_ID ?? /^[0-9a-f]{8}$/);
    // Summary lines with figures, and no raw JSON on the console (it is in the log file).
    expect(output).toMatch(
      /events \d+.*decisions: .*scored \d+.*Genesys writes \d+.*429s \d+.*budget \d+\/\d+/,
    );
    expect(output.split("\n").filter((line) => line.startsWith("{") || line.includes('{"level"'))).toEqual(
      [],
    );
    const logged = readFileSync(first.logFile, "utf8").split("\n").filter(Boolean);
    expect(logged.some((line) => JSON.parse(line).msg === "worker started")).toBe(true);
    expect(await stop(first)).toBe(0);

    const second = start(ports, "second");
    const secondMs = await firstDecision(second);
    if (process.env.TEST_EMULATOR_RUN_ID === undefined) {
      expect(/EMULATOR_RUN_ID=(\S+)/.exec(second.stdout())?.[1], "a new run id").not.toBe(runId);
    }
    expect(secondMs, `first decision after the start-up block (first run: ${firstMs} ms)`).toBeLessThan(
      60_000,
    );
    // No arrival of the second run was taken for one the first run had decided (the restart trap).
    const ingester = await fetch(`http://127.0.0.1:${ports.INGESTER_PORT}/metrics`);
    const taken = [...(await ingester.text()).matchAll(/^ingester_job_ids_taken_total\{[^}]*\} (\d+)/gm)];
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.map((match) => Number(match[1]))).toEqual(taken.map(() => 0));
    expect(await stop(second)).toBe(0);
  }, 300_000);
});
