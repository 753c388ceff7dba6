import { EnvError } from "@routing/service-kit";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_SESSION_SECRET } from "../src/auth/session-cookie.js";
import { DEVELOPMENT_PASSWORD, parseDashboardEnv } from "../src/env.js";

const SESSION_SECRET = "a-real-session-secret-0123456789-abcdef";

function envError(source: Record<string, string>): EnvError {
  try {
    parseDashboardEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseDashboardEnv", () => {
  it("runs in development on documented defaults, with the development password flagged", () => {
    expect(parseDashboardEnv({})).toEqual({
      redisUrl: "redis://127.0.0.1:6379",
      prefix: "routing",
      logLevel: "info",
      nodeEnv: "development",
      port: 3000,
      host: "0.0.0.0",
      auth: { username: "ops", password: DEVELOPMENT_PASSWORD },
      usingDevelopmentPassword: true,
      session: { secret: DEVELOPMENT_SESSION_SECRET, ttlSeconds: 43_200, secureCookie: false },
      usingDevelopmentSessionSecret: true,
      loginThrottle: { maxFailures: 10, windowSeconds: 900 },
      trustedProxies: [],
      roster: { maxConfirmedAgeMs: 1_800_000, skillsTtlMs: 3_600_000 },
      grafanaUrl: undefined,
      genesysBudget: { limit: 300, windowMs: 60_000 },
      simulations: {
        maxInteractions: 200_000,
        concurrency: 1,
        maxBodyBytes: 32 * 1024 * 1024,
        ttlSeconds: 86_400,
      },
    });
  });

  it("refuses to start in production without DASHBOARD_PASSWORD, naming the variable", () => {
    const error = envError({ NODE_ENV: "production" });
    expect(error.variable).toBe("DASHBOARD_PASSWORD");
    expect(error.message).toMatch(/^DASHBOARD_PASSWORD is required when NODE_ENV=production/);
  });

  it("refuses the development password in production even when it is set explicitly, without echoing it", () => {
    const error = envError({ NODE_ENV: "production", DASHBOARD_PASSWORD: DEVELOPMENT_PASSWORD });
    expect(error.variable).toBe("DASHBOARD_PASSWORD");
    expect(error.message).not.toContain(DEVELOPMENT_PASSWORD);
  });

  it("accepts a real password in production", () => {
    const env = parseDashboardEnv({
      NODE_ENV: "production",
      DASHBOARD_PASSWORD: "a-long-real-secret-42",
      DASHBOARD_SESSION_SECRET: SESSION_SECRET,
    });
    expect(env.auth).toEqual({ username: "ops", password: "a-long-real-secret-42" });
    expect(env.usingDevelopmentPassword).toBe(false);
    // Production is behind TLS: the session cookie is Secure there.
    expect(env.session).toEqual({ secret: SESSION_SECRET, ttlSeconds: 43_200, secureCookie: true });
    expect(env.usingDevelopmentSessionSecret).toBe(false);
  });

  it("refuses production without DASHBOARD_SESSION_SECRET, or with the development one, without echoing it", () => {
    const missing = envError({ NODE_ENV: "production", DASHBOARD_PASSWORD: "a-long-real-secret-42" });
    expect(missing.variable).toBe("DASHBOARD_SESSION_SECRET");
    expect(missing.message).toMatch(/^DASHBOARD_SESSION_SECRET is required when NODE_ENV=production/);
    const development = envError({
      NODE_ENV: "production",
      DASHBOARD_PASSWORD: "a-long-real-secret-42",
      DASHBOARD_SESSION_SECRET: DEVELOPMENT_SESSION_SECRET,
    });
    expect(development.variable).toBe("DASHBOARD_SESSION_SECRET");
    expect(development.message).not.toContain(DEVELOPMENT_SESSION_SECRET);
    const short = envError({ DASHBOARD_SESSION_SECRET: "too-short-secret" });
    expect(short.variable).toBe("DASHBOARD_SESSION_SECRET");
    expect(short.message).toContain("at least 32 characters");
    expect(short.message).not.toContain("too-short-secret");
  });

  it("reads the login throttle, the Grafana link and the Genesys budget", () => {
    const env = parseDashboardEnv({
      DASHBOARD_LOGIN_MAX_FAILURES: "5",
      DASHBOARD_LOGIN_WINDOW_SECONDS: "60",
      GRAFANA_URL: "http://127.0.0.1:3001",
      GENESYS_RATE_LIMIT: "300",
    });
    expect(env.loginThrottle).toEqual({ maxFailures: 5, windowSeconds: 60 });
    expect(env.grafanaUrl).toBe("http://127.0.0.1:3001");
    expect(env.genesysBudget).toEqual({ limit: 300, windowMs: 60_000 });
    expect(envError({ GRAFANA_URL: "javascript:alert(1)" }).variable).toBe("GRAFANA_URL");
  });

  it("reads DASHBOARD_TRUSTED_PROXIES: IPs and CIDRs, IPv4 and IPv6, blanks dropped", () => {
    const env = parseDashboardEnv({
      DASHBOARD_TRUSTED_PROXIES: " 10.0.0.0/8, 192.168.1.10 ,,2001:db8::/32,::1 ",
    });
    expect(env.trustedProxies).toEqual(["10.0.0.0/8", "192.168.1.10", "2001:db8::/32", "::1"]);
    expect(parseDashboardEnv({ DASHBOARD_TRUSTED_PROXIES: "  " }).trustedProxies).toEqual([]);
  });

  it.each(["10.0.0.0/33", "ingress.internal", "10.0.0.1:8080", "2001:db8::/200"])(
    "refuses DASHBOARD_TRUSTED_PROXIES with %j, naming the variable and the entry",
    (bad) => {
      const error = envError({ DASHBOARD_TRUSTED_PROXIES: `10.0.0.5, ${bad}, 192.168.0.0/16` });
      expect(error.variable).toBe("DASHBOARD_TRUSTED_PROXIES");
      expect(error.message).toBe(
        `DASHBOARD_TRUSTED_PROXIES has "${bad}", which is not an IP address or CIDR (e.g. 10.0.0.0/8, 2001:db8::/32, 192.168.1.10)`,
      );
    },
  );

  it("refuses a short password and never echoes it", () => {
    const error = envError({ DASHBOARD_PASSWORD: "short-pw" });
    expect(error.variable).toBe("DASHBOARD_PASSWORD");
    expect(error.message).toContain("at least 12 characters");
    expect(error.message).not.toContain("short-pw");
  });

  it.each([
    ["DASHBOARD_PORT", "http"],
    ["DASHBOARD_SIMULATION_CONCURRENCY", "0"],
    ["DASHBOARD_MAX_SIMULATION_INTERACTIONS", "many"],
    ["DASHBOARD_USERNAME", "ops:admin"],
    ["BULLMQ_PREFIX", "has spaces"],
  ])("names %s when it is malformed", (variable, value) => {
    expect(envError({ [variable]: value }).variable).toBe(variable);
  });

  it("reads the limits", () => {
    const env = parseDashboardEnv({
      DASHBOARD_MAX_SIMULATION_INTERACTIONS: "5000",
      DASHBOARD_SIMULATION_CONCURRENCY: "3",
      DASHBOARD_MAX_SIMULATION_BODY_MB: "4",
      DASHBOARD_SIMULATION_TTL_SECONDS: "3600",
    });
    expect(env.simulations).toEqual({
      maxInteractions: 5000,
      concurrency: 3,
      maxBodyBytes: 4 * 1024 * 1024,
      ttlSeconds: 3600,
    });
  });
});
