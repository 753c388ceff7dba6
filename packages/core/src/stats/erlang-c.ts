/** Offered load as a count per interval (the way workforce plans state it). */
export interface ArrivalsPerInterval {
  readonly arrivalsPerInterval: number;
  /** Length of the interval the count refers to. Default 1800 (a 30-minute planning interval). */
  readonly intervalSeconds?: number;
  readonly arrivalRatePerSecond?: never;
}

/** Offered load as a Poisson rate. */
export interface ArrivalRate {
  readonly arrivalRatePerSecond: number;
  readonly arrivalsPerInterval?: never;
  readonly intervalSeconds?: never;
}

export type ErlangWorkload = (ArrivalsPerInterval | ArrivalRate) & {
  /** Average handle time (talk + hold + wrap-up) in seconds. */
  readonly ahtSeconds: number;
  /** Answer-time target for the service level. Default 20. */
  readonly targetSeconds?: number;
};

export type ErlangCInput = ErlangWorkload & {
  /** Agents staffed (a whole number >= 1). */
  readonly agents: number;
};

export interface ErlangCResult {
  /** Offered traffic A = arrival rate × AHT. */
  readonly trafficErlangs: number;
  /** Probability that an arriving contact has to wait (Erlang C formula). */
  readonly pWait: number;
  /** Probability of being answered within `targetSeconds`: 1 − pWait · e^(−(N − A)·T / AHT). */
  readonly serviceLevel: number;
  /** Average speed of answer over all contacts: pWait · AHT / (N − A). */
  readonly asaSeconds: number;
  /** A / N, capped at 1. */
  readonly occupancy: number;
  /**
   * True when agents <= traffic: the queue grows without bound, so there is no steady state and the
   * figures are the limits (pWait 1, service level 0, ASA Infinity, occupancy 1).
   */
  readonly saturated: boolean;
}

export const DEFAULT_INTERVAL_SECONDS = 1800;
export const DEFAULT_TARGET_SECONDS = 20;

/**
 * Erlang C (M/M/N queue without abandonment) figures for a staffing level.
 *
 * Computed through the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)), which stays within [0, 1]
 * at every step, instead of A^N / N! sums that overflow past N ≈ 170.
 */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const workload = readWorkload(input);
  const { agents } = input;
  if (!Number.isInteger(agents) || agents < 1) {
    throw new RangeError(`erlangC: agents must be a whole number >= 1, got ${agents}`);
  }
  let erlangB = 1;
  for (let servers = 1; servers <= agents; servers++) {
    erlangB = nextErlangB(erlangB, servers, workload.traffic);
  }
  return figures(erlangB, agents, workload);
}

export type AgentsForServiceLevelInput = ErlangWorkload & {
  /** Required probability of answering within `targetSeconds`, strictly between 0 and 1 (0.8 for 80/20). */
  readonly serviceLevel: number;
  /** Give up (RangeError) beyond this many agents. Default 1,000,000. */
  readonly maxAgents?: number;
};

export interface StaffingResult extends ErlangCResult {
  /** The fewest agents whose Erlang C service level meets the target. */
  readonly agents: number;
}

/** The fewest agents meeting a service-level target under Erlang C, with the figures at that level. */
export function agentsForServiceLevel(input: AgentsForServiceLevelInput): StaffingResult {
  const workload = readWorkload(input);
  const target = input.serviceLevel;
  if (!(target > 0 && target < 1)) {
    throw new RangeError(
      `agentsForServiceLevel: serviceLevel must be between 0 and 1 (exclusive), got ${target}`,
    );
  }
  const maxAgents = input.maxAgents ?? 1_000_000;
  let erlangB = 1;
  for (let agents = 1; agents <= maxAgents; agents++) {
    erlangB = nextErlangB(erlangB, agents, workload.traffic);
    // Below traffic the queue is unstable and the service level is 0, so only stable levels qualify.
    if (agents <= workload.traffic) continue;
    const result = figures(erlangB, agents, workload);
    if (result.serviceLevel >= target) return { ...result, agents };
  }
  throw new RangeError(`agentsForServiceLevel: no staffing up to ${maxAgents} agents reaches ${target}`);
}

interface Workload {
  readonly traffic: number;
  readonly ahtSeconds: number;
  readonly targetSeconds: number;
}

function readWorkload(input: ErlangWorkload): Workload {
  const { ahtSeconds } = input;
  const targetSeconds = input.targetSeconds ?? DEFAULT_TARGET_SECONDS;
  requirePositive("ahtSeconds", ahtSeconds);
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0) {
    throw new RangeError(`erlangC: targetSeconds must be a finite number >= 0, got ${targetSeconds}`);
  }
  let ratePerSecond: number;
  if (input.arrivalRatePerSecond !== undefined) {
    ratePerSecond = input.arrivalRatePerSecond;
    requirePositive("arrivalRatePerSecond", ratePerSecond);
  } else {
    const intervalSeconds = input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
    requirePositive("arrivalsPerInterval", input.arrivalsPerInterval);
    requirePositive("intervalSeconds", intervalSeconds);
    ratePerSecond = input.arrivalsPerInterval / intervalSeconds;
  }
  return { traffic: ratePerSecond * ahtSeconds, ahtSeconds, targetSeconds };
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`erlangC: ${name} must be a finite number > 0, got ${value}`);
  }
}

function nextErlangB(previous: number, servers: number, traffic: number): number {
  const scaled = traffic * previous;
  return scaled / (servers + scaled);
}

function figures(erlangB: number, agents: number, workload: Workload): ErlangCResult {
  const { traffic, ahtSeconds, targetSeconds } = workload;
  if (agents <= traffic) {
    return {
      trafficErlangs: traffic,
      pWait: 1,
      serviceLevel: 0,
      asaSeconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
      saturated: true,
    };
  }
  const pWait = (agents * erlangB) / (agents - traffic * (1 - erlangB));
  const spareAgents = agents - traffic;
  return {
    trafficErlangs: traffic,
    pWait,
    serviceLevel: 1 - pWait * Math.exp((-spareAgents * targetSeconds) / ahtSeconds),
    asaSeconds: (pWait * ahtSeconds) / spareAgents,
    occupancy: traffic / agents,
    saturated: false,
  };
}
