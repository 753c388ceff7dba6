import {
  FAIRNESS_SIGNALS,
  type FairnessSignal,
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
} from "@routing/core";
import { z } from "zod";

/** Above this a generated or posted roster is refused: the simulator's per-agent arrays are sized by it. */
export const MAX_SIMULATION_AGENTS = 20_000;

const policyNames = ROUTING_POLICY_NAMES as readonly [RoutingPolicyName, ...RoutingPolicyName[]];

const languageMix = z.strictObject({
  language: z.string().trim().min(1),
  interactionShare: z.number().min(0),
  agentShare: z.number().min(0).max(1),
});

/** core's `generateSyntheticDataset` options, with `count` for its `interactions`. */
const generateOptions = z.strictObject({
  count: z.number().int().min(0),
  /** Roster size to generate (and to size the arrival rate by); defaults to the posted roster's size. */
  agents: z.number().int().min(1).max(MAX_SIMULATION_AGENTS).exactOptional(),
  seed: z.number().int().min(0).max(0xffff_ffff).exactOptional(),
  targetOccupancy: z.number().gt(0).max(1).exactOptional(),
  meanHandleSeconds: z.number().gt(0).max(86_400).exactOptional(),
  /** null: nobody abandons. */
  meanPatienceSeconds: z.number().gt(0).max(86_400).nullable().exactOptional(),
  skills: z.array(z.string().trim().min(1)).min(1).max(200).exactOptional(),
  languages: z.array(languageMix).max(50).exactOptional(),
});

export type GenerateOptions = z.output<typeof generateOptions>;

const fairnessSignals = FAIRNESS_SIGNALS as readonly [FairnessSignal, ...FairnessSignal[]];

/** core's fairness term options; values are checked by core (`planSimulationRuns`). */
const fairnessOptions = z.strictObject({
  signal: z.enum(fairnessSignals).exactOptional(),
  weight: z.number().exactOptional(),
  idleSaturationMs: z.number().exactOptional(),
});

export const simulationRequestSchema = z.strictObject({
  /** Required unless `compare` is true. */
  policy: z.enum(policyNames).exactOptional(),
  /** Run every policy on the same data. */
  compare: z.boolean().exactOptional(),
  /** The roster as core's parseAgentsJson accepts it: the JSON text, or the array itself. */
  agents: z.union([z.string(), z.array(z.unknown())]).exactOptional(),
  /** Exactly one of `csv` (the interactions file's text) and `generate`. */
  interactions: z.strictObject({
    csv: z.string().exactOptional(),
    generate: generateOptions.exactOptional(),
  }),
  targetSeconds: z.number().min(0).max(86_400).exactOptional(),
  /**
   * The weighted policy's fairness term: with `policy: "weighted"` the run uses it; with `compare` it sets
   * the term of the extra weighted run (default core's DEFAULT_FAIRNESS_TERM).
   */
  fairness: fairnessOptions.exactOptional(),
});

export type SimulationRequest = z.output<typeof simulationRequestSchema>;
