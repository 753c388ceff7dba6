import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createGenesysClient, type GenesysClientOptions, GenesysClientOptionsError } from "../src/index.js";

const SECRET = "very-secret-value";
const valid: GenesysClientOptions = { clientId: "id", clientSecret: SECRET, region: "mypurecloud.ie" };

function optionError(options: Record<string, unknown>): GenesysClientOptionsError {
  try {
    createGenesysClient({ ...valid, ...options } as GenesysClientOptions);
  } catch (error) {
    if (error instanceof GenesysClientOptionsError) return error;
    throw error;
  }
  throw new Error("expected a GenesysClientOptionsError");
}

describe("client options", () => {
  it("builds a client from valid options without sending anything", () => {
    const client = createGenesysClient(valid);
    expect(typeof client.routing.listQueues).toBe("function");
    expect(inspect(client, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain(SECRET);
  });

  it.each([
    [{ clientId: "" }, "clientId"],
    [{ clientSecret: "  " }, "clientSecret"],
    [{ region: "eu-west-1" }, "region"],
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ maxRetries: -1 }, "maxRetries"],
    [{ maxRetries: 1.5 }, "maxRetries"],
    [{ retryBaseDelayMs: 1_000, retryMaxDelayMs: 10 }, "retryMaxDelayMs"],
    [{ rateLimitMode: "ignore" }, "rateLimitMode"],
    [{ rateLimitMaxWaitMs: Number.NaN }, "rateLimitMaxWaitMs"],
    [{ maxScoredAgents: 101 }, "maxScoredAgents"],
    [{ maxScoredAgents: 0 }, "maxScoredAgents"],
    [{ analyticsMaxIntervalDays: 0 }, "analyticsMaxIntervalDays"],
    [{ tokenStore: {} }, "tokenStore"],
    [{ rateBudget: { take: () => undefined } }, "rateBudget"],
    [{ onRequest: "metrics" }, "onRequest"],
  ])("rejects %o naming %s", (options, option) => {
    const error = optionError(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}"`);
    expect(`${String(error)} ${JSON.stringify(error)} ${inspect(error)}`).not.toContain(SECRET);
  });

  it("accepts up to 100 scored agents when Genesys raised the limit", () => {
    expect(() => createGenesysClient({ ...valid, maxScoredAgents: 100 })).not.toThrow();
  });
});
