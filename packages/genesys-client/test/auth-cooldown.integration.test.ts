import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { emulatorTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createGenesysClient, GenesysAuthError } from "../src/index.js";

describe("rejected credentials", () => {
  emulatorTest(
    "fail fast for a growing cool-down instead of asking the login host again",
    async ({ emulator }) => {
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

      // The first rejection may be a blip: asked again after 1 s; each rejection in a row doubles the wait,
      // up to the configured cool-down (30 s), never for good.
      const waits: number[] = [];
      for (let rejection = 2; rejection <= 8; rejection++) {
        let waited = 0;
        while (tokenRequests().length < rejection) {
          clock += 500;
          waited += 500;
          await expect(client.getAccessToken()).rejects.toBeInstanceOf(GenesysAuthError);
        }
        waits.push(waited);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    },
  );

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
