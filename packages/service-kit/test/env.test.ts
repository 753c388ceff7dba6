import { DEFAULT_LANE_SHARES, resolveLaneShares } from "@routing/genesys-client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  commonEnvShape,
  EnvError,
  envInteger,
  genesysEnvShape,
  genesysServiceConfig,
  parseEnv,
  resolveGenesysTarget,
} from "../src/index.js";

describe("parseEnv", () => {
  it("applies defaults for unset and empty variables", () => {
    const env = parseEnv(commonEnvShape, { REDIS_URL: "  ", LOG_LEVEL: "" });
    expect(env).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      BULLMQ_PREFIX: "routing",
      LOG_LEVEL: "info",
      NODE_ENV: "development",
    });
  });

  it("names the bad variable and never echoes its value", () => {
    const shape = { ...commonEnvShape, PORT: envInteger(0, 65_535) };
    expect(() => parseEnv(shape, { PORT: "http" })).toThrow(EnvError);
    expect(() => parseEnv(shape, { PORT: "99999" })).toThrow(/^PORT /);
    let error: unknown;
    try {
      parseEnv({ SECRET: z.string().min(40) }, { SECRET: "hunter2-short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ variable: "SECRET" });
    expect(String(error)).not.toContain("hunter2");
    expect(() => parseEnv(commonEnvShape, { REDIS_URL: "http://localhost" })).toThrow(/REDIS_URL/);
  });
});

describe("resolveGenesysTarget", () => {
  const genesys = (env: Record<string, string>) => parseEnv(genesysEnvShape, env);

  it("chooses the local emulator when no credentials are set (the default for development)", () => {
    expect(resolveGenesysTarget(genesys({}), "development")).toMatchObject({
      kind: "emulator",
      apiBaseUrl: "http://127.0.0.1:4010",
      loginBaseUrl: "http://127.0.0.1:4010",
    });
  });

  it("chooses real Genesys with credentials and a region", () => {
    const target = resolveGenesysTarget(
      genesys({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s3cret", GENESYS_REGION: "mypurecloud.ie" }),
      "production",
    );
    expect(target).toMatchObject({ kind: "genesys", region: "mypurecloud.ie", clientId: "id" });
  });

  it("refuses half-set credentials, credentials without a region, and the emulator in production", () => {
    expect(() => resolveGenesysTarget(genesys({ GENESYS_CLIENT_ID: "id" }), "development")).toThrow(
      /GENESYS_CLIENT_SECRET/,
    );
    expect(() =>
      resolveGenesysTarget(genesys({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s" }), "development"),
    ).toThrow(/GENESYS_REGION/);
    expect(() => resolveGenesysTarget(genesys({}), "production")).toThrow(/NODE_ENV=production/);
    expect(() => genesys({ GENESYS_REGION: "example.com" })).toThrow(/GENESYS_REGION/);
  });
});

describe("the Genesys budget's lanes and window padding", () => {
  const config = (env: Record<string, string>) =>
    genesysServiceConfig(parseEnv({ ...commonEnvShape, ...genesysEnvShape }, env));

  it("defaults to Genesys' documented 300 per minute, the client's lane shares and its padding", () => {
    const defaults = config({});
    expect(defaults.genesysRateLimit).toEqual({ limit: 300, windowMs: 60_000 });
    expect(resolveLaneShares(defaults.genesysBudget.lanes)).toEqual(DEFAULT_LANE_SHARES);
    expect(defaults.genesysBudget.arrivalJitterMs).toBeUndefined();
  });

  it("merges lane shares over the client's defaults, and takes a padding", () => {
    const tuned = config({
      GENESYS_LANE_SHARES: "decision=0.6/1, recovery=0/0.1",
      GENESYS_ARRIVAL_JITTER_MS: "500",
    });
    expect(resolveLaneShares(tuned.genesysBudget.lanes)).toEqual({
      ...DEFAULT_LANE_SHARES,
      decision: { reservedShare: 0.6, maxShare: 1 },
      recovery: { reservedShare: 0, maxShare: 0.1 },
    });
    expect(tuned.genesysBudget.arrivalJitterMs).toBe(500);
  });

  it.each([
    ["decision=0.5", /GENESYS_LANE_SHARES "decision=0.5" is not lane=reservedShare\/maxShare/],
    ["urgent=0.1/0.2", /GENESYS_LANE_SHARES names no lane: urgent/],
    ["roster=0/0.1,roster=0/0.2", /GENESYS_LANE_SHARES names roster twice/],
    ["skills=0.3/0.2", /GENESYS_LANE_SHARES "lanes.skills.reservedShare": must not exceed maxShare/],
    ["decision=0.9/1,notifications=0.2/0.25", /GENESYS_LANE_SHARES "lanes": the reserved shares/],
    ["maintenance=0/0", /GENESYS_LANE_SHARES "lanes.maintenance.maxShare": must be above 0/],
  ])("refuses GENESYS_LANE_SHARES=%s, naming the variable and the lane", (value, message) => {
    expect(() => config({ GENESYS_LANE_SHARES: value })).toThrow(message);
  });

  it("refuses a padding as long as the window", () => {
    expect(() => config({ GENESYS_ARRIVAL_JITTER_MS: "1000", GENESYS_RATE_WINDOW_MS: "1000" })).toThrow(
      /GENESYS_ARRIVAL_JITTER_MS must be shorter than GENESYS_RATE_WINDOW_MS/,
    );
  });
});
