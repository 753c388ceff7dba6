import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { describe, expect, it } from "vitest";
import { EnvError, parseEmulatorEnv as parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const { options, logLevel } = parseEnv({});
    expect(options).toEqual({
      host: "127.0.0.1",
      port: 4010,
      seed: 42,
      credentials: [{ clientId: "emulator-client-id", clientSecret: "emulator-client-secret" }],
      tokenLifetimeSeconds: 86_400,
      rateLimit: { limit: 300, windowMs: 60_000 },
      notifications: { heartbeatIntervalMs: 30_000 },
      contactCentre: { arrivalsPerMinute: 4 },
    });
    expect(logLevel).toBe("info");
  });

  it("reads every variable", () => {
    const { options, logLevel } = parseEnv({
      EMULATOR_PORT: "5000",
      EMULATOR_HOST: "0.0.0.0",
      EMULATOR_SEED: "7",
      EMULATOR_ARRIVALS_PER_MINUTE: "2.5",
      EMULATOR_CLIENT_ID: "id",
      EMULATOR_CLIENT_SECRET: "secret",
      EMULATOR_TOKEN_LIFETIME_SECONDS: "600",
      EMULATOR_RATE_LIMIT: "50",
      EMULATOR_RATE_WINDOW_MS: "10000",
      EMULATOR_HEARTBEAT_MS: "1000",
      LOG_LEVEL: "debug",
    });
    expect(options).toEqual({
      host: "0.0.0.0",
      port: 5000,
      seed: 7,
      credentials: [{ clientId: "id", clientSecret: "secret" }],
      tokenLifetimeSeconds: 600,
      rateLimit: { limit: 50, windowMs: 10_000 },
      notifications: { heartbeatIntervalMs: 1000 },
      contactCentre: { arrivalsPerMinute: 2.5 },
    });
    expect(logLevel).toBe("debug");
  });

  it("refuses the documented development secret in production mode", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/EMULATOR_CLIENT_SECRET/);
    expect(() =>
      parseEnv({ NODE_ENV: "production", EMULATOR_CLIENT_SECRET: DEFAULT_EMULATOR_CREDENTIALS.clientSecret }),
    ).toThrow(/NODE_ENV=production/);
    const chosen = parseEnv({ NODE_ENV: "production", EMULATOR_CLIENT_SECRET: "a-secret-of-our-own" });
    expect(chosen.options.credentials?.[0]?.clientSecret).toBe("a-secret-of-our-own");
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ EMULATOR_PORT: "" }).options.port).toBe(4010);
  });

  it("names the bad variable and never echoes a secret", () => {
    expect(() => parseEnv({ EMULATOR_PORT: "eighty" })).toThrow(/EMULATOR_PORT/);
    expect(() => parseEnv({ EMULATOR_PORT: "70000" })).toThrow(EnvError);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseEnv({ EMULATOR_RATE_LIMIT: "0" })).toThrow(/EMULATOR_RATE_LIMIT/);
    try {
      parseEnv({ EMULATOR_CLIENT_SECRET: "  ", EMULATOR_SEED: "s3cr3t-value" });
    } catch (error) {
      expect(String(error)).not.toContain("s3cr3t-value");
    }
  });
});
