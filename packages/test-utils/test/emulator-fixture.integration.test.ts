import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { describe, expect } from "vitest";
import { createEmulatorTest, startTestEmulator } from "../src/index.js";

const tinyBudget = createEmulatorTest({ rateLimit: { limit: 2, windowMs: 60_000 } });

async function tokenFrom(loginBaseUrl: string): Promise<string> {
  const basic = Buffer.from(
    `${DEFAULT_EMULATOR_CREDENTIALS.clientId}:${DEFAULT_EMULATOR_CREDENTIALS.clientSecret}`,
  ).toString("base64");
  const response = await fetch(`${loginBaseUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("emulator fixture", () => {
  tinyBudget(
    "hands each test a running emulator with the options it was created with",
    async ({ emulator }) => {
      const token = await tokenFrom(emulator.loginBaseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${emulator.apiBaseUrl}/api/v2/routing/queues`, {
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 429]);
    },
  );

  tinyBudget("gives every test its own emulator", async ({ emulator }) => {
    // A fresh emulator: the previous test's exhausted budget and its request log are not here.
    expect(emulator.control.requestLog()).toEqual([]);
  });

  tinyBudget("uses an ephemeral port that is closed after close()", async () => {
    const emulator = await startTestEmulator();
    expect(emulator.port).not.toBe(4010);
    await emulator.close();
    await expect(fetch(`${emulator.apiBaseUrl}/api/v2/routing/queues`)).rejects.toThrow();
  });
});
