import { GENESYS_REGIONS, type GenesysRegion } from "@routing/genesys-client";
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
   * deployment. Genesys allows 300 per 60 s per token; the default keeps 20 % headroom for network jitter
   * and for other integrations using the same OAuth client.
   */
  GENESYS_RATE_LIMIT: envInteger(1, 100_000).default(240),
  GENESYS_RATE_WINDOW_MS: envInteger(100, 3_600_000).default(60_000),
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
  };
}
