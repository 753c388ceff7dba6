import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, runCliProcess } from "./run-cli.js";

const PROCESS_TIMEOUT_MS = 60_000;
const REPORT_KEYS = [
  "policy",
  "interactions",
  "answered",
  "abandoned",
  "service_level",
  "target_seconds",
  "asa_seconds",
  "abandon_rate",
  "occupancy",
  "per_agent",
  "fairness",
].sort();

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
      expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
      expect(report).toMatchObject({ policy: "weighted", interactions: 8, target_seconds: 30 });
      expect(Object.keys(report.fairness as object).sort()).toEqual(["chi2", "df", "gini", "p_value"]);
      const perAgent = report.per_agent as Record<string, unknown>[];
      expect(perAgent.map((agent) => agent.id)).toEqual(["ann", "bob", "cyd"]);
      for (const agent of perAgent)
        expect(Object.keys(agent).sort()).toEqual(["busy_seconds", "handled", "id", "occupancy"]);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "--compare --json prints one object holding every policy's report",
    async () => {
      const run = await runCliProcess([...inputs, "--compare", "--json"]);
      expect(run.code).toBe(0);
      const output: { policies: Record<string, unknown>[] } = JSON.parse(run.stdout);
      expect(Object.keys(output)).toEqual(["policies"]);
      expect(output.policies.map((report) => report.policy)).toEqual([
        "weighted",
        "longest-idle",
        "best-available-skills",
      ]);
      for (const report of output.policies) expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
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
