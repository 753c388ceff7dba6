import { parseArgs } from "node:util";
import {
  DEFAULT_FAIRNESS_TERM,
  FAIRNESS_SIGNALS,
  type FairnessSignal,
  type FairnessTermOptions,
  isRoutingPolicyName,
  planSimulationRuns,
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
  type SimulationRunPlan,
} from "@routing/core";

/** A command line the CLI cannot act on; printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface SimulateCommand {
  readonly kind: "simulate";
  readonly interactionsPath: string;
  readonly agentsPath: string;
  /**
   * The runs: one policy (the weighted one possibly with the fairness term), or with `--compare` every
   * policy and weighted once more with the term (core's `planSimulationRuns`, as the dashboard plans them).
   */
  readonly plan: SimulationRunPlan;
  readonly targetSeconds: number;
  readonly json: boolean;
  /** "auto": a bar when stderr is a terminal, nothing otherwise. */
  readonly progress: "auto" | "always" | "never";
}

export interface GenerateCommand {
  readonly kind: "generate";
  readonly interactionsPath: string;
  readonly agentsPath: string;
  readonly interactions: number;
  readonly agents: number;
  readonly seed: number;
  readonly occupancy: number;
  readonly meanHandleSeconds: number;
  /** null = nobody abandons. */
  readonly meanPatienceSeconds: number | null;
  readonly force: boolean;
}

export type CliCommand = { readonly kind: "help" } | SimulateCommand | GenerateCommand;

export const DEFAULT_TARGET_SECONDS = 20;

export const USAGE = `Usage:
  npm run sim -- --interactions FILE.csv --agents FILE.json --policy POLICY [options]
  npm run sim -- --interactions FILE.csv --agents FILE.json --compare [options]
  npm run sim -- --generate --interactions OUT.csv --agents OUT.json [generator options]

Replays interactions against an agent roster under a routing policy and reports service level,
ASA, abandonment, occupancy and fairness.

Policies: ${ROUTING_POLICY_NAMES.join(", ")}

Options:
  --interactions FILE   interactions CSV (id,arrival_time,required_skill,required_language,
                        handle_seconds,patience_seconds)
  --agents FILE         agents JSON ([{ "id", "name", "skills": {...}, "languages": [...], "csat" }])
  --policy POLICY       routing policy to simulate
  --compare             simulate every policy on the same data and show them side by side, plus
                        weighted with the fairness term (the Gini of per-agent load without and with it)
  --fairness SIGNAL     the weighted policy's fairness term: ${FAIRNESS_SIGNALS.join(" or ")}
                        (off unless given; with --compare it sets the extra run's term)
  --fairness-weight X   share of the score given to the term, 0 to <1 (default ${DEFAULT_FAIRNESS_TERM.weight})
  --fairness-idle-saturation N
                        idle seconds at which the idle-time term is full (default ${DEFAULT_FAIRNESS_TERM.idleSaturationMs / 1000})
  --target-seconds N    answer-time target of the service level (default ${DEFAULT_TARGET_SECONDS})
  --json                print exactly one JSON object on stdout instead of tables
  --progress            report progress on stderr even when it is not a terminal
  --no-progress         never report progress (default: a bar when stderr is a terminal)
  -h, --help            show this help

Generator (--generate writes a seeded synthetic dataset to --interactions and --agents):
  --count N             interactions (default 2000)
  --agent-count N       agents (default 40)
  --seed N              random seed (default 1)
  --occupancy X         offered load per agent, 0-1 (default 0.9)
  --mean-handle N       mean handle time in seconds (default 300)
  --mean-patience N     mean patience in seconds, 0 = nobody abandons (default 120)
  --force               overwrite existing files

Exit codes: 0 success, 1 bad input file, 2 bad command line.`;

