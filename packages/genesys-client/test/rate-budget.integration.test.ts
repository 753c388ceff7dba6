import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { createEmulatorTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createGenesysClient, createLocalRateBudget } from "../src/index.js";
import { busiestSlidingWindow } from "./sliding-window.js";

const LIMIT = 8;
const WINDOW_MS = 400;

// The emulator enforces the same budget as the client paces itself to: any burst over it would be a 429.
const test = createEmulatorTest({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });

describe("a rate budget in front of the client, counted at the emulator", () => {
  test("keeps every sliding window under the budget, so a backlog earns no 429", async ({ emulator }) => {
    const client = createGenesysClient({
      ...DEFAULT_EMULATOR_CREDENTIALS,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
      // Headroom under the server's limit, as the apps will run it: network and event-loop delays move
      // arrival times relative to grant times, and the headroom absorbs that on a busy CI machine.
      rateBudget: createLocalRateBudget({ limit: LIMIT / 2, windowMs: WINDOW_MS + 100 }),
    });
    // A slow token request: budget grants taken while it is pending would all land together once it
    // arrives (three windows' worth here), so the grant must come after the token.
    emulator.control.setLatency({ ms: 2 * (WINDOW_MS + 100) + 100, pathPrefix: "/oauth" });
    const backlog = 2 * LIMIT + 3;
    const results = await Promise.allSettled(
      Array.from({ length: backlog }, async () => {
        const queues = [];
        for await (const queue of client.routing.listQueues({ pageSize: 100 })) queues.push(queue.id);
        return queues.length;
      }),
    );

    const rejected = results.filter((result) => result.status === "rejected");
    expect(rejected).toEqual([]);
    const apiRequests = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    expect(apiRequests).toHaveLength(backlog);
    expect(apiRequests.every((entry) => entry.status === 200)).toBe(true);
    expect(
      busiestSlidingWindow(
        apiRequests.map((entry) => entry.at),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(LIMIT - 1);
  });

  test("without the budget the same backlog does hit the limit (the check above can fail)", async ({
    emulator,
  }) => {
    const client = createGenesysClient({
      ...DEFAULT_EMULATOR_CREDENTIALS,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 3 * LIMIT }, async () => {
        for await (const _queue of client.routing.listQueues({ pageSize: 100 })) {
          // drain
        }
      }),
    );
    const apiRequests = emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"));
    expect(apiRequests.some((entry) => entry.status === 429)).toBe(true);
    expect(results.some((result) => result.status === "rejected")).toBe(true);
  });
});
