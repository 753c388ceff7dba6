import {
  commonEnvShape,
  EnvError,
  envInteger,
  envList,
  envPort,
  genesysEnvShape,
  isProduction,
  type LogLevel,
  parseEnv,
  type RosterStaleness,
  rosterEnvShape,
  rosterStaleness,
} from "@routing/service-kit";
import { z } from "zod";
import { parseProxyEntry } from "./auth/client-address.js";
import { DEVELOPMENT_SESSION_SECRET } from "./auth/session-cookie.js";

/**
 * The documented development password (README). Accepted only outside production, so a laptop can run
 * `npm start` without setting anything; production refuses it even when it is set explicitly.
 */
export const DEVELOPMENT_PASSWORD = "routing-dev-only";

const MEBIBYTE = 1024 * 1024;

export const dashboardEnvShape = {
  ...commonEnvShape,
  /** The roster view judges staleness and skills expiry as the ingesters and workers do. */
  ...rosterEnvShape,
  DASHBOARD_PORT: envPort.default(3000),
  /** All interfaces by default: Prometheus (in Docker or Kubernetes) must reach /metrics. */
  DASHBOARD_HOST: z.string().trim().min(1).default("0.0.0.0"),
  DASHBOARD_USERNAME: z
    .string()
    .trim()
    .regex(/^[^:\s]{1,64}$/, "must be 1-64 characters without ':' or spaces")
    .default("ops"),
  DASHBOARD_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  DASHBOARD_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DASHBOARD_SESSION_TTL_SECONDS: envInteger(300, 7 * 24 * 60 * 60).default(12 * 60 * 60),
  DASHBOARD_LOGIN_MAX_FAILURES: envInteger(1, 10_000).default(10),
  DASHBOARD_LOGIN_WINDOW_SECONDS: envInteger(10, 24 * 60 * 60).default(15 * 60),
  /**
   * The ingress or reverse proxies in front of the dashboard (IPs and CIDRs, IPv4 and IPv6): their
   * X-Forwarded-For names the caller the login throttle counts. None by default: the peer is the caller.
   */
  DASHBOARD_TRUSTED_PROXIES: envList
    .superRefine((entries, context) => {
      const bad = entries.find((entry) => parseProxyEntry(entry) === undefined);
      if (bad !== undefined) {
        context.addIssue({
          code: "custom",
          message: `has ${JSON.stringify(bad)}, which is not an IP address or CIDR (e.g. 10.0.0.0/8, 2001:db8::/32, 192.168.1.10)`,
        });
      }
    })
    .default([]),
  /** Linked from the console when set (the deployment's Grafana, e.g. http://127.0.0.1:3001). */
  GRAFANA_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  /** The workers' shared Genesys budget (same variables): the overview shows its use against it. */
  GENESYS_RATE_LIMIT: genesysEnvShape.GENESYS_RATE_LIMIT,
  GENESYS_RATE_WINDOW_MS: genesysEnvShape.GENESYS_RATE_WINDOW_MS,
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
  readonly session: { readonly secret: string; readonly ttlSeconds: number; readonly secureCookie: boolean };
  /** True when DASHBOARD_SESSION_SECRET was not set and the development secret is in use (warn at start). */
  readonly usingDevelopmentSessionSecret: boolean;
  readonly loginThrottle: { readonly maxFailures: number; readonly windowSeconds: number };
  /** DASHBOARD_TRUSTED_PROXIES: empty trusts nobody's X-Forwarded-For. */
  readonly trustedProxies: readonly string[];
  /** ROSTER_MAX_AGE_SECONDS and ROSTER_SKILLS_TTL_SECONDS, as the ingesters and workers read them. */
  readonly roster: RosterStaleness;
  readonly grafanaUrl: string | undefined;
  readonly genesysBudget: { readonly limit: number; readonly windowMs: number };
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
 * DASHBOARD_PASSWORD and DASHBOARD_SESSION_SECRET are required and may not be the development values:
 * Bull Board can delete and replay jobs, so it never runs behind a guessable password or forgeable session.
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
  if (production && env.DASHBOARD_SESSION_SECRET === undefined) {
    throw new EnvError(
      "DASHBOARD_SESSION_SECRET",
      "is required when NODE_ENV=production (at least 32 characters; it signs the login sessions)",
    );
  }
  if (production && env.DASHBOARD_SESSION_SECRET === DEVELOPMENT_SESSION_SECRET) {
    throw new EnvError(
      "DASHBOARD_SESSION_SECRET",
      "must not be the documented development secret when NODE_ENV=production",
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
    session: {
      secret: env.DASHBOARD_SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
      ttlSeconds: env.DASHBOARD_SESSION_TTL_SECONDS,
      // Production runs behind TLS (README); a laptop's http://127.0.0.1 would never get the cookie back.
      secureCookie: production,
    },
    usingDevelopmentSessionSecret: env.DASHBOARD_SESSION_SECRET === undefined,
    loginThrottle: {
      maxFailures: env.DASHBOARD_LOGIN_MAX_FAILURES,
      windowSeconds: env.DASHBOARD_LOGIN_WINDOW_SECONDS,
    },
    trustedProxies: env.DASHBOARD_TRUSTED_PROXIES,
    roster: rosterStaleness(env),
    grafanaUrl: env.GRAFANA_URL,
    genesysBudget: { limit: env.GENESYS_RATE_LIMIT, windowMs: env.GENESYS_RATE_WINDOW_MS },
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