/** Parses argv (without node and script) into a command, or throws a UsageError naming the flag. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: attachNegativeNumbers(argv),
      strict: true,
      allowPositionals: true,
      options: {
        interactions: { type: "string" },
        agents: { type: "string" },
        policy: { type: "string" },
        compare: { type: "boolean" },
        "target-seconds": { type: "string" },
        fairness: { type: "string" },
        "fairness-weight": { type: "string" },
        "fairness-idle-saturation": { type: "string" },
        json: { type: "boolean" },
        progress: { type: "boolean" },
        "no-progress": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        generate: { type: "boolean" },
        count: { type: "string" },
        "agent-count": { type: "string" },
        seed: { type: "string" },
        occupancy: { type: "string" },
        "mean-handle": { type: "string" },
        "mean-patience": { type: "string" },
        force: { type: "boolean" },
      },
    }));
  } catch (error) {
    // parseArgs names the flag ("Unknown option '--x'", "Option '--policy <value>' argument missing").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: "help" };
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --)`);

  const interactionsPath = requiredString(values, "interactions");
  const agentsPath = requiredString(values, "agents");
  if (values.generate === true) {
    rejectFlags(
      values,
      [
        "policy",
        "compare",
        "target-seconds",
        "json",
        "fairness",
        "fairness-weight",
        "fairness-idle-saturation",
      ],
      "--generate",
    );
    const meanPatience = numberFlag(values, "mean-patience", 120, { min: 0 });
    return {
      kind: "generate",
      interactionsPath,
      agentsPath,
      interactions: numberFlag(values, "count", 2000, { min: 0, integer: true }),
      agents: numberFlag(values, "agent-count", 40, { min: 1, integer: true }),
      seed: numberFlag(values, "seed", 1, { min: 0, integer: true }),
      occupancy: numberFlag(values, "occupancy", 0.9, { min: 0, max: 1, exclusiveMin: true }),
      meanHandleSeconds: numberFlag(values, "mean-handle", 300, { min: 0, exclusiveMin: true }),
      meanPatienceSeconds: meanPatience === 0 ? null : meanPatience,
      force: values.force === true,
    };
  }
  rejectFlags(
    values,
    ["count", "agent-count", "seed", "occupancy", "mean-handle", "mean-patience", "force"],
    "--generate",
    true,
  );

  const compare = values.compare === true;
  const policyFlag = values.policy;
  if (compare) {
    if (policyFlag !== undefined)
      throw new UsageError("--policy: use either --policy or --compare, not both");
  } else {
    if (typeof policyFlag !== "string")
      throw new UsageError("--policy is required (or --compare for all policies)");
    if (!isRoutingPolicyName(policyFlag)) {
      throw new UsageError(
        `--policy: unknown policy "${policyFlag}" (expected one of ${ROUTING_POLICY_NAMES.join(", ")})`,
      );
    }
  }
  const fairness = fairnessFlags(values, compare);
  if (fairness !== undefined && !compare && policyFlag !== "weighted") {
    throw new UsageError(`--fairness: the fairness term belongs to the weighted policy, not ${policyFlag}`);
  }
  const plan = planSimulationRuns({
    compare,
    ...(isRoutingPolicyName(String(policyFlag)) ? { policy: policyFlag as RoutingPolicyName } : {}),
    fairness,
  });
  if (values.progress === true && values["no-progress"] === true) {
    throw new UsageError("--progress and --no-progress contradict each other");
  }
  return {
    kind: "simulate",
    interactionsPath,
    agentsPath,
    plan,
    targetSeconds: numberFlag(values, "target-seconds", DEFAULT_TARGET_SECONDS, { min: 0 }),
    json: values.json === true,
    progress: values.progress === true ? "always" : values["no-progress"] === true ? "never" : "auto",
  };
}

/**
 * The fairness term from `--fairness`, `--fairness-weight` and `--fairness-idle-saturation`, or undefined
 * when none is given. The weight and saturation alone need `--fairness` or `--compare`.
 */
