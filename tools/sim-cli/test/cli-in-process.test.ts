import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli-main.js";
import { parseCliArguments, UsageError } from "../src/cli-options.js";
import { lineProgress, terminalProgress } from "../src/progress-reporter.js";
import { FIXTURES } from "./run-cli.js";

const inputs = [
  "--interactions",
  join(FIXTURES, "interactions.csv"),
  "--agents",
  join(FIXTURES, "agents.json"),
];

async function run(argv: string[], isTTY = false) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { isTTY, write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

function usageError(argv: string[]): string {
  try {
    parseCliArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("parseCliArguments", () => {
  it("reads a simulation command with defaults", () => {
    expect(parseCliArguments([...inputs, "--policy", "longest-idle"])).toMatchObject({
      kind: "simulate",
      plan: { compare: false, runs: [{ policy: "longest-idle" }] },
      targetSeconds: 20,
      json: false,
      progress: "auto",
    });
    expect(parseCliArguments([...inputs, "--compare", "--progress"])).toMatchObject({
      plan: {
        compare: true,
        runs: [
          { policy: "weighted" },
          { policy: "longest-idle" },
          { policy: "best-available-skills" },
          { policy: "weighted", fairness: { signal: "idle-time", weight: 0.2, idleSaturationMs: 600_000 } },
        ],
      },
      progress: "always",
    });
    expect(
      parseCliArguments([
        ...inputs,
        "--policy",
        "weighted",
        "--fairness",
        "occupancy",
        "--fairness-weight",
        "0.35",
        "--fairness-idle-saturation",
        "120",
      ]),
    ).toMatchObject({
      plan: {
        runs: [
          { policy: "weighted", fairness: { signal: "occupancy", weight: 0.35, idleSaturationMs: 120_000 } },
        ],
      },
    });
  });

  it("names the offending flag", () => {
    expect(usageError([...inputs])).toMatch(/^--policy is required/);
    expect(usageError([...inputs, "--policy", "weighted", "--compare"])).toMatch(/^--policy: use either/);
    expect(usageError([...inputs, "--policy", "weighted", "--target-seconds", "soon"])).toMatch(
      /^--target-seconds:/,
    );
    expect(usageError(["--agents", "a.json", "--policy", "weighted"])).toMatch(
      /^--interactions FILE is required/,
    );
    expect(usageError([...inputs, "--policy", "weighted", "--seed", "3"])).toMatch(
      /^--seed only applies with --generate/,
    );
    expect(usageError([...inputs, "--generate", "--count", "1.5"])).toMatch(/^--count:/);
    expect(usageError([...inputs, "--policy", "weighted", "--frobnicate"])).toMatch(/--frobnicate/);
    expect(usageError([...inputs, "--policy", "weighted", "extra"])).toMatch(/unexpected argument "extra"/);
    expect(usageError([...inputs, "--policy", "weighted", "--target-seconds", "-3"])).toBe(
      '--target-seconds: expected a number >= 0, got "-3"',
    );
    expect(usageError([...inputs, "--policy", "weighted", "--target-seconds", "-.5"])).toMatch(
      /^--target-seconds:/,
    );
    expect(usageError([...inputs, "--generate", "--count", "-10"])).toMatch(
      /^--count: expected a whole number >= 0/,
    );
    expect(usageError([...inputs, "--policy", "longest-idle", "--fairness", "idle-time"])).toMatch(
      /^--fairness: the fairness term belongs to the weighted policy/,
    );
    expect(usageError([...inputs, "--policy", "weighted", "--fairness", "luck"])).toMatch(
      /^--fairness: unknown signal "luck"/,
    );
    expect(usageError([...inputs, "--policy", "weighted", "--fairness-weight", "0.3"])).toMatch(
      /^--fairness-weight only applies with --fairness or --compare/,
    );
    expect(usageError([...inputs, "--compare", "--fairness-weight", "1"])).toBe(
      '--fairness-weight: expected a number >= 0 and < 1, got "1"',
    );
    expect(usageError([...inputs, "--generate", "--fairness", "idle-time"])).toMatch(
      /^--fairness does not apply/,
    );
  });
});

describe("runCli (in process)", () => {
  it("prints a readable report, and a side-by-side table with --compare", async () => {
    const single = await run([...inputs, "--policy", "best-available-skills"]);
    expect(single.code).toBe(0);
    expect(single.stdout).toMatch(/^Routing simulation: best-available-skills/);
    expect(single.stdout).toMatch(/Service level \(20 s, of offered\)\s+37\.5 %/);
    expect(single.stdout).toMatch(/Per agent:\n\s+Agent\s+Handled/);
    const compared = await run([...inputs, "--compare"]);
    expect(compared.stdout.split("\n")[2]).toMatch(
      /weighted\s+longest-idle\s+best-available-skills\s+weighted \+ fairness \(idle-time 0.2\)/,
    );
    expect(compared.stdout).toMatch(
      /Fairness term \(weighted, idle-time, weight 0.2\): Gini of handled per agent \d\.\d{4} without, \d\.\d{4} with/,
    );
  });

  it("shows progress only where asked: silent in a pipe, lines with --progress, nothing with --no-progress", async () => {
    expect((await run([...inputs, "--policy", "weighted"])).stderr).toBe("");
    expect((await run([...inputs, "--policy", "weighted", "--progress"])).stderr).toBe(
      "weighted: done (8 interactions)\n",
    );
    expect((await run([...inputs, "--policy", "weighted", "--no-progress"], true)).stderr).toBe("");
  });

  it("prints help on stdout and exits 0", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--interactions FILE/);
  });
});

describe("progress reporters", () => {
  it("draws a terminal bar at most every 100 ms and clears it when done", () => {
    let written = "";
    let clock = 0;
    const progress = terminalProgress(
      { isTTY: true, write: (text: string) => (written += text) },
      () => clock,
    );
    progress.update("weighted", 0.5, 500);
    clock = 50;
    progress.update("weighted", 0.6, 600);
    expect(written).toContain("[###############---------------]  50% 500 interactions");
    expect(written).not.toContain("600");
    progress.done("weighted", 1000);
    expect(written.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("writes one line per 10 % step for logs", () => {
    const lines: string[] = [];
    const progress = lineProgress({ write: (text: string) => lines.push(text) });
    for (const fraction of [0.05, 0.12, 0.15, 0.31, 1])
      progress.update("bas", fraction, Math.round(fraction * 100));
    progress.done("bas", 100);
    expect(lines).toEqual([
      "bas: 0% (5 interactions)\n",
      "bas: 10% (12 interactions)\n",
      "bas: 30% (31 interactions)\n",
      "bas: done (100 interactions)\n",
    ]);
  });
});
