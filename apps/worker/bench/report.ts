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

/** The README's "Benchmarks" section for these figures. */
export function benchmarksSection(
  figures: readonly Figure[],
  run: { date: string; machine: string },
): string {
  return [
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
}

/**
 * The README with `section` in place of its "Benchmarks" section (from the heading to the next one), or
 * added before "Not yet" (at the end when there is none).
 */
export function withBenchmarks(readme: string, section: string): string {
  const start = readme.indexOf(`${HEADING}\n`);
  if (start >= 0) {
    const end = readme.indexOf("\n## ", start + HEADING.length);
    return `${readme.slice(0, start)}${section}${end < 0 ? "" : `\n${readme.slice(end + 1)}`}`;
  }
  const notYet = readme.indexOf("\n## Not yet\n");
  return notYet < 0
    ? `${readme.trimEnd()}\n\n${section}`
    : `${readme.slice(0, notYet + 1)}${section}\n${readme.slice(notYet + 1)}`;
}

export function writeReadme(figures: readonly Figure[], run: { date: string; machine: string }): void {
  writeFileSync(README, withBenchmarks(readFileSync(README, "utf8"), benchmarksSection(figures, run)));
}
