/**
 * Where the suite runs: its own Redis, emulator and apps on ports 26000-26006 (never the machine's shared
 * Redis at 6379), under its own BullMQ prefix. Below Linux's ephemeral range (32768-60999): a port in it
 * can be taken at any moment by some outgoing connection's local end, and a restarted worker must get its
 * port back (it did not, once, in CI: EADDRINUSE on 46004).
 */
export interface ChaosPorts {
  readonly redis: number;
  readonly emulator: number;
  readonly ingesters: readonly [number, number];
  readonly workers: readonly [number, number];
  readonly dashboard: number;
}

export const DEFAULT_PORTS: ChaosPorts = {
  redis: 26_000,
  emulator: 26_001,
  ingesters: [26_002, 26_003],
  workers: [26_004, 26_005],
  dashboard: 26_006,
};

export const BULLMQ_PREFIX = "faults-chaos";
export const WEBHOOK_SECRET = "faults-chaos-webhook-secret-0123456789abcdef";
export const DASHBOARD_PASSWORD = "faults-chaos-dashboard-password";

/**
 * The living contact centre under load: short calls, so that twenty agents (17 on queue) keep taking new
 * ones: an agent cycle is about 26 s (4 s to answer, 20 s talking, 2 s wrap-up), about 39 conversations a
 * minute in all, so the scenarios' 24 a minute keep agents idle for our decisions to choose from.
 */
export const CONTACT_CENTRE = {
  queueCount: 3,
  agentCount: 20,
  arrivalsPerMinute: 0,
  routingDelayMs: 2_000,
  meanAnswerDelayMs: 4_000,
  meanHandleTimeMs: 20_000,
  wrapUpMs: 2_000,
  meanPatienceMs: 120_000,
} as const;

/** Before a scenario: nobody waiting, and at least this many agents idle (at most `CALM_TIMEOUT_MS`). */
export const CALM_IDLE_AGENTS = 8;
export const CALM_TIMEOUT_MS = 90_000;

export interface Timing {
  /** Arrivals a minute during a scenario. */
  readonly arrivalsPerMinute: number;
  /** Load before the fault. */
  readonly leadInMs: number;
  /** How long a fault lasts (a dead process, Redis away, a storm). */
  readonly outageMs: number;
  /** Load after the fault has ended. */
  readonly leadOutMs: number;
  /** How long the system gets to finish what the window asked of it. */
  readonly settleTimeoutMs: number;
  /** Fuzzed webhook bodies, and fuzzed notification frames. */
  readonly fuzzCount: number;
}

export const FULL_TIMING: Timing = {
  arrivalsPerMinute: 24,
  leadInMs: 5_000,
  outageMs: 20_000,
  leadOutMs: 8_000,
  settleTimeoutMs: 60_000,
  fuzzCount: 5_000,
};

export const QUICK_TIMING: Timing = {
  arrivalsPerMinute: 24,
  leadInMs: 3_000,
  outageMs: 10_000,
  leadOutMs: 5_000,
  settleTimeoutMs: 40_000,
  fuzzCount: 1_000,
};

/** A process above this (tsx and node together) fails the "memory bounded" check. */
export const RSS_LIMIT_MB = 512;
