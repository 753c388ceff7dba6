/**
 * Issue #8.1: a request must leave with a token that is still valid, however long it waited for the rate
 * budget. Genesys lets an org make tokens live as little as 5 minutes (help.mypurecloud.com, "Create an
 * OAuth client": 300–172 800 s) and at saturation a budget wait is as long; the emulator scales that down.
 */
import { startTestEmulator } from "@routing/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ClientEvent,
  createGenesysClient,
  createLocalRateBudget,
  type GenesysClientOptions,
} from "../src/index.js";

type Emulator = Awaited<ReturnType<typeof startTestEmulator>>;
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function emulatorWith(tokenLifetimeSeconds: number): Promise<Emulator> {
  const emulator = await startTestEmulator({ tokenLifetimeSeconds, contactCentre: { arrivalsPerMinute: 0 } });
  running.push(emulator);
  return emulator;
}

function clientFor(emulator: Emulator, overrides: Partial<GenesysClientOptions> = {}) {
  return createGenesysClient({
    clientId: "emulator-client-id",
    clientSecret: "emulator-client-secret",
    apiBaseUrl: emulator.apiBaseUrl,
    loginBaseUrl: emulator.loginBaseUrl,
    ...overrides,
  });
}

async function firstSkill(client: ReturnType<typeof clientFor>): Promise<unknown> {
  for await (const skill of client.routing.listSkills({ pageSize: 1 })) return skill;
  return undefined;
}

describe("tokens vs the rate budget", () => {
  it("a request that waited out its token leaves with a new one: no 401 reaches Genesys", async () => {
    // 3 s tokens (sent with at least 1 s left: a loaded machine has that long to deliver); a budget of 3
    // requests per second holds the last of 12 about 4 s, longer than a token lives.
    const emulator = await emulatorWith(3);
    const events: ClientEvent[] = [];
    const client = clientFor(emulator, {
      timeoutMs: 300,
      rateBudget: createLocalRateBudget({ limit: 3, windowMs: 1_000, arrivalJitterMs: 0 }),
      onClientEvent: (event) => events.push(event),
    });
    const results = await Promise.all(Array.from({ length: 12 }, () => firstSkill(client)));
    expect(results.every((skill) => skill !== undefined)).toBe(true);
    const log = emulator.control.requestLog();
    const api = log.filter((entry) => entry.path.startsWith("/api/"));
    expect(api).toHaveLength(12);
    expect(api.filter((entry) => entry.status === 401)).toEqual([]);
    // Several tokens were needed, and the switch was made before sending, not after a 401.
    expect(new Set(api.map((entry) => entry.tokenId)).size).toBeGreaterThan(1);
    expect(events.some((event) => event.kind === "token-replaced" && event.reason === "expiring")).toBe(true);
  }, 20_000);

  it("a token revoked behind the client's back costs one 401 and a replay, not the call", async () => {
    const emulator = await emulatorWith(3600);
    const client = clientFor(emulator);
    expect(await firstSkill(client)).toBeDefined();
    emulator.control.revokeTokens();
    expect(await firstSkill(client)).toBeDefined();
    const statuses = emulator.control
      .requestLog()
      .filter((entry) => entry.path.startsWith("/api/"))
      .map((entry) => entry.status);
    expect(statuses).toEqual([200, 401, 200]);
  });

  it("forgets the shared token on request (v2.system.token_revoked), so the next call mints a new one", async () => {
    const emulator = await emulatorWith(3600);
    const client = clientFor(emulator);
    const first = await client.getAccessToken();
    await client.invalidateAccessToken();
    const second = await client.getAccessToken();
    expect(second).not.toBe(first);
    expect(await client.accessTokenExpiresAt()).toBeGreaterThan(Date.now() + 3_000_000);
  });
});
