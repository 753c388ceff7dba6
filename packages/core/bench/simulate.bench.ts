// Discrete-event simulator throughput: 1,000,000 generated interactions against 500 agents under each
// routing policy, against a floor measured in the same run on the same data: iterating the interactions
// and pushing / popping each one through the simulator's binary-heap event queue (what an infinite-
// server queue costs, with no routing at all). Rounds interleave floor and policies so machine noise and
// JIT state hit all alike; the median round is reported. Also: the same data as 1M CSV rows, parsed in
// 64 KiB chunks as the CLI reads a file, alone and streamed straight into the weighted simulation.
import {
  generateSyntheticDataset,
  parseInteractionsCsvSync,
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
  type SimulatedInteraction,
  type SimulationReport,
  simulate,
  TimedEventQueue,
} from "../src/index.js";

const INTERACTIONS = 1_000_000;
const AGENTS = 500;
const ROUNDS = 3;
const GOAL_SECONDS = 10;

function floorPass(interactions: readonly SimulatedInteraction[]): number {
  const queue = new TimedEventQueue(1024);
  let popped = 0;
  for (let index = 0; index < interactions.length; index++) {
    const interaction = interactions[index];
    if (interaction === undefined) continue;
    const arrival = interaction.arrivalSeconds;
    while (queue.size > 0 && queue.peekTime() <= arrival) {
      queue.pop();
      popped++;
    }
    queue.push(arrival + interaction.handleSeconds, index);
  }
  while (queue.size > 0) {
    queue.pop();
    popped++;
  }
  return popped;
}

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function* chunksOf(text: string, size: number): Generator<string> {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

function toCsv(interactions: readonly SimulatedInteraction[]): string {
  const lines = ["id,arrival_time,required_skill,required_language,handle_seconds,patience_seconds"];
  for (const row of interactions) {
    lines.push(
      `${row.id},${row.arrivalSeconds},${row.requiredSkill},${row.requiredLanguage ?? ""},${row.handleSeconds},${row.patienceSeconds ?? ""}`,
    );
  }
  return lines.join("\n");
}

const dataset = generateSyntheticDataset({
  interactions: INTERACTIONS,
  agents: AGENTS,
  seed: 2024,
  targetOccupancy: 0.9,
  meanPatienceSeconds: 45,
});
let interactions: SimulatedInteraction[] = [];
const generationSeconds = seconds(() => {
  interactions = [...dataset.interactions()];
});

const floorTimes: number[] = [];
const policyTimes = new Map<RoutingPolicyName, number[]>(ROUTING_POLICY_NAMES.map((policy) => [policy, []]));
const reports = new Map<RoutingPolicyName, SimulationReport>();
for (let round = 0; round < ROUNDS; round++) {
  floorTimes.push(
    seconds(() => {
      if (floorPass(interactions) !== INTERACTIONS) throw new Error("floor pass lost events");
    }),
  );
  for (const policy of ROUTING_POLICY_NAMES) {
    policyTimes.get(policy)?.push(
      seconds(() => {
        reports.set(policy, simulate(interactions, dataset.agents, { policy }));
      }),
    );
  }
}

const csv = toCsv(interactions);
const CHUNK = 64 * 1024;
const parseSeconds = seconds(() => {
  let rows = 0;
  for (const _row of parseInteractionsCsvSync(chunksOf(csv, CHUNK))) rows++;
  if (rows !== INTERACTIONS) throw new Error(`parsed ${rows} rows`);
});
let streamedReport: SimulationReport | undefined;
const streamedSeconds = seconds(() => {
  streamedReport = simulate(parseInteractionsCsvSync(chunksOf(csv, CHUNK)), dataset.agents, {
    policy: "weighted",
  });
});

const floor = median(floorTimes);
const rate = (wall: number) => `${Math.round(INTERACTIONS / wall).toLocaleString("en-US")}/s`;
console.log(
  `\nSimulator: ${INTERACTIONS.toLocaleString("en-US")} interactions, ${AGENTS} agents (median of ${ROUNDS} rounds; generation took ${generationSeconds.toFixed(2)} s)`,
);
console.table([
  {
    run: "floor: event-queue push/pop only",
    "wall s": floor.toFixed(3),
    throughput: rate(floor),
    "x floor": "1.0",
    occupancy: "",
    "abandon rate": "",
    "service level": "",
  },
  ...ROUTING_POLICY_NAMES.map((policy) => {
    const wall = median(policyTimes.get(policy) ?? []);
    const report = reports.get(policy);
    return {
      run: `simulate ${policy}`,
      "wall s": wall.toFixed(3),
      throughput: rate(wall),
      "x floor": (wall / floor).toFixed(1),
      occupancy: report?.occupancy.toFixed(3) ?? "",
      "abandon rate": report === undefined ? "" : `${(report.abandonRate * 100).toFixed(2)}%`,
      "service level": report?.serviceLevel.toFixed(3) ?? "",
    };
  }),
  {
    run: `parse ${(csv.length / 1e6).toFixed(0)} MB of CSV (1 pass)`,
    "wall s": parseSeconds.toFixed(3),
    throughput: rate(parseSeconds),
    "x floor": (parseSeconds / floor).toFixed(1),
    occupancy: "",
    "abandon rate": "",
    "service level": "",
  },
  {
    run: "parse CSV -> simulate weighted (1 pass)",
    "wall s": streamedSeconds.toFixed(3),
    throughput: rate(streamedSeconds),
    "x floor": (streamedSeconds / floor).toFixed(1),
    occupancy: streamedReport?.occupancy.toFixed(3) ?? "",
    "abandon rate": streamedReport === undefined ? "" : `${(streamedReport.abandonRate * 100).toFixed(2)}%`,
    "service level": streamedReport?.serviceLevel.toFixed(3) ?? "",
  },
]);
const weighted = median(policyTimes.get("weighted") ?? []);
console.log(
  `weighted policy: ${weighted.toFixed(2)} s for ${INTERACTIONS.toLocaleString("en-US")} x ${AGENTS} (goal < ${GOAL_SECONDS} s: ${weighted < GOAL_SECONDS ? "met" : "MISSED"})`,
);
