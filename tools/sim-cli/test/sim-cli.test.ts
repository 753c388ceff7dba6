import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, runCliProcess } from "./run-cli.js";

const PROCESS_TIMEOUT_MS = 60_000;
// core's SimulationSummary: the same keys the dashboard's simulation API returns.
const REPORT_KEYS = [
  "policy",
  "fairnessTerm",
  "interactions",
  "answered",
  "abandoned",
  "unserved",
  "delayed",
  "answeredWithinTarget",
  "targetSeconds",
  "serviceLevel",
  "asaSeconds",
  "abandonRate",
  "occupancy",
  "simulatedSeconds",
  "perAgent",
  "fairness",
];

const fixture = (name: string) => join(FIXTURES, name);
const inputs = ["--interactions", fixture("interactions.csv"), "--agents", fixture("agents.json")];

const temporaryDirectories: string[] = [];
afterAll(async () => {
  await Promise.all(temporaryDirectories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe("sim CLI (child process)", () => {
  it(
    "--json prints exactly one JSON object with exactly the documented keys",
    async () => {
      const run = await runCliProcess([
        ...inputs,
        "--policy",
        "weighted",
        "--json",
        "--target-seconds",
        "30",
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split("\n")).toHaveLength(1);
      const report: Record<string, unknown> = JSON.parse(run.stdout);
      expect(Object.keys(report)).toEqual(REPORT_KEYS);
      expect(report).toMatchObject({
        policy: "weighted",
        interactions: 8,
        targetSeconds: 30,
        fairnessTerm: null,
      });
      expect(Object.keys(report.fairness as object)).toEqual(["gini", "chi2", "df", "pValue"]);
      const perAgent = report.perAgent as Record<string, unknown>[];
      expect(perAgent.map((agent) => agent.id)).toEqual(["ann", "bob", "cyd"]);
      for (const agent of perAgent)
        expect(Object.keys(agent)).toEqual(["id", "handled", "busySeconds", "occupancy"]);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "--compare --json prints one object holding every policy's report and the fairness term's Gini off and on",
    async () => {
      const run = await runCliProcess([...inputs, "--compare", "--json", "--fairness-weight", "0.4"]);
      expect(run.code).toBe(0);
      const output: {
        policies: Record<string, unknown>[];
        fairnessTerm: Record<string, unknown> & { report: Record<string, unknown> };
      } = JSON.parse(run.stdout);
      expect(Object.keys(output)).toEqual(["policies", "fairnessTerm"]);
      expect(output.policies.map((report) => report.policy)).toEqual([
        "weighted",
        "longest-idle",
        "best-available-skills",
      ]);
      for (const report of output.policies) expect(Object.keys(report)).toEqual(REPORT_KEYS);
      expect(output.fairnessTerm).toMatchObject({
        policy: "weighted",
        settings: { signal: "idle-time", weight: 0.4, idleSaturationMs: 600_000 },
        giniOff: (output.policies[0]?.fairness as { gini: number } | undefined)?.gini,
      });
      expect(output.fairnessTerm.giniOn).toBe((output.fairnessTerm.report.fairness as { gini: number }).gini);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "exits 1 naming the file, line and column of a bad CSV row, without a stack trace",
    async () => {
      const run = await runCliProcess([
        "--interactions",
        fixture("bad-row.csv"),
        "--agents",
        fixture("agents.json"),
        "--policy",
        "weighted",
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("bad-row.csv: line 3, column 5 (handle_seconds)");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "exits 1 naming the agent and field of a bad roster entry",
    async () => {
      const run = await runCliProcess([
        "--interactions",
        fixture("interactions.csv"),
        "--agents",
        fixture("bad-agents.json"),
        "--policy",
        "weighted",
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('bad-agents.json: agents[1] (id "bob"), field "skills.billing"');
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'exits 2 naming the flag of a negative number (not node\'s "argument is ambiguous")',
    async () => {
      const run = await runCliProcess([...inputs, "--policy", "weighted", "--target-seconds", "-3"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        'sim: --target-seconds: expected a number >= 0, got "-3"\nRun with --help for usage.\n',
      );
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "exits 1 naming the line of a duplicate interaction id, and the file of an empty roster",
    async () => {
      const duplicate = await runCliProcess([
        "--interactions",
        fixture("duplicate-id.csv"),
        "--agents",
        fixture("agents.json"),
        "--policy",
        "weighted",
      ]);
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toContain(
        'duplicate-id.csv: line 4, column 1 (id): duplicate interaction id "c-01" (already used by line 2)',
      );
      const empty = await runCliProcess([
        "--interactions",
        fixture("interactions.csv"),
        "--agents",
        fixture("empty-agents.json"),
        "--policy",
        "weighted",
      ]);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain("empty-agents.json: the roster is empty");
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "exits 2 naming the flag for an unknown policy",
    async () => {
      const run = await runCliProcess([...inputs, "--policy", "round-robin"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/--policy: unknown policy "round-robin"/);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "generates a seeded dataset that it can then simulate, and refuses to overwrite it",
    async () => {
      const directory = await mkdtemp(join(tmpdir(), "sim-cli-"));
      temporaryDirectories.push(directory);
      const files = ["--interactions", join(directory, "i.csv"), "--agents", join(directory, "a.json")];
      const generated = await runCliProcess([
        "--generate",
        ...files,
        "--count",
        "300",
        "--agent-count",
        "12",
        "--seed",
        "9",
      ]);
      expect(generated.code).toBe(0);
      expect((await readFile(join(directory, "i.csv"), "utf8")).trim().split("\n")).toHaveLength(301);
      const simulated = await runCliProcess([...files, "--policy", "best-available-skills", "--json"]);
      expect(simulated.code).toBe(0);
      expect(JSON.parse(simulated.stdout)).toMatchObject({ interactions: 300 });
      const again = await runCliProcess(["--generate", ...files]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists \(pass --force to overwrite\)/);
    },
    PROCESS_TIMEOUT_MS,
  );
});
