import type { AgentLoad, SimulationReport } from "@routing/core";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
/** Agents listed in full up to this roster size; beyond it the busiest and least busy few. */
const FULL_AGENT_LIST_LIMIT = 20;
const AGENT_LIST_EDGE = 5;

/** Human-readable report of one policy run. */
export function formatReport(report: SimulationReport, label: string = report.policy): string {
  const rows = metricRows(report);
  const lines = [
    `Routing simulation: ${label}`,
    "",
    ...alignPairs(rows.map(([label, value]) => [label, value])),
  ];
  lines.push("", ...formatAgentTable(report.perAgent));
  return `${lines.join("\n")}\n`;
}

/**
 * Several runs on the same data, one column each (`labels` name them), and when the weighted policy ran
 * with and without the fairness term, the Gini of per-agent load both ways.
 */
export function formatComparison(
  reports: readonly SimulationReport[],
  labels: readonly string[] = reports.map((report) => report.policy),
): string {
  const first = reports[0];
  if (first === undefined) return "";
  const table = [
    ["", ...reports.map((report, index) => labels[index] ?? report.policy)],
    ...metricRows(first).map(([label], rowIndex) => [
      label,
      ...reports.map((report) => metricRows(report)[rowIndex]?.[1] ?? ""),
    ]),
  ];
  const off = reports.find((report) => report.policy === "weighted" && report.fairnessTerm === undefined);
  const on = reports.find((report) => report.fairnessTerm !== undefined);
  const fairnessLine =
    off === undefined || on === undefined
      ? ""
      : `\nFairness term (weighted, ${on.fairnessTerm?.signal}, weight ${on.fairnessTerm?.weight}): Gini of handled per agent ${off.fairness.gini.toFixed(4)} without, ${on.fairness.gini.toFixed(4)} with\n`;
  return `Routing simulation: policies compared on the same data\n\n${renderTable(table, [false, ...reports.map(() => true)])}\n${fairnessLine}`;
}

function metricRows(report: SimulationReport): [string, string][] {
  const offered = report.interactions;
  const share = (count: number) => (offered === 0 ? "" : ` (${percent(count / offered)})`);
  return [
    ["Interactions offered", integer.format(offered)],
    ["Answered", `${integer.format(report.answered)}${share(report.answered)}`],
    ["Abandoned", `${integer.format(report.abandoned)}${share(report.abandoned)}`],
    ["Unserved (no eligible agent)", integer.format(report.unserved)],
    [`Service level (${report.targetSeconds} s, of offered)`, percent(report.serviceLevel)],
    ["ASA (answered)", `${report.asaSeconds.toFixed(2)} s`],
    ["Abandon rate", percent(report.abandonRate)],
    ["Occupancy", percent(report.occupancy)],
    ["Simulated span", formatDuration(report.simulatedSeconds)],
    ["Fairness: Gini (handled)", report.fairness.gini.toFixed(4)],
    ["Fairness: chi-square (df)", `${report.fairness.chi2.toFixed(2)} (${report.fairness.df})`],
    ["Fairness: p-value", formatPValue(report.fairness.pValue)],
  ];
}

function formatAgentTable(perAgent: readonly AgentLoad[]): string[] {
  if (perAgent.length === 0) return ["No agents."];
  const ranked = [...perAgent].sort(
    (left, right) => right.handled - left.handled || left.id.localeCompare(right.id),
  );
  const shown =
    ranked.length <= FULL_AGENT_LIST_LIMIT
      ? ranked
      : [...ranked.slice(0, AGENT_LIST_EDGE), undefined, ...ranked.slice(-AGENT_LIST_EDGE)];
  const heading =
    ranked.length <= FULL_AGENT_LIST_LIMIT
      ? "Per agent:"
      : `Per agent (${AGENT_LIST_EDGE} busiest and ${AGENT_LIST_EDGE} least busy of ${ranked.length}; --json lists all):`;
  const table = [
    ["Agent", "Handled", "Busy", "Occupancy"],
    ...shown.map((load) =>
      load === undefined
        ? ["...", "", "", ""]
        : [load.id, integer.format(load.handled), formatDuration(load.busySeconds), percent(load.occupancy)],
    ),
  ];
  return [heading, renderTable(table, [false, true, true, true])];
}

function alignPairs(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

function renderTable(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      `  ${row
        .map((cell, column) => {
          const width = widths[column] ?? 0;
          return rightAligned[column] === true ? cell.padStart(width) : cell.padEnd(width);
        })
        .join("  ")}`.trimEnd(),
    )
    .join("\n");
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

function formatPValue(pValue: number): string {
  if (pValue === 0) return "< 1e-300";
  return pValue < 1e-4 ? pValue.toExponential(2) : pValue.toFixed(4);
}

function formatDuration(totalSeconds: number): string {
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)} s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.floor(totalSeconds % 60);
  return hours > 0
    ? `${hours} h ${String(minutes).padStart(2, "0")} min`
    : `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}
