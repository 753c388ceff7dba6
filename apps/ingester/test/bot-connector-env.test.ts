import { DEFAULT_HANDOFF_OPTIONS } from "@routing/core";
import { EnvError } from "@routing/service-kit";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_BOT_CONNECTOR_SECRET, EMULATOR_NLU_PATH, parseIngesterEnv } from "../src/env.js";
import { IDS } from "./support/conversation-bodies.js";

const PRODUCTION = {
  NODE_ENV: "production",
  GENESYS_CLIENT_ID: "client-id",
  GENESYS_CLIENT_SECRET: "client-secret-value",
  GENESYS_REGION: "mypurecloud.ie",
  MESSAGING_WEBHOOK_SECRET: "a-production-webhook-secret-of-40-chars!",
} as const;
const STRONG = "a-production-bot-connector-secret-40-chars";
const NLU = "https://nlu.example.com/parse";

function variableOf(env: Record<string, string>): string {
  try {
    parseIngesterEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.variable;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseIngesterEnv: the Bot Connector", () => {
  it("is served in development against the emulator with its NLU stub and the documented secret", () => {
    const config = parseIngesterEnv({ GENESYS_API_BASE_URL: "http://127.0.0.1:4999/" });
    expect(config.botConnector).toEqual({
      secretHeader: "X-Bot-Connector-Secret",
      secret: DEVELOPMENT_BOT_CONNECTOR_SECRET,
      nlu: { url: `http://127.0.0.1:4999${EMULATOR_NLU_PATH}`, timeoutMs: 2_000, attempts: 2 },
      nluFailure: "handoff",
      handoffIntent: "Handoff",
      handoffQueueId: undefined,
      handoffSkillIds: [],
      confidenceThreshold: DEFAULT_HANDOFF_OPTIONS.confidenceThreshold,
    });
    expect(config.botConnectorSecretIsDevelopmentDefault).toBe(true);
  });

  it("is not served against real Genesys until an NLU is configured", () => {
    expect(parseIngesterEnv(PRODUCTION).botConnector).toBeUndefined();
  });

  it("reads every variable", () => {
    const config = parseIngesterEnv({
      ...PRODUCTION,
      BOT_CONNECTOR_NLU_URL: NLU,
      BOT_CONNECTOR_SECRET: STRONG,
      BOT_CONNECTOR_SECRET_HEADER: "X-Genesys-Connection-Secret",
      BOT_CONNECTOR_NLU_TIMEOUT_MS: "800",
      BOT_CONNECTOR_NLU_ATTEMPTS: "3",
      BOT_CONNECTOR_NLU_FAILURE: "failed",
      BOT_CONNECTOR_HANDOFF_INTENT: "TalkToAgent",
      BOT_CONNECTOR_HANDOFF_QUEUE_ID: IDS.queue,
      BOT_CONNECTOR_HANDOFF_SKILL_IDS: `${IDS.skillBilling}, ${IDS.skillSpanish}`,
      BOT_CONNECTOR_CONFIDENCE_THRESHOLD: "0.6",
    });
    expect(config.botConnector).toEqual({
      secretHeader: "X-Genesys-Connection-Secret",
      secret: STRONG,
      nlu: { url: NLU, timeoutMs: 800, attempts: 3 },
      nluFailure: "failed",
      handoffIntent: "TalkToAgent",
      handoffQueueId: IDS.queue,
      handoffSkillIds: [IDS.skillBilling, IDS.skillSpanish],
      confidenceThreshold: 0.6,
    });
    expect(config.botConnectorSecretIsDevelopmentDefault).toBe(false);
  });

  it("needs a secret of its own in production, never echoed", () => {
    expect(variableOf({ ...PRODUCTION, BOT_CONNECTOR_NLU_URL: NLU })).toBe("BOT_CONNECTOR_SECRET");
    expect(
      variableOf({
        ...PRODUCTION,
        BOT_CONNECTOR_NLU_URL: NLU,
        BOT_CONNECTOR_SECRET: DEVELOPMENT_BOT_CONNECTOR_SECRET,
      }),
    ).toBe("BOT_CONNECTOR_SECRET");
    expect(() => parseIngesterEnv({ BOT_CONNECTOR_SECRET: "too-short-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("too-short-secret") }),
    );
  });

  it.each([
    ["BOT_CONNECTOR_NLU_URL", "ftp://nlu"],
    ["BOT_CONNECTOR_SECRET", "short"],
    ["BOT_CONNECTOR_SECRET_HEADER", "X Secret"],
    ["BOT_CONNECTOR_NLU_TIMEOUT_MS", "10"],
    ["BOT_CONNECTOR_NLU_ATTEMPTS", "9"],
    ["BOT_CONNECTOR_NLU_FAILURE", "ignore"],
    ["BOT_CONNECTOR_HANDOFF_INTENT", "x".repeat(101)],
    ["BOT_CONNECTOR_HANDOFF_QUEUE_ID", "support"],
    ["BOT_CONNECTOR_HANDOFF_SKILL_IDS", `${IDS.skillBilling},billing`],
    ["BOT_CONNECTOR_CONFIDENCE_THRESHOLD", "1.5"],
  ])("names %s when it is %j", (variable, value) => {
    expect(variableOf({ [variable]: value })).toBe(variable);
  });
});
