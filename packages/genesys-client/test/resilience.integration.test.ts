/**
 * Issue #9.7: one retry policy, bounded by the budget, and a circuit breaker per endpoint, so that a 5xx
 * storm costs a bounded number of requests instead of retries × job attempts each.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startTestEmulator } from "@routing/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ClientEvent,
  createGenesysClient,
  createLocalRateBudget,
  GenesysApiError,
  GenesysCircuitOpenError,
  type GenesysClientOptions,
  GenesysRateLimitError,
  isPermanentGenesysError,
  type RequestEvent,
} from "../src/index.js";

type Emulator = Awaited<ReturnType<typeof startTestEmulator>>;
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const SKILLS = "/api/v2/routing/skills";

async function emulator(): Promise<Emulator> {
  const started = await startTestEmulator({ contactCentre: { arrivalsPerMinute: 0 } });
  running.push(started);
  return started;
}

function clientFor(target: Emulator, overrides: Partial<GenesysClientOptions> = {}) {
  return createGenesysClient({
    clientId: "emulator-client-id",
    clientSecret: "emulator-client-secret",
    apiBaseUrl: target.apiBaseUrl,
    loginBaseUrl: target.loginBaseUrl,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 20,
    ...overrides,
  });
}

async function listSkills(client: ReturnType<typeof clientFor>): Promise<unknown> {
  try {
    for await (const skill of client.routing.listSkills({ pageSize: 1 })) return skill;
    return undefined;
  } catch (error) {
    return error;
  }
}

const requestsTo = (target: Emulator, path: string) =>
  target.control.requestLog().filter((entry) => entry.path === path);

describe("circuit breaker per endpoint", () => {
  it("a 5xx storm costs threshold requests, then calls fail fast with a retryable typed error", async () => {
    const target = await emulator();
    target.control.injectFaults({ status: 503, times: 1_000, method: "GET", pathPrefix: SKILLS });
    const events: ClientEvent[] = [];
    const requests: RequestEvent[] = [];
    const client = clientFor(target, {
      circuitFailureThreshold: 3,
      circuitCoolDownMs: 60_000,
      onClientEvent: (event) => events.push(event),
      onRequest: (event) => requests.push(event),
    });
    // Ten failing job attempts; before the breaker each cost up to 1 + maxRetries requests.
    const outcomes = [];
    for (let call = 0; call < 10; call++) outcomes.push(await listSkills(client));
    expect(requestsTo(target, SKILLS)).toHaveLength(3);
    expect(outcomes.slice(0, 2).every((error) => error instanceof GenesysApiError)).toBe(true);
    const open = outcomes.slice(2);
    expect(open.every((error) => error instanceof GenesysCircuitOpenError)).toBe(true);
    const first = open[0] as GenesysCircuitOpenError;
    expect(first).toMatchObject({ status: 0, code: "circuit.open", retryable: true, pathTemplate: SKILLS });
    expect(first.retryAfterMs).toBeGreaterThan(50_000);
    expect(first.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(isPermanentGenesysError(first)).toBe(false);
    // Other endpoints are not affected.
    const queues = await (async () => {
      for await (const queue of client.routing.listQueues({ pageSize: 1 })) return queue;
    })();
    expect(queues).toBeDefined();
    expect(events.filter((event) => event.kind === "circuit-opened")).toEqual([
      { kind: "circuit-opened", method: "GET", pathTemplate: SKILLS, consecutiveFailures: 3 },
    ]);
    expect(events.filter((event) => event.kind === "circuit-rejected")).toHaveLength(8);
    expect(requests.at(-2)).toMatchObject({
      pathTemplate: SKILLS,
      status: 503,
      circuit: "open",
      lane: "decision",
    });
  });

  it("after the cool-down one probe goes: a failing probe opens it again, a good one closes it", async () => {
    const target = await emulator();
    target.control.injectFaults({ status: 500, times: 3, method: "GET", pathPrefix: SKILLS });
    const events: ClientEvent[] = [];
    const client = clientFor(target, {
      maxRetries: 0,
      circuitFailureThreshold: 2,
      circuitCoolDownMs: 300,
      onClientEvent: (event) => events.push(event),
    });
    await listSkills(client);
    await listSkills(client);
    expect(await listSkills(client)).toBeInstanceOf(GenesysCircuitOpenError);
    await sleep(350);
    // Half-open: this call is the probe, and the third injected 500 fails it.
    expect(await listSkills(client)).toMatchObject({ status: 500 });
    expect(await listSkills(client)).toBeInstanceOf(GenesysCircuitOpenError);
    await sleep(350);
    expect(await listSkills(client)).not.toBeInstanceOf(Error);
    expect(await listSkills(client)).not.toBeInstanceOf(Error);
    expect(requestsTo(target, SKILLS).map((entry) => entry.status)).toEqual([500, 500, 500, 200, 200]);
    expect(
      events.filter((event) => event.kind.startsWith("circuit-") && event.kind !== "circuit-rejected"),
    ).toMatchObject([
      { kind: "circuit-opened" },
      { kind: "circuit-half-open" },
      { kind: "circuit-opened" },
      { kind: "circuit-half-open" },
      { kind: "circuit-closed" },
    ]);
  });

  it("4xx answers prove the endpoint works and 429s say nothing: neither opens the circuit", async () => {
    const target = await emulator();
    target.control.injectFaults({ status: 404, times: 5, method: "GET", pathPrefix: SKILLS });
    target.control.injectFaults({ status: 429, times: 5, method: "GET", pathPrefix: SKILLS });
    const client = clientFor(target, { circuitFailureThreshold: 2 });
    const outcomes = [];
    for (let call = 0; call < 10; call++) outcomes.push(await listSkills(client));
    expect(outcomes.filter((error) => error instanceof GenesysCircuitOpenError)).toEqual([]);
    expect(outcomes.filter((error) => error instanceof GenesysRateLimitError)).toHaveLength(5);
  });
});

describe("retries bounded by the budget", () => {
  it("a retry only goes out when the budget has room in its lane now; else the error goes back at once", async () => {
    const target = await emulator();
    target.control.injectFaults({ status: 503, times: 10, method: "GET", pathPrefix: SKILLS });
    const events: ClientEvent[] = [];
    // One request per minute: the first attempt takes the only slot.
    const client = clientFor(target, {
      maxRetries: 3,
      rateBudget: createLocalRateBudget({ limit: 1, windowMs: 60_000 }),
      onClientEvent: (event) => events.push(event),
    });
    const started = Date.now();
    const error = await listSkills(client);
    expect(error).toMatchObject({ status: 503, retryable: true });
    // No waiting for the next window: the queue's own backoff decides when to try again.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requestsTo(target, SKILLS)).toHaveLength(1);
    expect(events).toContainEqual({
      kind: "retry-skipped",
      method: "GET",
      pathTemplate: SKILLS,
      lane: "decision",
      reason: "budget",
    });
  });

  it("with room, a failed GET is retried once by default (maxRetries 1)", async () => {
    const target = await emulator();
    target.control.injectFaults({ status: 503, times: 10, method: "GET", pathPrefix: SKILLS });
    const client = clientFor(target, {
      rateBudget: createLocalRateBudget({ limit: 100, windowMs: 60_000 }),
    });
    expect(await listSkills(client)).toMatchObject({ status: 503 });
    expect(requestsTo(target, SKILLS)).toHaveLength(2);
  });
});

describe("throttling codes", () => {
  it("treats an ErrorBody code too.many.requests as a rate limit whatever the status", async () => {
    const target = await emulator();
    target.control.injectFaults({
      status: 400,
      times: 1,
      method: "GET",
      pathPrefix: SKILLS,
      code: "too.many.requests",
      rateLimitResetSeconds: 4,
    });
    const error = await listSkills(clientFor(target));
    expect(error).toBeInstanceOf(GenesysRateLimitError);
    expect(error).toMatchObject({ status: 400, code: "too.many.requests", retryAfterMs: 4_000 });
    expect(isPermanentGenesysError(error)).toBe(false);
  });
});
