import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./app-process.js";

export interface Figure {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly pass: boolean;
}

const README = join(REPO_ROOT, "apps", "worker", "README.md");
const HEADING = "## Benchmarks";

export function printFigures(figures: readonly Figure[]): void {
  console.log("\nIssue #7 figures");
  console.table(
    figures.map((figure) => ({
      figure: figure.figure,
      value: figure.value,
      target: figure.target,
      result: figure.pass ? "PASS" : "FAIL",
    })),
  );
}

/** Replaces the README's "Benchmarks" section (from its heading to the next one), or adds it before "Not yet". */
export function writeReadme(figures: readonly Figure[], run: { date: string; machine: string }): void {
  const section = [
    HEADING,
    "",
    "`npm run bench` (the worker's part: `apps/worker/bench/worker.bench.ts`, needs the local Redis; about 5",
    "minutes; `-- --quick` or `BENCH_QUICK=1` shortens the windows and leaves this table alone). The real worker",
    "and ingester run as processes of their own (`src/main.ts`) against the emulator, held at Genesys' 300",
    "requests/min per OAuth client with `GENESYS_RATE_LIMIT=300`; every request is counted at the emulator. The",
    "throughput ratio runs the worker app's normal job path with Genesys replaced by a trivial stub in another",
    "process, against a no-op BullMQ worker measured in the same run. A FAIL is a figure to improve, not an error.",
    "",
    `Measured ${run.date} on ${run.machine}.`,
    "",
    "| figure | value | target | result |",
    "| --- | --- | --- | --- |",
    ...figures.map(
      (figure) =>
        `| ${figure.figure} | ${figure.value} | ${figure.target} | ${figure.pass ? "PASS" : "FAIL"} |`,
    ),
    "",
  ].join("\n");
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(`${HEADING}\n`);
  let next: string;
  if (start >= 0) {
    const end = text.indexOf("\n## ", start + HEADING.length);
    next = `${text.slice(0, start)}${section}${end < 0 ? "" : `\n${text.slice(end + 1)}`}`;
  } else {
    const notYet = text.indexOf("## Not yet");
    next =
      notYet < 0
        ? `${text.trimEnd()}\n\n${section}`
        : `${text.slice(0, notYet)}${section}\n${text.slice(notYet)}`;
  }
  writeFileSync(README, next);
}
