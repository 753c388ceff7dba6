// Scoring + top-20 ranking of 1,000 agents (rankAgents: bounded heap, O(M log N)) against the baseline
// of scoring the same 1,000 agents and fully sorting them (O(M log M)), measured in the same run with the
// two interleaved call by call, so that machine noise and JIT state hit both alike. Then what the
// optional extras cost against the plain ranking, the same way: the explained body (for the decision log)
// and the fairness term.
import { loadavg } from "node:os";
import {
  buildRequestScoredAgents,
  buildRequestScoredAgentsExplained,
  type CandidateAgent,
  compareRankedAgents,
  createSeededRandom,
  DEFAULT_RANKING_OPTIONS,
  idleMsAt,
  type RankedAgent,
  type RoutingRequirement,
  rankAgents,
  scoreAgent,
} from "../src/index.js";

const AGENTS = 1000;
const TOP_N = 20;
const WARM_UP_CALLS = 2000;
const MEASURED_CALLS = 5000;
const NOW_MS = Date.parse("2024-05-01T10:00:00.000Z");
const SKILLS = ["billing", "sales", "tech", "returns", "fraud", "loyalty", "shipping", "retention"];
const LANGUAGES = ["en", "fr", "de", "es", "nl"];

interface Scenario {
  readonly label: string;
  readonly startTimeAs: "iso" | "epoch";
  /** Share of agents IDLE (the rest INTERACTING, so excluded). */
  readonly idleShare: number;
  /** Share of agents speaking the requested language besides others. */
  readonly requestedLanguageShare: number;
}

const SCENARIOS: readonly Scenario[] = [
  { label: "mixed: 70% idle, 60% speak en", startTimeAs: "iso", idleShare: 0.7, requestedLanguageShare: 0.6 },
  { label: "all idle, all speak en", startTimeAs: "iso", idleShare: 1, requestedLanguageShare: 1 },
  { label: "all idle, all speak en", startTimeAs: "epoch", idleShare: 1, requestedLanguageShare: 1 },
];

function makeAgents(scenario: Scenario): CandidateAgent[] {
  // A fixed seed gives the same agents on every run.
  const seeded = createSeededRandom(42);
  const random = () => seeded.next();
  return Array.from({ length: AGENTS }, (_, index) => {
    const skills: Record<string, number> = {};
    for (const skill of SKILLS) {
      // Proficiency in half steps so that equal scores (ties) are common, as with real skill grids.
      if (random() < 0.6) skills[skill] = Math.round(random() * 10) / 2;
    }
    const languages = LANGUAGES.filter((_, position) =>
      position === 0 ? random() < scenario.requestedLanguageShare : random() < 0.3,
    );
    const startMs = NOW_MS - Math.floor(random() * 1_800_000);
    return {
      id: `agent-${index.toString().padStart(4, "0")}`,
      skills,
      languages,
      ...(random() < 0.8 ? { csat: Math.round(random() * 20) / 20 } : {}),
      routingStatus: {
        status: random() < scenario.idleShare ? "IDLE" : "INTERACTING",
        startTime: scenario.startTimeAs === "iso" ? new Date(startMs).toISOString() : startMs,
      },
    };
  });
}

const requirement: RoutingRequirement = { requiredSkills: ["billing", "tech"], requiredLanguage: "en" };

/** The same work as rankAgents, but every eligible agent is kept and fully sorted. */
function fullSortBaseline(agents: readonly CandidateAgent[]): RankedAgent[] {
  const options = DEFAULT_RANKING_OPTIONS;
  const scored: RankedAgent[] = [];
  for (const agent of agents) {
    if (agent.routingStatus?.status !== "IDLE") continue;
    const score = scoreAgent(agent, requirement, options);
    if (score <= 0) continue;
    scored.push({ agentId: agent.id, score, idleMs: idleMsAt(agent.routingStatus, NOW_MS, agent.id) });
  }
  scored.sort(compareRankedAgents);
  return scored.slice(0, TOP_N);
}

function heapRanking(agents: readonly CandidateAgent[]): RankedAgent[] {
  return rankAgents(agents, requirement, { nowMs: NOW_MS, topN: TOP_N });
}

