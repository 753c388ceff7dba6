import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  commonEnvShape,
  EnvError,
  envInteger,
  genesysEnvShape,
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
