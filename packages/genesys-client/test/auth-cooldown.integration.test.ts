import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { emulatorTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createGenesysClient, GenesysAuthError } from "../src/index.js";

describe("rejected credentials", () => {
  emulatorTest("fail fast for the cool-down instead of asking the login host again", async ({ emulator }) => {
    let clock = 1_000_000;
    const client = createGenesysClient({
      clientId: DEFAULT_EMULATOR_CREDENTIALS.clientId,
      clientSecret: "not-the-right-secret",
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
      authFailureCooldownMs: 30_000,
      now: () => clock,
    });
    const tokenRequests = () =>
      emulator.control.requestLog().filter((entry) => entry.path === "/oauth/token");

    const first = await client.getAccessToken().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(GenesysAuthError);
    expect((first as GenesysAuthError).status).toBe(401);
    for (let i = 0; i < 5; i++) {
      await expect(client.routing.listQueues()[Symbol.asyncIterator]().next()).rejects.toBe(first);
    }
    expect(tokenRequests()).toHaveLength(1);

    clock += 30_000;
    await expect(client.getAccessToken()).rejects.toBeInstanceOf(GenesysAuthError);
    expect(tokenRequests()).toHaveLength(2);
  });

  emulatorTest("with the cool-down off, every call asks again", async ({ emulator }) => {
    const client = createGenesysClient({
      clientId: DEFAULT_EMULATOR_CREDENTIALS.clientId,
      clientSecret: "not-the-right-secret",
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
      authFailureCooldownMs: 0,
    });
    for (let i = 0; i < 3; i++)
      await expect(client.getAccessToken()).rejects.toBeInstanceOf(GenesysAuthError);
    expect(emulator.control.requestLog().filter((entry) => entry.path === "/oauth/token")).toHaveLength(3);
  });
});
