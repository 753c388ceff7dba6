import { describe, expect, it } from "vitest";
import { parseDashboardEnv } from "../apps/dashboard/src/env.js";
import { parseIngesterEnv } from "../apps/ingester/src/env.js";
import { parseWorkerEnv } from "../apps/worker/src/env.js";

// Every app that reads the roster must agree on when it is stale and when skills expire: a dashboard that
// called a queue fresh while the workers refreshed it would send an operator the wrong way.
const readers = {
  ingester: (env: Record<string, string>) => parseIngesterEnv(env).roster,
  worker: (env: Record<string, string>) => parseWorkerEnv(env).roster,
  dashboard: (env: Record<string, string>) => parseDashboardEnv(env).roster,
};

function errorOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof Error && error.name === "EnvError") return error.message;
    throw error;
  }
  return "no error";
}

describe("ROSTER_MAX_AGE_SECONDS and ROSTER_SKILLS_TTL_SECONDS", () => {
  it("give the ingester, the worker and the dashboard the same staleness rules", () => {
    for (const env of [{}, { ROSTER_MAX_AGE_SECONDS: "120", ROSTER_SKILLS_TTL_SECONDS: "600" }]) {
      const seen = Object.values(readers).map((read) => {
        const { maxConfirmedAgeMs, skillsTtlMs } = read(env);
        return { maxConfirmedAgeMs, skillsTtlMs };
      });
      expect(new Set(seen.map((value) => JSON.stringify(value))).size, JSON.stringify(seen)).toBe(1);
    }
    expect(readers.dashboard({ ROSTER_MAX_AGE_SECONDS: "120", ROSTER_SKILLS_TTL_SECONDS: "600" })).toEqual({
      maxConfirmedAgeMs: 120_000,
      skillsTtlMs: 600_000,
    });
  });

  it("are refused alike, naming the variable", () => {
    for (const env of [{ ROSTER_MAX_AGE_SECONDS: "10" }, { ROSTER_SKILLS_TTL_SECONDS: "a day" }]) {
      const messages = Object.values(readers).map((read) => errorOf(() => read(env)));
      expect(new Set(messages).size, messages.join("\n")).toBe(1);
      expect(messages[0]).toContain(Object.keys(env)[0]);
    }
  });
});
