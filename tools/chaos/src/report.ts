import type { WindowFigures } from "./measure.js";
import type { Check } from "./scenarios.js";

export interface ScenarioResult {
  readonly name: string;
  readonly fault: string;
  readonly dependsOn: string | undefined;
  readonly durationMs: number;
  readonly figures: WindowFigures;
  readonly failed: number;
  readonly replayedOk: number;
  readonly notReplayable: readonly string[];
  readonly crashes: readonly string[];
  /** Peak resident memory per process name, MB. */
  readonly peakRssMb: Readonly<Record<string, number>>;
  readonly stackLines: number;
  readonly notes: readonly string[];
  readonly checks: readonly Check[];
  /** The scenario itself threw (the runner could not carry it out). */
  readonly error?: string;
}

export interface RunReport {
  readonly mode: "full" | "quick";
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly commit: string;
  readonly rssLimitMb: number;
  readonly results: readonly ScenarioResult[];
  readonly logDir: string;
}

/** The common pass criteria, then the scenario's own. */
export function checksOf(result: ScenarioResult, rssLimitMb: number): Check[] {
  const { figures } = result;
  const peak = Math.max(0, ...Object.values(result.peakRssMb));
  return [
    ...(result.error === undefined ? [] : [{ name: "scenario ran", ok: false, detail: result.error }]),
    {
      name: "no event without a decision or a recorded reason",
      ok: figures.missed.length === 0,
      detail: figures.missed.slice(0, 5).join("; ") || "none",
    },
    {
      name: "every job finished",
      ok: figures.unfinished === 0,
      detail: `${figures.unfinished} still waiting or running after the settle time`,
    },
    {
      name: "no write done twice",
      ok: figures.doubleWrites.length === 0,
      detail: figures.doubleWrites.slice(0, 5).join(", ") || "none",
    },
    { name: "no crash", ok: result.crashes.length === 0, detail: result.crashes.join("; ") || "none" },
    {
      name: "every failed job replayable",
      ok: result.notReplayable.length === 0,
      detail: result.notReplayable.slice(0, 5).join("; ") || "none",
    },
    {
      name: "memory bounded",
      ok: peak <= rssLimitMb,
      detail: `peak ${peak.toFixed(0)} MB (limit ${rssLimitMb})`,
    },
    ...result.checks,
  ];
}

export function passed(result: ScenarioResult, rssLimitMb: number): boolean {
  return checksOf(result, rssLimitMb).every((check) => check.ok);
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function peakBy(result: ScenarioResult, prefix: string): string {
  const values = Object.entries(result.peakRssMb)
    .filter(([name]) => name.startsWith(prefix))
    .map(([, mb]) => mb);
  return values.length === 0 ? "-" : Math.max(...values).toFixed(0);
}

/** `docs/reliability.md`: one row per scenario with its figures and pass/fail, then what failed and why. */
export function renderReport(report: RunReport): string {
  const rows = report.results.map((result) => {
    const f = result.figures;
    const ok = passed(result, report.rssLimitMb);
    return [
      `\`${result.name}\``,
      result.fault,
      seconds(result.durationMs),
      `${f.conversations} + ${f.offers}`,
      String(f.jobsMade),
      String(f.decisions),
      String(f.goneOrTooLate),
      String(f.accountedByRecovery),
      String(f.missed.length),
      String(f.writes),
      `${f.writesPerConversationMax} (${f.writesPerConversationMean.toFixed(2)})`,
      String(f.resent),
      String(f.doubleWrites.length),
      `${result.failed} / ${result.replayedOk}`,
      String(result.crashes.length),
      `${peakBy(result, "ingester")} / ${peakBy(result, "worker")} / ${peakBy(result, "dashboard")}`,
      ok ? "pass" : "**FAIL**",
    ].join(" | ");
  });
  const failures = report.results.filter((result) => !passed(result, report.rssLimitMb));
  const passCount = report.results.length - failures.length;
  return [
    "# Reliability: the chaos suite's last run",
    "",
    "Written by `npm run chaos` (`tools/chaos`); do not edit by hand. The suite starts the real processes",
    "(its own `redis-server` with AOF, the Genesys emulator, two ingesters, two workers, the dashboard) on",
    "ports 26000-26006, drives steady load (emulator arrivals), breaks one thing at a time, lets the system",
    "settle, and counts from the emulator's request log and snapshot and from Redis.",
    "",
    `- Run: ${report.mode}, ${report.startedAt.toISOString()}, commit \`${report.commit}\`, ` +
      `${seconds(report.durationMs)} in all; ${passCount} of ${report.results.length} scenarios pass.`,
    `- Logs of every process: \`${report.logDir}\` (kept after the run).`,
    "",
    "| scenario | fault | took | events (conversations + offers) | jobs made | decisions | gone / too late | by recovery | missed | writes | writes per conversation, max (mean) | re-sent | written twice | failed / replayed ok | crashes | peak RSS MB ingester / worker / dashboard | result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
    "",
    "## Columns",
    "",
    "- **events**: conversations that arrived during the scenario's load, and the offers (an agent alerting) made on them.",
    "- **jobs made**: decision jobs for those conversations, plus `notifications.recover` jobs created meanwhile.",
    "- **decisions**: decision jobs that completed with a decision (scored, no eligible agent, approved, rejected);",
    "  **gone / too late**: completed because the conversation had ended or left the queue (a recorded reason).",
    "- **by recovery**: a conversation or offer with no job of its own that a recovery read back afterwards and",
    "  found nothing left to decide on (its reason is in the recovery's outcome). **missed**: neither: an event",
    "  without a decision.",
    "- **writes**: `PATCH /api/v2/routing/conversations/{id}` the emulator applied (2xx) to those conversations;",
    "  **re-sent**: identical writes sent again (a re-run re-sending its journaled write: harmless);",
    "  **written twice**: conversations with more different applied writes than jobs: a job that wrote twice.",
    "- **failed / replayed ok**: jobs in the failed set, then retried through BullMQ (as from Bull Board) and completed.",
    "- **peak RSS**: per process (tsx and node together), sampled every second; the limit is " +
      `${report.rssLimitMb} MB.`,
    "",
    "## Scenarios",
    "",
    ...report.results.flatMap((result) => {
      const checks = checksOf(result, report.rssLimitMb);
      return [
        `### \`${result.name}\`: ${result.fault} (${passed(result, report.rssLimitMb) ? "pass" : "FAIL"})`,
        "",
        ...(result.dependsOn === undefined ? [] : [`Depends on: ${result.dependsOn}.`, ""]),
        ...result.notes.map((note) => `- ${note}`),
        `- stack-trace lines in the apps' logs: ${result.stackLines}`,
        ...checks.map((check) => `- ${check.ok ? "ok" : "**failed**"}: ${check.name} (${check.detail})`),
        "",
      ];
    }),
  ].join("\n");
}
