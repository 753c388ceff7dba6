import { describe, expect, it } from "vitest";
import { DEFAULT_EMULATOR_CREDENTIALS, EmulatorOptionsError, resolveOptions } from "./options.js";

describe("resolveOptions", () => {
  it("fills in the documented defaults", () => {
    const resolved = resolveOptions();
    expect(resolved).toMatchObject({
      host: "127.0.0.1",
      port: 4010,
      seed: 42,
      credentials: [DEFAULT_EMULATOR_CREDENTIALS],
      tokenLifetimeSeconds: 86_400,
      rateLimit: { limit: 300, windowMs: 60_000 },
      notifications: {
        heartbeatIntervalMs: 30_000,
        channelTtlMs: 86_400_000,
        maxChannelsPerClient: 20,
        maxTopicsPerChannel: 1000,
        socketClosingGraceMs: 100,
      },
      clock: "real",
    });
    expect(resolved.contactCentre.agentCount).toBe(20);
  });

  it("keeps defaults for the fields a partial group leaves out", () => {
    const resolved = resolveOptions({
      notifications: { heartbeatIntervalMs: 50 },
      contactCentre: { agentCount: 5 },
    });
    expect(resolved.notifications.maxTopicsPerChannel).toBe(1000);
    expect(resolved.contactCentre).toMatchObject({ agentCount: 5, queueCount: 3 });
  });

  it("takes a queue of 5,000 agents (the worker's memory bench)", () => {
    expect(resolveOptions({ contactCentre: { agentCount: 5_000 } }).contactCentre.agentCount).toBe(5_000);
  });

  it("names the bad option", () => {
    expect(() => resolveOptions({ port: 70_000 })).toThrow(EmulatorOptionsError);
    expect(() => resolveOptions({ port: 70_000 })).toThrow(/port/);
    expect(() => resolveOptions({ rateLimit: { limit: 0, windowMs: 1000 } })).toThrow(/rateLimit\.limit/);
    expect(() => resolveOptions({ contactCentre: { agentCount: -1 } })).toThrow(/contactCentre\.agentCount/);
    expect(() => resolveOptions({ contactCentre: { agentCount: 5_001 } })).toThrow(
      /contactCentre\.agentCount/,
    );
    expect(() => resolveOptions({ credentials: [] })).toThrow(/credentials/);
  });
});
