import {
  commonEnvShape,
  EnvError,
  envInteger,
  envPort,
  isProduction,
  type LogLevel,
  parseEnv,
} from "@routing/service-kit";
import { z } from "zod";

/**
 * The documented development password (README). Accepted only outside production, so a laptop can run
 * `npm start` without setting anything; production refuses it even when it is set explicitly.
 */
export const DEVELOPMENT_PASSWORD = "routing-dev-only";

const MEBIBYTE = 1024 * 1024;

export const dashboardEnvShape = {
  ...commonEnvShape,
  DASHBOARD_PORT: envPort.default(3000),
  /** All interfaces by default: Prometheus (in Docker or Kubernetes) must reach /metrics. */
  DASHBOARD_HOST: z.string().trim().min(1).default("0.0.0.0"),
  DASHBOARD_USERNAME: z
    .string()
    .trim()
    .regex(/^[^:\s]{1,64}$/, "must be 1-64 characters without ':' or spaces")
    .default("ops"),
  DASHBOARD_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  DASHBOARD_MAX_SIMULATION_INTERACTIONS: envInteger(1, 10_000_000).default(200_000),
  DASHBOARD_SIMULATION_CONCURRENCY: envInteger(1, 64).default(1),
  /** Large enough for DASHBOARD_MAX_SIMULATION_INTERACTIONS CSV rows (about 70 bytes each). */
  DASHBOARD_MAX_SIMULATION_BODY_MB: envInteger(1, 1024).default(32),
  DASHBOARD_SIMULATION_TTL_SECONDS: envInteger(60, 30 * 24 * 60 * 60).default(24 * 60 * 60),
};

export interface DashboardEnv {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly logLevel: LogLevel;
  readonly nodeEnv: string;
  readonly port: number;
  readonly host: string;
  readonly auth: { readonly username: string; readonly password: string };
  /** True when DASHBOARD_PASSWORD was not set and the development password is in use (warn at start). */
  readonly usingDevelopmentPassword: boolean;
  readonly simulations: {
    readonly maxInteractions: number;
    readonly concurrency: number;
    readonly maxBodyBytes: number;
    readonly ttlSeconds: number;
  };
}

/**
 * Checks the dashboard's variables, failing fast with an EnvError naming the first bad one. In production
 * DASHBOARD_PASSWORD is required and may not be the development password: Bull Board can delete and
 * replay jobs, so it never runs behind a guessable password.
 */
export function parseDashboardEnv(source: Readonly<Record<string, string | undefined>>): DashboardEnv {
  const env = parseEnv(dashboardEnvShape, source);
  const production = isProduction(env.NODE_ENV);
  if (production && env.DASHBOARD_PASSWORD === undefined) {
    throw new EnvError("DASHBOARD_PASSWORD", "is required when NODE_ENV=production (at least 12 characters)");
  }
  if (production && env.DASHBOARD_PASSWORD === DEVELOPMENT_PASSWORD) {
    throw new EnvError(
      "DASHBOARD_PASSWORD",
      "must not be the documented development password when NODE_ENV=production",
    );
  }
  return {
    redisUrl: env.REDIS_URL,
    prefix: env.BULLMQ_PREFIX,
    logLevel: env.LOG_LEVEL,
    nodeEnv: env.NODE_ENV,
    port: env.DASHBOARD_PORT,
    host: env.DASHBOARD_HOST,
    auth: { username: env.DASHBOARD_USERNAME, password: env.DASHBOARD_PASSWORD ?? DEVELOPMENT_PASSWORD },
    usingDevelopmentPassword: env.DASHBOARD_PASSWORD === undefined,
    simulations: {
      maxInteractions: env.DASHBOARD_MAX_SIMULATION_INTERACTIONS,
      concurrency: env.DASHBOARD_SIMULATION_CONCURRENCY,
      maxBodyBytes: env.DASHBOARD_MAX_SIMULATION_BODY_MB * MEBIBYTE,
      ttlSeconds: env.DASHBOARD_SIMULATION_TTL_SECONDS,
    },
  };
}

/** The one place the dashboard reads the process environment. */
export function readDashboardEnv(): DashboardEnv {
  return parseDashboardEnv(process.env);
}
