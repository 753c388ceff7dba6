import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./app-process.js";

export interface Figure {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  /** "info": a figure shown for context, with no target of its own. */
  readonly pass: boolean | "info";
}

const resultOf = (figure: Figure): string =>
  figure.pass === "info" ? "INFO" : figure.pass ? "PASS" : "FAIL";

const README = join(REPO_ROOT, "apps", "worker", "README.md");
const HEADING = "## Benchmarks";

export function printFigures(figures: readonly Figure[]): void {
  console.log("\nIssue #7 figures");
  console.table(
    figures.map((figure) => ({
      figure: figure.figure,
      value: figure.value,
      target: figure.target,
      result: resultOf(figure),
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
    "`npm run bench` (the worker's part: `apps/worker/bench/worker.bench.ts`, needs the local Redis; about 10",
    "minutes; `-- --quick` or `BENCH_QUICK=1` shortens the windows and leaves this table alone). The real worker",
    "and ingester run as processes of their own (`src/main.ts`) against the emulator, held at Genesys' 300",
    "requests/min per OAuth client with `GENESYS_RATE_LIMIT=300`; every request is counted at the emulator. The",
    "throughput ratio runs the worker app's normal job path with Genesys replaced by a trivial stub in another",
    "process, against a no-op BullMQ worker at the same concurrency (20), 2,000 jobs each way per round, median of",
    "3 rounds after one to warm up: both workers already running, the jobs waiting in the paused queue, timed",
    "from resume to drained (no start-up in either figure); the console adds this process' CPU per job for both.",
    "The row after it (INFO) is the floor on the same machine: in the same rounds, jobs whose only work is the",
    "PATCH a decision sends (`node:http` straight to the stub, none of the worker app's Redis or client work).",
    "The next (INFO) adds what no decision on the shared roster can skip: the queue's roster read from Redis",
    "with the worker's roster store and ranked by core's `rankAgents`, before the same PATCH.",
    "A FAIL is a figure to improve, not an error.",
    "",
    "- calls: every request the emulator answered in the window (token, decisions, roster upkeep), after start-up",
    "  (roster seeded, decisions idle) and a warm-up; routed: a conversation that got a 2xx",
    "  `PATCH /api/v2/routing/conversations/{id}` in the window. The console lists the calls by path.",
    "- 30 agents: the calls figure at 30/min. At seed 7, 13 of the 30 members pass the default assignment",
    "  threshold and a call holds an agent ~18 s (answer, talk, wrap-up), so 60/min would need 18 of them: the",
    "  60/min row (INFO) shows what that costs, offers Genesys' wider pool makes below the threshold once the",
    "  routing rules' waits are out, each rejected and re-scored with one call.",
    "- saturation: more arrivals than the budget can decide for, conversations waiting for their decision",
    "  (the emulator's own routing delayed past the run, customers never hang up); 429s over the whole run.",
    "- latency: the score job's `observedAtMs` (the ingester received the frame) to the emulator receiving the",
    "  PATCH, over a two-minute window (about 120 conversations: p99 is then not simply the slowest one); the",
    "  console cuts it into ingester, queue wait and worker. The emulator runs in the bench's own process, so a",
    "  PATCH that arrives while its event loop is busy is stamped late: the row gives how late that loop ran.",
    "- memory: peak resident size of each process (`node` on the built JavaScript, as production runs it), a",
    "  one-queue org of 5,000 agents, roster seeded, decisions running.",
    "",
    `Measured ${run.date} on ${run.machine}.`,
    "",
    "| figure | value | target | result |",
    "| --- | --- | --- | --- |",
    ...figures.map(
      (figure) => `| ${figure.figure} | ${figure.value} | ${figure.target} | ${resultOf(figure)} |`,
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
