import {
  DEFAULT_LANE_SHARES,
  GENESYS_REGIONS,
  type GenesysRegion,
  type LaneSharesOptions,
  REQUEST_LANES,
  type RequestLane,
  resolveLaneShares,
} from "@routing/genesys-client";
import { z } from "zod";
import { EnvError, envInteger, isProduction, type LogLevel } from "./env.js";

/**
 * The emulator's documented development credentials and default address. Written out here rather than
 * imported: production code never depends on the emulator (see README, dependency rules).
 */
export const EMULATOR_DEFAULTS = {
  baseUrl: "http://127.0.0.1:4010",
  clientId: "emulator-client-id",
  clientSecret: "emulator-client-secret",
} as const;

/** `lane=reservedShare/maxShare`, comma-separated: the format of GENESYS_LANE_SHARES. */
const formatLaneShares = (
  shares: Readonly<Record<RequestLane, { reservedShare: number; maxShare: number }>>,
) => REQUEST_LANES.map((lane) => `${lane}=${shares[lane].reservedShare}/${shares[lane].maxShare}`).join(",");

const LANE_SHARE = /^([a-z]+)=(\d*\.?\d+)\/(\d*\.?\d+)$/;

/** GENESYS_LANE_SHARES as the client takes it; the problem (naming the lane) when it is not one. */
function parseLaneShares(value: string): { shares: LaneSharesOptions } | { problem: string } {
  const shares: Partial<Record<RequestLane, { reservedShare: number; maxShare: number }>> = {};
  for (const entry of value.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    const match = LANE_SHARE.exec(entry);
    if (match === null)
      return { problem: `"${entry}" is not lane=reservedShare/maxShare (e.g. decision=0.5/1)` };
    const lane = match[1] as RequestLane;
    if (!(REQUEST_LANES as readonly string[]).includes(lane))
      return { problem: `names no lane: ${match[1]} (lanes: ${REQUEST_LANES.join(", ")})` };
    if (shares[lane] !== undefined) return { problem: `names ${lane} twice` };
    shares[lane] = { reservedShare: Number(match[2]), maxShare: Number(match[3]) };
  }
  try {
    // The client's own rules: shares 0-1, reserved <= max, max > 0, reservations adding up to at most 1.
    resolveLaneShares(shares, "lanes");
  } catch (error) {
    return {
      problem:
        error instanceof Error ? error.message.replace(/^Invalid Genesys client option /, "") : "is invalid",
    };
  }
  return { shares };
}

export const genesysEnvShape = {
  /** e.g. mypurecloud.com, usw2.pure.cloud. Unset with no credentials: the local emulator. */
  GENESYS_REGION: z.enum(GENESYS_REGIONS as unknown as [GenesysRegion, ...GenesysRegion[]]).optional(),
  GENESYS_CLIENT_ID: z.string().trim().min(1).optional(),
  GENESYS_CLIENT_SECRET: z.string().min(1).optional(),
  /** Overrides https://api.{region} (and the emulator's address when no credentials are set). */
  GENESYS_API_BASE_URL: z.url().optional(),
  GENESYS_LOGIN_BASE_URL: z.url().optional(),
  /**
   * Requests allowed in any sliding window of GENESYS_RATE_WINDOW_MS, across every process of the
   * deployment: Genesys' documented 300 per 60 s per token. Safe at the server's own limit because the
   * budget pads its window by GENESYS_ARRIVAL_JITTER_MS (so grants bunched by network delay still fit one
   * of Genesys' windows), never grants more than the lowest `inin-ratelimit-allowed` Genesys reports, and
   * holds everything until `inin-ratelimit-reset` once a response says the window is used up
   * (@routing/genesys-client README "Rate budget"; redis-rate-budget.integration.test.ts: no 429 at the
   * server's limit).
   */
  GENESYS_RATE_LIMIT: envInteger(1, 100_000).default(300),
  GENESYS_RATE_WINDOW_MS: envInteger(100, 3_600_000).default(60_000),
  /**
   * Padding of the budget's window for the delay between a grant and its request's arrival at Genesys.
   * Unset: the client's `min(1000, GENESYS_RATE_WINDOW_MS / 20)`.
   */
  GENESYS_ARRIVAL_JITTER_MS: envInteger(0, 60_000).optional(),
  /**
   * Shares of the budget per lane, `lane=reservedShare/maxShare`, merged over the client's defaults
   * (written out as this default). Every process sharing the budget should use the same.
   */
  GENESYS_LANE_SHARES: z
    .string()
    .trim()
    .superRefine((value, context) => {
      const parsed = parseLaneShares(value);
      if ("problem" in parsed) context.addIssue({ code: "custom", message: parsed.problem });
    })
    .default(formatLaneShares(DEFAULT_LANE_SHARES)),
};

export type GenesysEnv = z.output<z.ZodObject<typeof genesysEnvShape>>;

