import { describeValue, PolicyConfigError, requireNumberInRange } from "../errors.js";

/**
 * What the fairness term measures:
 * - `idle-time`: how long the agent has been idle (Genesys `routingStatus.startTime` while `IDLE`; in the
 *   simulator, since its last interaction ended), i.e. the time since it was last given work. Longer idle,
 *   higher term: min(1, idle / idleSaturationMs).
 * - `occupancy`: 1 − the agent's occupancy (0–1, busy time over a recent window, supplied by the caller as
 *   `CandidateAgent.occupancy`; the simulator measures it since the start of the run). An agent whose
 *   occupancy is unknown gets the neutral 0.5.
 */
export type FairnessSignal = "idle-time" | "occupancy";

export const FAIRNESS_SIGNALS: readonly FairnessSignal[] = Object.freeze(["idle-time", "occupancy"]);

export interface FairnessTermOptions {
  /** Default `"idle-time"`. */
  readonly signal: FairnessSignal;
  /**
   * Share of the ranking score given to the term: score = (1 − weight) × weighted score + weight × term.
   * In [0, 1): the weighted score always counts. Default 0.2.
   */
  readonly weight: number;
  /** Idle time at which the `idle-time` term reaches 1, in ms. Default 600,000 (10 minutes). */
  readonly idleSaturationMs: number;
}

/**
 * Used when a caller turns the term on without saying how (`fairness: {}`). The weight 0.2 lets an agent
 * idle 10 minutes or more outrank a busier one scoring up to 0.25 higher (0.8 × 0.25 = 0.2), yet never an
 * agent of a whole tier better: a composite 0.9 vs 0.6 still wins whatever their idle times.
 */
export const DEFAULT_FAIRNESS_TERM: FairnessTermOptions = Object.freeze({
  signal: "idle-time",
  weight: 0.2,
  idleSaturationMs: 600_000,
});

/** Term used for an agent whose occupancy is unknown: neither favoured nor held back. */
export const NEUTRAL_FAIRNESS_TERM = 0.5;

/**
 * Fills in defaults and validates (`PolicyConfigError` naming `fairness.<field>`). `undefined` stays
 * undefined: the term is off unless asked for.
 */
export function resolveFairnessTerm(
  input: Partial<FairnessTermOptions> | undefined,
  field = "fairness",
): FairnessTermOptions | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== "object" || input === null) {
    throw new PolicyConfigError(field, `expected an object or undefined, got ${describeValue(input)}`);
  }
  const merged = { ...DEFAULT_FAIRNESS_TERM, ...input };
  if (!FAIRNESS_SIGNALS.includes(merged.signal)) {
    throw new PolicyConfigError(
      `${field}.signal`,
      `expected one of ${FAIRNESS_SIGNALS.join(", ")}, got ${describeValue(merged.signal)}`,
    );
  }
  const weight = requireNumberInRange(PolicyConfigError, `${field}.weight`, merged.weight, 0, 1);
  if (weight === 1) {
    throw new PolicyConfigError(`${field}.weight`, "must be below 1: the weighted score must still count");
  }
  const idleSaturationMs = requireNumberInRange(
    PolicyConfigError,
    `${field}.idleSaturationMs`,
    merged.idleSaturationMs,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  return { signal: merged.signal, weight, idleSaturationMs };
}

/**
 * The term in [0, 1] for one agent. `occupancy` undefined (or not a finite number) = unknown, which gives
 * `NEUTRAL_FAIRNESS_TERM` for the `occupancy` signal.
 */
export function fairnessTermOf(
  options: FairnessTermOptions,
  idleMs: number,
  occupancy: number | undefined,
): number {
  if (options.signal === "idle-time") return idleMs <= 0 ? 0 : Math.min(1, idleMs / options.idleSaturationMs);
  if (occupancy === undefined || !Number.isFinite(occupancy)) return NEUTRAL_FAIRNESS_TERM;
  return 1 - Math.min(1, Math.max(0, occupancy));
}

/** The ranking score of an eligible agent: its weighted score blended with the fairness term. */
export function blendFairness(weighted: number, term: number, weight: number): number {
  return (1 - weight) * weighted + weight * term;
}
