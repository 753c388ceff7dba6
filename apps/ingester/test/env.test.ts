import { EnvError } from "@routing/service-kit";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_WEBHOOK_SECRET, parseIngesterEnv } from "../src/env.js";
import { INGESTER_TUNING_DEFAULTS } from "../src/ingester.js";
import { IDS } from "./support/conversation-bodies.js";

const PRODUCTION_GENESYS = {
  NODE_ENV: "production",
  GENESYS_CLIENT_ID: "client-id",
  GENESYS_CLIENT_SECRET: "client-secret-value",
  GENESYS_REGION: "mypurecloud.ie",
};
const STRONG_SECRET = "a-production-webhook-secret-of-40-chars!";

function envErrorOf(env: Record<string, string>): EnvError {
  try {
    parseIngesterEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseIngesterEnv", () => {
  it("runs on documented defaults in development, flagging the development webhook secret", () => {
    const config = parseIngesterEnv({});
    expect(config).toMatchObject({
      redisUrl: "redis://127.0.0.1:6379",
      bullmqPrefix: "routing",
      port: 9101,
      queueIds: undefined,
      webhookSecret: DEVELOPMENT_WEBHOOK_SECRET,
      webhookSecretIsDevelopmentDefault: true,
      genesys: { kind: "emulator" },
      genesysRateLimit: { limit: 300, windowMs: 60_000 },
    });
  });

  it("bounds the enqueue buffer by the documented defaults, or by INGESTER_BUFFER_MAX_*", () => {
    expect(parseIngesterEnv({}).tuning).toEqual({
      bufferMaxJobs: INGESTER_TUNING_DEFAULTS.bufferMaxJobs,
      bufferMaxBytes: INGESTER_TUNING_DEFAULTS.bufferMaxBytes,
    });
    expect(
      parseIngesterEnv({ INGESTER_BUFFER_MAX_JOBS: "500", INGESTER_BUFFER_MAX_BYTES: "1048576" }).tuning,
    ).toEqual({ bufferMaxJobs: 500, bufferMaxBytes: 1_048_576 });
    expect(envErrorOf({ INGESTER_BUFFER_MAX_JOBS: "lots" }).variable).toBe("INGESTER_BUFFER_MAX_JOBS");
    expect(envErrorOf({ INGESTER_BUFFER_MAX_BYTES: "10" }).variable).toBe("INGESTER_BUFFER_MAX_BYTES");
  });

  it("reads the port, the queue list and the secret", () => {
    const config = parseIngesterEnv({
      INGESTER_PORT: "9200",
      INGESTER_QUEUE_IDS: ` ${IDS.queue}, ${IDS.otherQueue} ,`,
      MESSAGING_WEBHOOK_SECRET: STRONG_SECRET,
    });
    expect(config).toMatchObject({
      port: 9200,
      queueIds: [IDS.queue, IDS.otherQueue],
      webhookSecret: STRONG_SECRET,
      webhookSecretIsDevelopmentDefault: false,
    });
  });

  it("refuses to start in production without MESSAGING_WEBHOOK_SECRET, naming it", () => {
    const error = envErrorOf(PRODUCTION_GENESYS);
    expect(error.variable).toBe("MESSAGING_WEBHOOK_SECRET");
    expect(error.message).toMatch(/^MESSAGING_WEBHOOK_SECRET .*NODE_ENV=production/);
    expect(
      parseIngesterEnv({ ...PRODUCTION_GENESYS, MESSAGING_WEBHOOK_SECRET: STRONG_SECRET }).webhookSecret,
    ).toBe(STRONG_SECRET);
  });

  it("refuses the documented development secret and short secrets, without echoing them", () => {
    const documented = envErrorOf({
      ...PRODUCTION_GENESYS,
      MESSAGING_WEBHOOK_SECRET: DEVELOPMENT_WEBHOOK_SECRET,
    });
    expect(documented.variable).toBe("MESSAGING_WEBHOOK_SECRET");
    expect(documented.message).not.toContain(DEVELOPMENT_WEBHOOK_SECRET);
    const short = envErrorOf({ MESSAGING_WEBHOOK_SECRET: "hunter2-too-short" });
    expect(short.variable).toBe("MESSAGING_WEBHOOK_SECRET");
    expect(short.message).not.toContain("hunter2");
  });

  it.each(["http", "99999", "-1", "9101.5"])("names INGESTER_PORT when it is %j", (port) => {
    const error = envErrorOf({ INGESTER_PORT: port });
    expect(error.variable).toBe("INGESTER_PORT");
    expect(error.message).toMatch(/^INGESTER_PORT /);
  });

  it("names INGESTER_QUEUE_IDS when an id is not a UUID", () => {
    expect(envErrorOf({ INGESTER_QUEUE_IDS: `${IDS.queue},support` }).variable).toBe("INGESTER_QUEUE_IDS");
    expect(envErrorOf({ INGESTER_QUEUE_IDS: " , " }).variable).toBe("INGESTER_QUEUE_IDS");
  });

  it("refuses the emulator in production (no Genesys credentials), naming the variable", () => {
    expect(envErrorOf({ NODE_ENV: "production", MESSAGING_WEBHOOK_SECRET: STRONG_SECRET }).variable).toBe(
      "GENESYS_CLIENT_ID",
    );
    expect(envErrorOf({ REDIS_URL: "http://localhost:6379" }).variable).toBe("REDIS_URL");
  });
});