export interface GenesysTarget {
  readonly kind: "genesys" | "emulator";
  readonly clientId: string;
  readonly clientSecret: string;
  readonly region?: GenesysRegion;
  readonly apiBaseUrl?: string;
  readonly loginBaseUrl?: string;
}

/**
 * Real Genesys when credentials are set, else the local emulator (the default for development and tests).
 * In production the emulator is never chosen silently: missing credentials are an error.
 */
export function resolveGenesysTarget(env: GenesysEnv, nodeEnv: string): GenesysTarget {
  const hasId = env.GENESYS_CLIENT_ID !== undefined;
  const hasSecret = env.GENESYS_CLIENT_SECRET !== undefined;
  if (hasId !== hasSecret) {
    throw new EnvError(
      hasId ? "GENESYS_CLIENT_SECRET" : "GENESYS_CLIENT_ID",
      "must be set together with the other",
    );
  }
  if (hasId && env.GENESYS_CLIENT_ID !== undefined && env.GENESYS_CLIENT_SECRET !== undefined) {
    if (
      env.GENESYS_REGION === undefined &&
      (env.GENESYS_API_BASE_URL === undefined || env.GENESYS_LOGIN_BASE_URL === undefined)
    ) {
      throw new EnvError(
        "GENESYS_REGION",
        "is required with credentials (or set both GENESYS_API_BASE_URL and GENESYS_LOGIN_BASE_URL)",
      );
    }
    return {
      kind: "genesys",
      clientId: env.GENESYS_CLIENT_ID,
      clientSecret: env.GENESYS_CLIENT_SECRET,
      ...(env.GENESYS_REGION === undefined ? {} : { region: env.GENESYS_REGION }),
      ...(env.GENESYS_API_BASE_URL === undefined ? {} : { apiBaseUrl: env.GENESYS_API_BASE_URL }),
      ...(env.GENESYS_LOGIN_BASE_URL === undefined ? {} : { loginBaseUrl: env.GENESYS_LOGIN_BASE_URL }),
    };
  }
  if (isProduction(nodeEnv)) {
    throw new EnvError(
      "GENESYS_CLIENT_ID",
      "and GENESYS_CLIENT_SECRET are required when NODE_ENV=production (the emulator is for development)",
    );
  }
  const baseUrl = env.GENESYS_API_BASE_URL ?? EMULATOR_DEFAULTS.baseUrl;
  return {
    kind: "emulator",
    clientId: EMULATOR_DEFAULTS.clientId,
    clientSecret: EMULATOR_DEFAULTS.clientSecret,
    apiBaseUrl: baseUrl,
    loginBaseUrl: env.GENESYS_LOGIN_BASE_URL ?? baseUrl,
  };
}

/** What every app that calls Genesys takes from its parsed env: where Redis is, and which Genesys, how fast. */
export interface GenesysServiceConfig {
  readonly redisUrl: string;
  readonly bullmqPrefix: string;
  readonly logLevel: LogLevel;
  readonly nodeEnv: string;
  readonly genesys: GenesysTarget;
  readonly genesysRateLimit: { readonly limit: number; readonly windowMs: number };
  /** The budget's lanes and window padding (createGenesysRuntime's `lanes`, `arrivalJitterMs`). */
  readonly genesysBudget: { readonly lanes: LaneSharesOptions; readonly arrivalJitterMs?: number };
}

export function genesysServiceConfig(
  parsed: GenesysEnv & { REDIS_URL: string; BULLMQ_PREFIX: string; LOG_LEVEL: LogLevel; NODE_ENV: string },
): GenesysServiceConfig {
  return {
    redisUrl: parsed.REDIS_URL,
    bullmqPrefix: parsed.BULLMQ_PREFIX,
    logLevel: parsed.LOG_LEVEL,
    nodeEnv: parsed.NODE_ENV,
    genesys: resolveGenesysTarget(parsed, parsed.NODE_ENV),
    genesysRateLimit: { limit: parsed.GENESYS_RATE_LIMIT, windowMs: parsed.GENESYS_RATE_WINDOW_MS },
    genesysBudget: genesysBudget(parsed),
  };
}

function genesysBudget(parsed: GenesysEnv): GenesysServiceConfig["genesysBudget"] {
  const parsedShares = parseLaneShares(parsed.GENESYS_LANE_SHARES);
  if ("problem" in parsedShares) throw new EnvError("GENESYS_LANE_SHARES", parsedShares.problem);
  const jitter = parsed.GENESYS_ARRIVAL_JITTER_MS;
  // Padding as long as the window would halve the rate the budget grants: a typo, not a margin.
  if (jitter !== undefined && jitter >= parsed.GENESYS_RATE_WINDOW_MS) {
    throw new EnvError("GENESYS_ARRIVAL_JITTER_MS", "must be shorter than GENESYS_RATE_WINDOW_MS");
  }
  return { lanes: parsedShares.shares, ...(jitter === undefined ? {} : { arrivalJitterMs: jitter }) };
}