interface Summary {
  readonly medianUs: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

function summarise(samplesNs: Float64Array): Summary {
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (quantile: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0) / 1000;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return { medianUs: at(0.5), p99Us: at(0.99), meanUs: total / sorted.length / 1000 };
}

function measure(agents: readonly CandidateAgent[]): { heap: Summary; baseline: Summary; eligible: number } {
  const expected = JSON.stringify(fullSortBaseline(agents));
  if (JSON.stringify(heapRanking(agents)) !== expected)
    throw new Error("heap ranking differs from the full sort");
  let sink = 0;
  for (let call = 0; call < WARM_UP_CALLS; call++) {
    sink += heapRanking(agents).length + fullSortBaseline(agents).length;
  }
  const heapNs = new Float64Array(MEASURED_CALLS);
  const baselineNs = new Float64Array(MEASURED_CALLS);
  for (let call = 0; call < MEASURED_CALLS; call++) {
    // Alternate which goes first, so neither always runs on a cache warmed by the other.
    const heapFirst = call % 2 === 0;
    for (const which of heapFirst ? ["heap", "baseline"] : ["baseline", "heap"]) {
      const start = process.hrtime.bigint();
      sink += which === "heap" ? heapRanking(agents).length : fullSortBaseline(agents).length;
      const elapsed = Number(process.hrtime.bigint() - start);
      (which === "heap" ? heapNs : baselineNs)[call] = elapsed;
    }
  }
  if (sink < 0) throw new Error("unreachable: keeps the results alive");
  const eligible = agents.filter(
    (agent) => agent.routingStatus?.status === "IDLE" && scoreAgent(agent, requirement) > 0,
  ).length;
  return { heap: summarise(heapNs), baseline: summarise(baselineNs), eligible };
}

const rows: string[][] = [];
for (const scenario of SCENARIOS) {
  const agents = makeAgents(scenario);
  const { heap, baseline, eligible } = measure(agents);
  const startTime = scenario.startTimeAs === "iso" ? "ISO startTime" : "epoch-ms startTime";
  const label = `${AGENTS} agents, ${scenario.label}, ${startTime} (${eligible} eligible)`;
  rows.push(
    [
      label,
      `rankAgents top-${TOP_N} (heap)`,
      heap.medianUs.toFixed(1),
      heap.p99Us.toFixed(1),
      heap.meanUs.toFixed(1),
      "",
    ],
    [
      label,
      "score all + full sort (baseline)",
      baseline.medianUs.toFixed(1),
      baseline.p99Us.toFixed(1),
      baseline.meanUs.toFixed(1),
      "",
    ],
    [label, "baseline / heap (median)", "", "", "", `${(baseline.medianUs / heap.medianUs).toFixed(2)}x`],
  );
}

const header = ["scenario", "variant", "median µs", "p99 µs", "mean µs", "ratio"];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
);
const line = (cells: readonly string[]) =>
  cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ");
console.log(
  `\nScoring + top-${TOP_N} ranking (${MEASURED_CALLS} calls each after ${WARM_UP_CALLS} warm-up, interleaved; ` +
    `node ${process.version}, load average ${loadavg()[0]?.toFixed(2)})`,
);
console.log(line(header));
console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
for (const row of rows) console.log(line(row));

// The extras, on the first scenario, against buildRequestScoredAgents (what the worker calls per decision).
const EXTRA_CALLS = 2000;
const EXTRA_WARM_UP = 500;
const extraAgents = makeAgents(SCENARIOS[0] as Scenario);
const variants: Record<string, (agents: readonly CandidateAgent[]) => number> = {
  "buildRequestScoredAgents (baseline)": (agents) =>
    buildRequestScoredAgents(agents, requirement, { nowMs: NOW_MS }).length,
  buildRequestScoredAgentsExplained: (agents) =>
    buildRequestScoredAgentsExplained(agents, requirement, { nowMs: NOW_MS }).requestScoredAgents.length,
  // What the worker builds: the decision log keeps 50 candidates, so only those are explained.
  "buildRequestScoredAgentsExplained, explainAtMost 50": (agents) =>
    buildRequestScoredAgentsExplained(agents, requirement, { nowMs: NOW_MS }, { explainAtMost: 50 })
      .requestScoredAgents.length,
  "buildRequestScoredAgents, fairness term on": (agents) =>
    buildRequestScoredAgents(agents, requirement, { nowMs: NOW_MS, fairness: {} }).length,
};
const names = Object.keys(variants);
const samples = new Map(names.map((name) => [name, new Float64Array(EXTRA_CALLS)]));
let extraSink = 0;
for (let call = 0; call < EXTRA_WARM_UP; call++) {
  for (const name of names) extraSink += variants[name]?.(extraAgents) ?? 0;
}
for (let call = 0; call < EXTRA_CALLS; call++) {
  // Rotate the order so that no variant always runs first.
  for (let offset = 0; offset < names.length; offset++) {
    const name = names[(call + offset) % names.length] ?? "";
    const start = process.hrtime.bigint();
    extraSink += variants[name]?.(extraAgents) ?? 0;
    const sample = samples.get(name);
    if (sample !== undefined) sample[call] = Number(process.hrtime.bigint() - start);
  }
}
if (extraSink < 0) throw new Error("unreachable: keeps the results alive");
const baselineMedian = summarise(samples.get(names[0] ?? "") ?? new Float64Array(1)).medianUs;
console.log(`\nExtras on "${(SCENARIOS[0] as Scenario).label}" (${EXTRA_CALLS} calls each, interleaved)`);
console.table(
  names.map((name) => {
    const summary = summarise(samples.get(name) ?? new Float64Array(1));
    return {
      variant: name,
      "median µs": summary.medianUs.toFixed(1),
      "p99 µs": summary.p99Us.toFixed(1),
      "x baseline (median)": (summary.medianUs / baselineMedian).toFixed(2),
    };
  }),
);