function fairnessFlags(
  values: Record<string, string | boolean | undefined>,
  compare: boolean,
): Partial<FairnessTermOptions> | undefined {
  const signal = values.fairness;
  if (signal !== undefined && !FAIRNESS_SIGNALS.includes(signal as FairnessSignal)) {
    throw new UsageError(
      `--fairness: unknown signal "${String(signal)}" (expected one of ${FAIRNESS_SIGNALS.join(", ")})`,
    );
  }
  const tuning = ["fairness-weight", "fairness-idle-saturation"].find((flag) => values[flag] !== undefined);
  if (signal === undefined && tuning === undefined) return undefined;
  if (signal === undefined && !compare)
    throw new UsageError(`--${tuning} only applies with --fairness or --compare`);
  const weight =
    values["fairness-weight"] === undefined
      ? undefined
      : numberFlag(values, "fairness-weight", DEFAULT_FAIRNESS_TERM.weight, {
          min: 0,
          max: 1,
          exclusiveMax: true,
        });
  const saturation =
    values["fairness-idle-saturation"] === undefined
      ? undefined
      : numberFlag(values, "fairness-idle-saturation", DEFAULT_FAIRNESS_TERM.idleSaturationMs / 1000, {
          min: 0,
          exclusiveMin: true,
        });
  return {
    ...(signal === undefined ? {} : { signal: signal as FairnessSignal }),
    ...(weight === undefined ? {} : { weight }),
    ...(saturation === undefined ? {} : { idleSaturationMs: saturation * 1000 }),
  };
}

/** Flags whose value may be a negative number; the others take none or a file/word. */
const NUMERIC_FLAGS = new Set([
  "--target-seconds",
  "--fairness-weight",
  "--fairness-idle-saturation",
  "--count",
  "--agent-count",
  "--seed",
  "--occupancy",
  "--mean-handle",
  "--mean-patience",
]);

/**
 * `--target-seconds -3` as `--target-seconds=-3`: node's parseArgs reads a value starting with a dash as
 * the next option and answers "argument is ambiguous" without saying what is wrong with it. Joined, the
 * value reaches our own check, which names the flag and the allowed range.
 */
function attachNegativeNumbers(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    const next = argv[index + 1];
    if (NUMERIC_FLAGS.has(argument) && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      joined.push(`${argument}=${next}`);
      index++;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

function requiredString(values: Record<string, string | boolean | undefined>, flag: string): string {
  const value = values[flag];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${flag} FILE is required`);
  return value;
}

interface NumberRule {
  readonly min: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
}

function numberFlag(
  values: Record<string, string | boolean | undefined>,
  flag: string,
  fallback: number,
  rule: NumberRule,
): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  const tooSmall = rule.exclusiveMin === true ? value <= rule.min : value < rule.min;
  const tooLarge =
    rule.max !== undefined && (rule.exclusiveMax === true ? value >= rule.max : value > rule.max);
  if (
    !Number.isFinite(value) ||
    tooSmall ||
    tooLarge ||
    (rule.integer === true && !Number.isInteger(value))
  ) {
    const kind = rule.integer === true ? "a whole number" : "a number";
    const upper = rule.max === undefined ? "" : ` and ${rule.exclusiveMax === true ? "<" : "<="} ${rule.max}`;
    const bound = `${rule.exclusiveMin === true ? ">" : ">="} ${rule.min}${upper}`;
    throw new UsageError(`--${flag}: expected ${kind} ${bound}, got "${String(raw)}"`);
  }
  return value;
}

function rejectFlags(
  values: Record<string, string | boolean | undefined>,
  flags: readonly string[],
  mode: string,
  onlyWith = false,
): void {
  const present = flags.find((flag) => values[flag] !== undefined);
  if (present === undefined) return;
  throw new UsageError(
    onlyWith ? `--${present} only applies with ${mode}` : `--${present} does not apply to ${mode}`,
  );
}
