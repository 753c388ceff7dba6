import { randomUUID } from "node:crypto";
import type { IsolatedRedis } from "@routing/test-utils";
import { createRosterStore, type RosterOptions, type RosterStore, rosterKeyPrefix } from "../src/index.js";

export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

export const uuid = (): string => randomUUID();

/** A store on the test's own key prefix (deleted with it), with a manual clock. */
export function testStore(
  redis: IsolatedRedis,
  options: RosterOptions = {},
): { store: RosterStore; clock: { now: number } } {
  const clock = { now: T0 };
  const store = createRosterStore(redis.connection, {
    keyPrefix: rosterKeyPrefix(redis.prefix),
    now: () => clock.now,
    ...options,
  });
  return { store, clock };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
