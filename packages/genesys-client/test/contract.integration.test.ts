/**
 * The client's contract with Genesys. Every emulator test starts its own emulator on port 0 and closes it.
 * The portable (read-only) cases also run against a real org when GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET
 * and GENESYS_REGION are set; fault injection needs the emulator's control API and stays emulator-only.
 */
import { once } from "node:events";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { inspect } from "node:util";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator } from "@routing/genesys-emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AggregateQueryResponse,
  averageHandleTimeMsByUser,
  createGenesysClient,
  GENESYS_REGIONS,
  GenesysApiError,
  GenesysAuthError,
  type GenesysClient,
  type GenesysClientOptions,
  GenesysNetworkError,
  GenesysRateLimitError,
  type GenesysRegion,
  GenesysTokenRejectedError,
  isPermanentGenesysError,
  type RateBudget,
  type RateBudgetRequest,
  type RequestEvent,
  splitInterval,
} from "../src/index.js";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type EmulatorOptions = Parameters<typeof startEmulator>[0];
type LogEntry = ReturnType<Emulator["control"]["requestLog"]>[number];

const TOKEN_PATH = "/oauth/token";

// --- helpers -----------------------------------------------------------------------------------------

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** One request: the first page only. */
async function firstOf<T>(iterable: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of iterable) return item;
  return undefined;
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** Everything an error can show: its string, JSON, deep inspection, and the same for each cause. */
function renderings(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    texts.push(
      String(current),
      JSON.stringify(current) ?? "",
      inspect(current, { depth: 10, showHidden: true }),
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return texts;
}

function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  for (const text of renderings(error)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

function basicCredential(clientId: string, clientSecret: string): string {
  return Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
}

function recorder() {
  const events: RequestEvent[] = [];
  const budgetCalls: RateBudgetRequest[] = [];
  const rateBudget: RateBudget = {
    async acquire(request) {
      budgetCalls.push(request);
    },
  };
  return {
    events,
    budgetCalls,
    rateBudget,
    onRequest: (event: RequestEvent) => events.push(event),
    apiEvents: () => events.filter((event) => event.pathTemplate !== TOKEN_PATH),
    tokenEvents: () => events.filter((event) => event.pathTemplate === TOKEN_PATH),
  };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 9;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// --- targets -----------------------------------------------------------------------------------------

interface Target {
  readonly name: string;
  client(overrides?: Partial<GenesysClientOptions>): GenesysClient;
  /** The emulator's request log; undefined against a real org. */
  readonly requestLog: (() => readonly LogEntry[]) | undefined;
  /** The emulator's own view of a queue's members; undefined against a real org. */
  readonly memberIdsOf: ((queueId: string) => readonly string[]) | undefined;
}

const realRegion = process.env.GENESYS_REGION;
const realOrg =
  process.env.GENESYS_CLIENT_ID !== undefined &&
  process.env.GENESYS_CLIENT_SECRET !== undefined &&
  realRegion !== undefined &&
  (GENESYS_REGIONS as readonly string[]).includes(realRegion)
    ? {
        clientId: process.env.GENESYS_CLIENT_ID,
        clientSecret: process.env.GENESYS_CLIENT_SECRET,
        region: realRegion as GenesysRegion,
      }
    : undefined;

function emulatorTarget(emulator: Emulator): Target {
  return {
    name: "emulator",
    client: (overrides = {}) =>
      createGenesysClient({
        ...DEFAULT_EMULATOR_CREDENTIALS,
        apiBaseUrl: emulator.apiBaseUrl,
        loginBaseUrl: emulator.loginBaseUrl,
        ...overrides,
      }),
    requestLog: () => emulator.control.requestLog(),
    memberIdsOf: (queueId) =>
      emulator.control.snapshot().queues.find((queue) => queue.id === queueId)?.memberIds ?? [],
  };
}

// --- portable cases (emulator and real org) ----------------------------------------------------------

function definePortableCases(target: () => Target): void {
  it("fetches ONE token for 50 concurrent first calls", async () => {
    const seen = recorder();
    const client = target().client({ onRequest: seen.onRequest });
    const firstQueues = await Promise.all(
      Array.from({ length: 50 }, () => firstOf(client.routing.listQueues({ pageSize: 1 }))),
    );
    expect(firstQueues.every((queue) => queue !== undefined)).toBe(true);
    expect(seen.tokenEvents()).toHaveLength(1);
    expect(seen.apiEvents()).toHaveLength(50);
    const log = target().requestLog?.();
    if (log !== undefined) {
      expect(log.filter((entry) => entry.path.startsWith(TOKEN_PATH))).toHaveLength(1);
    }
  });

  it("pages through nextUri: every queue member exactly once, across several pages", async () => {
    const seen = recorder();
    const client = target().client({ onRequest: seen.onRequest });
    let chosen: { queueId: string; members: string[] } | undefined;
    for await (const queue of client.routing.listQueues()) {
      const members = await collect(client.routing.listQueueMembers(queue.id));
      if (members.length >= 3) {
        chosen = { queueId: queue.id, members: members.map((member) => member.id) };
        break;
      }
    }
    if (chosen === undefined) throw new Error("no queue with at least 3 members to page through");
    const { queueId, members } = chosen;
    expect(new Set(members).size).toBe(members.length);

    // About four pages whatever the queue's size.
    const pageSize = Math.min(100, Math.ceil(members.length / 4));
    const before = seen.apiEvents().length;
    const paged = await collect(
      client.routing.listQueueMembers(queueId, { pageSize, expand: ["routingStatus", "presence"] }),
    );
    const memberRequests = seen.apiEvents().length - before;
    expect(paged.map((member) => member.id).sort()).toEqual([...members].sort());
    expect(memberRequests).toBeGreaterThanOrEqual(Math.ceil(members.length / pageSize));
    expect(memberRequests).toBeGreaterThan(1);
    for (const member of paged) {
      expect(member.routingStatus?.status ?? member.user?.routingStatus?.status).toBeDefined();
    }
    const expected = target().memberIdsOf?.(queueId);
    if (expected !== undefined) expect([...members].sort()).toEqual([...expected].sort());
    const log = target().requestLog?.();
    if (log !== undefined) {
      const pagedQueries = log
        .filter((entry) => entry.path === `/api/v2/routing/queues/${queueId}/members`)
        .map((entry) => entry.query ?? "")
        .filter((query) => new RegExp(`(^|&)pageSize=${pageSize}(&|$)`).test(query));
      expect(pagedQueries.some((query) => /(^|&)pageNumber=2(&|$)/.test(query))).toBe(true);
      expect(pagedQueries.every((query) => query.includes("expand="))).toBe(true);
    }
  });

  it("lists queues and skills page by page without losing or repeating any", async () => {
    const client = target().client();
    for (const list of [
      (pageSize: number) => client.routing.listQueues({ pageSize }),
      (pageSize: number) => client.routing.listSkills({ pageSize }),
    ]) {
      const all = (await collect(list(100))).map((entity) => entity.id);
      expect(all.length).toBeGreaterThan(0);
      // About four pages whatever the org's size, so a real org's budget is not spent on tiny pages.
      const small = (await collect(list(Math.min(100, Math.ceil(all.length / 4))))).map(
        (entity) => entity.id,
      );
      expect(new Set(small).size).toBe(small.length);
      expect([...small].sort()).toEqual([...all].sort());
    }
  });

  it("calls the rate budget once per HTTP request to the API host, never for the token", async () => {
    const seen = recorder();
    const client = target().client({ rateBudget: seen.rateBudget, onRequest: seen.onRequest });
    await collect(client.routing.listSkills({ pageSize: 2 }));
    await firstOf(client.routing.listQueues({ pageSize: 1 }));
    expect(seen.budgetCalls.length).toBe(seen.apiEvents().length);
    expect(seen.budgetCalls.length).toBeGreaterThanOrEqual(2);
    expect(seen.budgetCalls).toContainEqual({
      method: "GET",
      pathTemplate: "/api/v2/routing/skills",
      lane: "decision",
    });
    expect(seen.budgetCalls.some((call) => call.pathTemplate === TOKEN_PATH)).toBe(false);
    const log = target().requestLog?.();
    if (log !== undefined) {
      expect(log.filter((entry) => !entry.path.startsWith(TOKEN_PATH))).toHaveLength(seen.budgetCalls.length);
    }
  });

  it("reports method, path template, status, duration and rate-limit headers to the observer", async () => {
    const seen = recorder();
    const client = target().client({ onRequest: seen.onRequest });
    const queue = await firstOf(client.routing.listQueues({ pageSize: 1 }));
    if (queue === undefined) throw new Error("no queue");
    await firstOf(client.routing.listQueueMembers(queue.id, { pageSize: 1 }));

    const [token] = seen.tokenEvents();
    expect(token).toMatchObject({ method: "POST", pathTemplate: TOKEN_PATH, status: 200, attempt: 1 });
    const members = seen.events.find(
      (event) => event.pathTemplate === "/api/v2/routing/queues/{queueId}/members",
    );
    expect(members).toMatchObject({ method: "GET", status: 200, attempt: 1 });
    for (const event of seen.apiEvents()) {
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(event.durationMs).toBeLessThan(30_000);
      expect(event.pathTemplate).not.toContain(queue.id);
      expect(event.rateLimit?.allowed).toBeGreaterThan(0);
      expect(event.rateLimit?.count).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(event)).not.toMatch(/Bearer|access_token/i);
    }
  });

  it("keeps working when the observer throws", async () => {
    const client = target().client({
      onRequest: () => {
        throw new Error("metrics are broken");
      },
    });
    expect(await firstOf(client.routing.listSkills({ pageSize: 1 }))).toBeDefined();
  });
}

// --- emulator ----------------------------------------------------------------------------------------

describe("genesys-client contract: emulator", () => {
  let emulator: Emulator | undefined;
  const start = async (options: Partial<NonNullable<EmulatorOptions>> = {}) => {
    if (emulator !== undefined) await emulator.close();
    emulator = await startEmulator({ port: 0, ...options });
    return emulatorTarget(emulator);
  };
  const running = (): Emulator => {
    if (emulator === undefined) throw new Error("emulator not started");
    return emulator;
  };
  const logOf = (path: string) =>
    running()
      .control.requestLog()
      .filter((entry) => entry.path.startsWith(path));

  beforeEach(async () => {
    await start();
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  describe("portable cases", () => {
    definePortableCases(() => emulatorTarget(running()));
  });

  describe("tokens", () => {
    it("refreshes ahead of expiry (1 s tokens) without ever getting a 401", async () => {
      const target = await start({ tokenLifetimeSeconds: 1 });
      const client = target.client();
      await firstOf(client.routing.listSkills({ pageSize: 1 }));
      await sleep(1_200);
      await firstOf(client.routing.listSkills({ pageSize: 1 }));
      expect(logOf(TOKEN_PATH)).toHaveLength(2);
      expect(
        running()
          .control.requestLog()
          .filter((entry) => entry.status === 401),
      ).toHaveLength(0);
    });

    it("after revokeTokens: exactly one refresh and one replay, and the call succeeds", async () => {
      const target = emulatorTarget(running());
      const client = target.client();
      await firstOf(client.routing.listSkills({ pageSize: 1 }));
      running().control.revokeTokens();
      running().control.clearLogs();

      expect(await firstOf(client.routing.listSkills({ pageSize: 1 }))).toBeDefined();
      const log = running().control.requestLog();
      expect(log.filter((entry) => entry.path.startsWith(TOKEN_PATH))).toHaveLength(1);
      const api = log.filter((entry) => entry.path.startsWith("/api/v2/routing/skills"));
      expect(api.map((entry) => entry.status)).toEqual([401, 200]);
    });

    it("after revokeTokens, 50 concurrent calls share one refresh", async () => {
      const client = emulatorTarget(running()).client();
      await firstOf(client.routing.listSkills({ pageSize: 1 }));
      running().control.revokeTokens();
      running().control.clearLogs();
      await Promise.all(
        Array.from({ length: 50 }, () => firstOf(client.routing.listSkills({ pageSize: 1 }))),
      );
      expect(logOf(TOKEN_PATH)).toHaveLength(1);
      expect(logOf("/api/v2/routing/skills").filter((entry) => entry.status === 200)).toHaveLength(50);
    });

    it("sends the client credentials exactly as Genesys expects", async () => {
      const client = emulatorTarget(running()).client();
      const token = await client.getAccessToken();
      expect(token.length).toBeGreaterThan(0);
      const [entry] = logOf(TOKEN_PATH);
      expect(entry).toMatchObject({
        method: "POST",
        status: 200,
        clientId: DEFAULT_EMULATOR_CREDENTIALS.clientId,
      });
    });
  });

  describe("rate limits", () => {
    it("turns a 429 with Retry-After 7 into GenesysRateLimitError(retryAfterMs 7000), without retrying", async () => {
      running().control.injectFaults({
        status: 429,
        times: 1,
        pathPrefix: "/api/v2/routing/skills",
        retryAfterSeconds: 7,
      });
      const client = emulatorTarget(running()).client();
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toBeInstanceOf(GenesysRateLimitError);
      expect(error).toMatchObject({
        status: 429,
        retryAfterMs: 7_000,
        method: "GET",
        pathTemplate: "/api/v2/routing/skills",
        retryable: true,
      });
      expect(logOf("/api/v2/routing/skills")).toHaveLength(1);
    });

    it("falls back to inin-ratelimit-reset when there is no Retry-After", async () => {
      running().control.injectFaults({
        status: 429,
        times: 1,
        pathPrefix: "/api/v2/routing/skills",
        retryAfterSeconds: null,
        rateLimitResetSeconds: 12,
      });
      const client = emulatorTarget(running()).client();
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toBeInstanceOf(GenesysRateLimitError);
      expect((error as GenesysRateLimitError).retryAfterMs).toBe(12_000);
    });

    it("retries in-process after a 429 when asked to (scripts)", async () => {
      running().control.injectFaults({
        status: 429,
        times: 1,
        pathPrefix: "/api/v2/routing/skills",
        retryAfterSeconds: 1,
      });
      const seen = recorder();
      const client = emulatorTarget(running()).client({
        rateLimitMode: "retry-in-process",
        rateBudget: seen.rateBudget,
        onRequest: seen.onRequest,
      });
      const started = Date.now();
      const skills = await collect(client.routing.listSkills());
      expect(skills.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      const statuses = logOf("/api/v2/routing/skills").map((entry) => entry.status);
      expect(statuses.slice(0, 2)).toEqual([429, 200]);
      expect(seen.budgetCalls.length).toBe(statuses.length);
      expect(
        seen
          .apiEvents()
          .map((event) => event.attempt)
          .slice(0, 2),
      ).toEqual([1, 2]);
    });

    it("in-process mode still surfaces a 429 that asks for longer than the cap", async () => {
      running().control.injectFaults({
        status: 429,
        times: 1,
        pathPrefix: "/api/v2/routing/skills",
        retryAfterSeconds: 5,
      });
      const client = emulatorTarget(running()).client({
        rateLimitMode: "retry-in-process",
        rateLimitMaxWaitMs: 2_000,
      });
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toMatchObject({ name: "GenesysRateLimitError", retryAfterMs: 5_000 });
      expect(logOf("/api/v2/routing/skills")).toHaveLength(1);
    });
  });

  describe("retries", () => {
    it("retries a GET after 503s, waiting a full-jitter delay within [0, cap] between attempts", async () => {
      running().control.injectFaults({
        status: 503,
        times: 2,
        method: "GET",
        pathPrefix: "/api/v2/routing/skills",
      });
      const seen = recorder();
      const client = emulatorTarget(running()).client({
        maxRetries: 2,
        retryBaseDelayMs: 200,
        retryMaxDelayMs: 300,
        rateBudget: seen.rateBudget,
        onRequest: seen.onRequest,
      });
      expect(await firstOf(client.routing.listSkills({ pageSize: 1 }))).toBeDefined();
      const attempts = logOf("/api/v2/routing/skills");
      expect(attempts.map((entry) => entry.status)).toEqual([503, 503, 200]);
      const [a, b, c] = attempts.map((entry) => entry.at);
      // Time to send, serve and log a request on a busy test machine.
      const tolerance = 150;
      expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(0);
      expect((b ?? 0) - (a ?? 0)).toBeLessThanOrEqual(200 + tolerance);
      expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(0);
      expect((c ?? 0) - (b ?? 0)).toBeLessThanOrEqual(300 + tolerance);
      // The budget is asked for every attempt, and the observer sees them numbered.
      expect(seen.budgetCalls).toHaveLength(3);
      expect(seen.apiEvents().map((event) => [event.status, event.attempt])).toEqual([
        [503, 1],
        [503, 2],
        [200, 3],
      ]);
    });

    it("really waits the drawn delay, capped (random fixed at 0.99)", async () => {
      running().control.injectFaults({
        status: 503,
        times: 2,
        method: "GET",
        pathPrefix: "/api/v2/routing/skills",
      });
      const client = emulatorTarget(running()).client({
        maxRetries: 2,
        retryBaseDelayMs: 400,
        retryMaxDelayMs: 500,
        random: () => 0.99,
      });
      await firstOf(client.routing.listSkills({ pageSize: 1 }));
      const [a = 0, b = 0, c = 0] = logOf("/api/v2/routing/skills").map((entry) => entry.at);
      // Retry 1: 0.99 × min(500, 400) = 396 ms; retry 2: 0.99 × min(500, 800) = 495 ms (792 without the cap).
      // Lower bounds allow for timer and millisecond rounding.
      const slack = 280; // below 792 - 495, so a missing cap still fails
      expect(b - a).toBeGreaterThanOrEqual(390);
      expect(b - a).toBeLessThan(396 + slack);
      expect(c - b).toBeGreaterThanOrEqual(489);
      expect(c - b).toBeLessThan(495 + slack);
    });

    it("gives up after maxRetries and throws the last error", async () => {
      running().control.injectFaults({
        status: 503,
        times: 10,
        method: "GET",
        pathPrefix: "/api/v2/routing/skills",
      });
      const client = emulatorTarget(running()).client({
        maxRetries: 2,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 20,
      });
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toBeInstanceOf(GenesysApiError);
      expect(error).toMatchObject({ status: 503, code: "service.unavailable", retryable: true });
      expect(logOf("/api/v2/routing/skills")).toHaveLength(3);
    });

    it("never retries a POST that is not idempotent", async () => {
      running().control.injectFaults({
        status: 503,
        times: 1,
        method: "POST",
        pathPrefix: "/api/v2/conversations/",
      });
      const client = emulatorTarget(running()).client({ retryBaseDelayMs: 10 });
      const error = await caught(() => client.conversations.assignConversation("conversation-1", "user-1"));
      expect(error).toMatchObject({ name: "GenesysApiError", status: 503, method: "POST" });
      expect(logOf("/api/v2/conversations/")).toHaveLength(1);
    });

    it("does retry a POST marked idempotent (an analytics query)", async () => {
      running().control.injectFaults({
        status: 503,
        times: 1,
        method: "POST",
        pathPrefix: "/api/v2/analytics/",
      });
      const client = emulatorTarget(running()).client({ retryBaseDelayMs: 10 });
      const end = new Date();
      const start = new Date(end.getTime() - 86_400_000);
      await client.analytics.queryConversationAggregates({
        interval: `${start.toISOString()}/${end.toISOString()}`,
        groupBy: ["userId"],
        metrics: ["tHandle"],
      });
      expect(logOf("/api/v2/analytics/").map((entry) => entry.status)).toEqual([503, 200]);
    });
  });

  describe("errors never reveal secrets", () => {
    const { clientId, clientSecret } = DEFAULT_EMULATOR_CREDENTIALS;

    it("bad credentials: GenesysAuthError", async () => {
      const wrongSecret = "definitely-the-wrong-secret";
      const client = emulatorTarget(running()).client({ clientSecret: wrongSecret });
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toBeInstanceOf(GenesysAuthError);
      expect((error as GenesysAuthError).status).toBeGreaterThanOrEqual(400);
      expect((error as GenesysAuthError).status).toBeLessThan(500);
      expectNoSecrets(error, [wrongSecret, basicCredential(clientId, wrongSecret)]);
    });

    it("a 401 that survives the refreshes: retryable GenesysTokenRejectedError after maxTokenReplays", async () => {
      running().control.injectFaults({ status: 401, times: 3, pathPrefix: "/api/v2/routing/skills" });
      const client = emulatorTarget(running()).client();
      const tokenBefore = await client.getAccessToken();
      const error = await caught(() => collect(client.routing.listSkills()));
      // A new token can still be had: never a permanent failure (issue #8.1).
      expect(error).toBeInstanceOf(GenesysTokenRejectedError);
      expect(error).toMatchObject({ status: 401, code: "bad.credentials", retryable: true });
      expect(isPermanentGenesysError(error)).toBe(false);
      const tokenAfter = await client.getAccessToken();
      // The first attempt and two replays, each with a newly minted token.
      const attempts = logOf("/api/v2/routing/skills");
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((entry) => entry.tokenId)).size).toBe(3);
      expectNoSecrets(error, [
        clientSecret,
        basicCredential(clientId, clientSecret),
        tokenBefore,
        tokenAfter,
      ]);
    });

    it("a 429", async () => {
      running().control.injectFaults({
        status: 429,
        times: 1,
        pathPrefix: "/api/v2/routing/skills",
        retryAfterSeconds: 3,
      });
      const client = emulatorTarget(running()).client();
      const token = await client.getAccessToken();
      const error = await caught(() => collect(client.routing.listSkills()));
      expect(error).toBeInstanceOf(GenesysRateLimitError);
      expectNoSecrets(error, [clientSecret, basicCredential(clientId, clientSecret), token]);
    });

    it("a network error on the API host and on the login host", async () => {
      const deadUrl = await closedPortUrl();
      const client = emulatorTarget(running()).client({
        apiBaseUrl: deadUrl,
        maxRetries: 1,
        retryBaseDelayMs: 10,
      });
      const token = await client.getAccessToken();
      const apiError = await caught(() => collect(client.routing.listSkills()));
      expect(apiError).toBeInstanceOf(GenesysNetworkError);
      expect(apiError).toMatchObject({ status: 0, retryable: true, pathTemplate: "/api/v2/routing/skills" });
      expect((apiError as Error).cause).toBeInstanceOf(Error);
      expectNoSecrets(apiError, [clientSecret, basicCredential(clientId, clientSecret), token]);

      const loginDown = emulatorTarget(running()).client({ loginBaseUrl: deadUrl, maxRetries: 0 });
      const loginError = await caught(() => loginDown.getAccessToken());
      expect(loginError).toBeInstanceOf(GenesysNetworkError);
      expect(loginError).toMatchObject({ pathTemplate: TOKEN_PATH });
      expectNoSecrets(loginError, [clientSecret, basicCredential(clientId, clientSecret)]);
    });
  });

  describe("typed methods against the real paths", () => {
    it("notifications: channel and its topics", async () => {
      const client = emulatorTarget(running()).client();
      const queue = await firstOf(client.routing.listQueues());
      if (queue === undefined) throw new Error("no queue");
      const channel = await client.notifications.createChannel();
      expect(channel.id).toBeTruthy();
      expect(channel.connectUri).toMatch(/^wss?:\/\//);

      const topic = `v2.routing.queues.${queue.id}.conversations`;
      expect((await client.notifications.putSubscriptions(channel.id, [topic])).map((t) => t.id)).toEqual([
        topic,
      ]);
      const badTopic = await caught(() => client.notifications.putSubscriptions(channel.id, ["not.a.topic"]));
      expect(badTopic).toMatchObject({ status: 400, code: "notification.invalid.topic" });
    });

    it("users: routing skills, and the routing view of one user", async () => {
      const client = emulatorTarget(running()).client();
      const queue = await firstOf(client.routing.listQueues());
      if (queue === undefined) throw new Error("no queue");
      const member = await firstOf(client.routing.listQueueMembers(queue.id));
      if (member === undefined) throw new Error("no member");
      const skills = await collect(client.users.getUserRoutingSkills(member.id, { pageSize: 1 }));
      expect(skills.length).toBeGreaterThan(0);
      const [skill] = skills;
      if (skill === undefined) throw new Error("no skill");
      expect(skill.proficiency).toBeGreaterThanOrEqual(0);
      expect(skill.proficiency).toBeLessThanOrEqual(5);

      const updated = await client.users.putUserRoutingSkill(member.id, skill.id, 4.5);
      expect(updated).toMatchObject({ id: skill.id, proficiency: 4.5 });
      const bulk = await client.users.patchUserRoutingSkillsBulk(member.id, [
        { id: skill.id, proficiency: 2 },
      ]);
      expect(bulk.find((entry) => entry.id === skill.id)?.proficiency).toBe(2);
      const reread = await collect(client.users.getUserRoutingSkills(member.id));
      expect(reread.find((entry) => entry.id === skill.id)?.proficiency).toBe(2);

      const languages =
        running()
          .control.snapshot()
          .agents.find((agent) => agent.id === member.id)?.languages ?? [];
      expect(languages.length).toBeGreaterThan(0);

      // The whole routing view of one user in one call (what a roster needs on a join).
      const user = await client.users.getUser(member.id, {
        expand: ["routingStatus", "presence", "skills", "languages"],
      });
      expect(user.id).toBe(member.id);
      expect(user.routingStatus?.status).toMatch(
        /^(IDLE|INTERACTING|OFF_QUEUE|NOT_RESPONDING|COMMUNICATING)$/,
      );
      expect(user.presence?.presenceDefinition?.systemPresence).toBeTruthy();
      expect(user.skills?.find((entry) => entry.id === skill.id)?.proficiency).toBe(2);
      expect(user.languages?.map((entry) => entry.id).sort()).toEqual(
        languages.map((entry) => entry.id).sort(),
      );
      expect((await client.users.getUser(member.id)).skills).toBeUndefined();
    });

    it("routing and conversations: re-route, assign, answer, transfer, disconnect", async () => {
      // A manual clock: nothing routes the conversation behind the test's back.
      const client = (await start({ clock: "manual" })).client();
      const snapshot = running().control.snapshot();
      const idle = new Set(
        snapshot.agents
          .filter((agent) => agent.routingStatus.status === "IDLE" && agent.conversationId === undefined)
          .map((agent) => agent.id),
      );
      const queue = snapshot.queues.find(
        (candidate) =>
          candidate.manualAssignmentEnabled && candidate.memberIds.filter((id) => idle.has(id)).length >= 2,
      );
      if (queue === undefined) throw new Error("no manual-assignment queue with two idle members");
      const [agentId, otherAgentId] = queue.memberIds.filter((id) => idle.has(id));
      if (agentId === undefined || otherAgentId === undefined) throw new Error("no idle members");
      const skill = await firstOf(client.routing.listSkills());
      if (skill === undefined) throw new Error("no skill");

      const conversationId = running().control.createConversation({
        queueId: queue.id,
        mediaType: "message",
      });
      const attributes = await client.routing.patchRoutingConversation(conversationId, {
        priority: 10,
        skillIds: [skill.id],
        requestScoredAgents: [{ id: agentId, score: 90 }],
      });
      expect(attributes.priority).toBe(10);
      expect(attributes.skills?.map((entry) => entry.id)).toEqual([skill.id]);
      expect(attributes.scoredAgents?.[0]).toMatchObject({ agent: { id: agentId }, score: 90 });
      const gone = await caught(() =>
        client.routing.patchRoutingConversation("no-such-conversation", { priority: 1 }),
      );
      expect(gone).toMatchObject({ name: "GenesysApiError", status: 404 });

      await client.conversations.assignConversation(conversationId, agentId);
      const participantsOf = () =>
        running()
          .control.snapshot()
          .conversations.find((conversation) => conversation.id === conversationId)?.participants ?? [];
      const agentParticipant = participantsOf().find((p) => p.purpose === "agent" && p.userId === agentId);
      expect(agentParticipant?.state).toBe("alerting");
      if (agentParticipant === undefined) throw new Error("no agent participant");

      await client.conversations.patchConversationParticipant(conversationId, agentParticipant.id, {
        state: "connected",
      });
      expect(participantsOf().find((p) => p.id === agentParticipant.id)?.state).toBe("connected");

      // Replace acts on the participant named: the agent's leg ends and the queue gets the conversation.
      await client.conversations.replaceParticipantWithQueue(conversationId, agentParticipant.id, {
        queueId: queue.id,
        transferType: "Unattended",
      });
      const transferred = await client.conversations.getConversation(conversationId);
      const stateOf = (participantId: string | undefined) =>
        transferred.participants?.find((p) => p.id === participantId)?.messages?.[0]?.state;
      expect(stateOf(agentParticipant.id)).toBe("disconnected");
      const customer = transferred.participants?.find((p) => p.purpose === "customer");
      expect(stateOf(customer?.id)).toBe("connected");
      const acd = transferred.participants?.filter((p) => p.purpose === "acd").at(-1);
      expect(acd).toMatchObject({ queueId: queue.id });
      expect(stateOf(acd?.id)).toBe("connected");

      await client.conversations.assignConversation(conversationId, otherAgentId);
      const other = participantsOf().find((p) => p.purpose === "agent" && p.userId === otherAgentId);
      expect(other?.state).toBe("alerting");
      if (other === undefined) throw new Error("no transfer target participant");
      await client.conversations.patchConversationParticipant(conversationId, other.id, {
        state: "connected",
      });
      await client.conversations.patchConversationParticipant(conversationId, other.id, {
        state: "disconnected",
        wrapupSkipped: true,
      });
      expect(participantsOf().find((p) => p.id === other.id)?.state).toBe("disconnected");

      const writes = running()
        .control.writeLog()
        .filter((entry) => entry.path.startsWith("/api/v2/conversations/"));
      expect(writes.map((entry) => entry.status)).toEqual([202, 202, 202, 202, 202, 202]);
      expect(writes[0]?.body).toEqual({ id: agentId });
      expect(writes[2]).toMatchObject({
        path: `/api/v2/conversations/${conversationId}/participants/${agentParticipant.id}/replace/queue`,
        body: { queueId: queue.id, transferType: "Unattended" },
      });
      expect(writes[5]?.body).toEqual({ state: "disconnected", wrapupSkipped: true });

      const notConnected = await caught(() =>
        client.conversations.replaceParticipantWithQueue(conversationId, other.id, { queueId: queue.id }),
      );
      expect(notConnected).toMatchObject({ status: 400, code: "conversations.error.transfer.not.connected" });
      const unknownQueue = await caught(() =>
        client.conversations.replaceParticipantWithQueue(conversationId, other.id, { queueName: "No such" }),
      );
      expect(unknownQueue).toMatchObject({ status: 400 });
      const noConversation = await caught(() => client.conversations.getConversation("no-such-conversation"));
      expect(noConversation).toMatchObject({ status: 404 });
    });

    it("analytics: a long interval is split into 7-day chunks and merged exactly like one query", async () => {
      // Fifteen virtual days of traffic on a manual clock, so the data spans several chunks.
      const target = await start({ clock: "manual" });
      const from = running().control.now();
      running().control.setArrivalRate(0.2);
      await running().control.advance(15 * 86_400_000);
      const interval = `${new Date(from).toISOString()}/${new Date(running().control.now()).toISOString()}`;
      const query = { interval, groupBy: ["userId"], metrics: ["tHandle", "nConnected"] };

      const seen = recorder();
      const split = await target
        .client({ onRequest: seen.onRequest })
        .analytics.queryConversationAggregates(query);
      const whole = await target
        .client({ analyticsMaxIntervalDays: 31 })
        .analytics.queryConversationAggregates(query);
      expect(
        seen.apiEvents().filter((event) => event.pathTemplate.endsWith("/aggregates/query")),
      ).toHaveLength(3);
      const aggregates = running()
        .control.requestLog()
        .filter((entry) => entry.path === "/api/v2/analytics/conversations/aggregates/query");
      expect(aggregates.map((entry) => (entry.body as { interval?: string }).interval)).toEqual([
        ...splitInterval(interval, 7),
        interval,
      ]);

      const byUser = (response: AggregateQueryResponse) =>
        new Map(
          (response.results ?? []).map((result) => [
            result.group?.userId,
            Object.fromEntries(
              (result.data ?? []).flatMap((point) => point.metrics.map((m) => [m.metric, m.stats])),
            ),
          ]),
        );
      expect((split.results ?? []).length).toBeGreaterThan(1);
      for (const result of split.results ?? []) {
        expect(result.data).toHaveLength(1);
        expect(result.data?.[0]?.interval).toBe(interval);
      }
      const splitStats = byUser(split);
      const wholeStats = byUser(whole);
      expect([...splitStats.keys()].sort()).toEqual([...wholeStats.keys()].sort());
      for (const [userId, metrics] of wholeStats) {
        const merged = splitStats.get(userId) ?? {};
        for (const [metric, stats] of Object.entries(metrics)) {
          const mergedStats = merged[metric];
          expect(mergedStats?.count).toBe(stats.count);
          if (stats.sum !== undefined) expect(mergedStats?.sum).toBeCloseTo(stats.sum, 6);
          if (stats.min !== undefined) expect(mergedStats?.min).toBe(stats.min);
          if (stats.max !== undefined) expect(mergedStats?.max).toBe(stats.max);
        }
      }
      const averages = averageHandleTimeMsByUser(split);
      expect(averages.size).toBeGreaterThan(0);
      for (const [userId, average] of averageHandleTimeMsByUser(whole)) {
        expect(averages.get(userId)).toBeCloseTo(average, 6);
      }

      const surveys = await target.client().analytics.querySurveyAggregates({
        interval,
        groupBy: ["userId"],
        metrics: ["oSurveyTotalScore"],
      });
      for (const result of surveys.results ?? []) expect(result.group?.userId).toBeTruthy();
    });
  });

  describe("analytics conversation details: what a notification gap is recovered from", () => {
    const quietCentre = async () => {
      // No arrivals and no routing of its own: only the conversations the test creates, staying put.
      const target = await start({
        contactCentre: {
          arrivalsPerMinute: 0,
          routingDelayMs: 600_000,
          meanAnswerDelayMs: 600_000,
          meanPatienceMs: 0,
        },
      });
      const [queue] = running().control.snapshot().queues;
      if (queue === undefined) throw new Error("no queue");
      return { client: target.client(), queue };
    };
    const stillGoingOn = (queueId: string) => ({
      interval: `${new Date(Date.now() - 3_600_000).toISOString()}/${new Date(Date.now() + 60_000).toISOString()}`,
      order: "asc" as const,
      orderBy: "conversationStart" as const,
      segmentFilters: [{ type: "and" as const, predicates: [{ dimension: "queueId", value: queueId }] }],
      conversationFilters: [
        {
          type: "and" as const,
          predicates: [{ dimension: "conversationEnd", operator: "notExists" as const }],
        },
      ],
    });

    it("lists a queue's waiting and alerting conversations, paged, each once; an ended one is left out", async () => {
      const { client, queue } = await quietCentre();
      const control = running().control;
      const waiting = Array.from({ length: 4 }, () =>
        control.createConversation({ queueId: queue.id, mediaType: "call" }),
      );
      const offered = control.createConversation({ queueId: queue.id, mediaType: "message" });
      const agent = control
        .snapshot()
        .agents.find(
          (candidate) => candidate.queueIds.includes(queue.id) && candidate.routingStatus.status === "IDLE",
        );
      if (agent === undefined) throw new Error("no idle agent");
      await client.conversations.assignConversation(offered, agent.id);
      const ended = control.createConversation({ queueId: queue.id });
      const customer = control
        .snapshot()
        .conversations.find((conversation) => conversation.id === ended)
        ?.participants.find((participant) => participant.purpose === "customer");
      if (customer === undefined) throw new Error("no customer");
      await client.conversations.patchConversationParticipant(ended, customer.id, { state: "disconnected" });
      control.clearLogs();

      const listed = await collect(
        client.analytics.listConversationDetails(stillGoingOn(queue.id), { pageSize: 2 }),
      );

      expect(listed.map((conversation) => conversation.conversationId).sort()).toEqual(
        [...waiting, offered].sort(),
      );
      // 5 hits in pages of 2: three requests, each a POST with the page in the body.
      expect(logOf("/api/v2/analytics/conversations/details/query")).toHaveLength(3);
      const offeredDetail = listed.find((conversation) => conversation.conversationId === offered);
      const alert = offeredDetail?.participants
        ?.find((participant) => participant.purpose === "agent")
        ?.sessions?.[0]?.segments?.find((segment) => segment.segmentType === "alert");
      expect(alert).toMatchObject({ queueId: queue.id });
      expect(alert?.segmentEnd).toBeUndefined();
      const acdSession = listed
        .find((conversation) => conversation.conversationId === waiting[0])
        ?.participants?.find((participant) => participant.purpose === "acd")?.sessions?.[0];
      expect(acdSession?.mediaType).toBe("voice");
      expect(acdSession?.segments?.[0]).toMatchObject({ segmentType: "interact", queueId: queue.id });
    });

    describe("a conversation that ends while the pages are read", () => {
      // Five waiting conversations in pages of two. The first one ends once the first page is read: Genesys
      // pages by number, so the third moves onto page one (already read) and page two starts at the fourth.
      const endFirstAfterPageOne = async (live: boolean) => {
        const { client, queue } = await quietCentre();
        const control = running().control;
        const created = Array.from({ length: 5 }, () =>
          control.createConversation({ queueId: queue.id, mediaType: "call" }),
        );
        control.clearLogs();
        const listing = client.analytics.listConversationDetails(stillGoingOn(queue.id), {
          pageSize: 2,
          live,
        });
        const listed: string[] = [];
        for await (const conversation of listing) {
          listed.push(conversation.conversationId);
          if (listed.length !== 2) continue;
          const first = listed[0] ?? "";
          const customer = control
            .snapshot()
            .conversations.find((conversation) => conversation.id === first)
            ?.participants.find((participant) => participant.purpose === "customer");
          if (customer === undefined) throw new Error("no customer");
          await client.conversations.patchConversationParticipant(first, customer.id, {
            state: "disconnected",
          });
        }
        return { created, listed, requests: logOf("/api/v2/analytics/conversations/details/query").length };
      };

      it("a one-pass listing misses the conversation that moved onto the page already read", async () => {
        const { created, listed, requests } = await endFirstAfterPageOne(false);

        expect(listed).toHaveLength(4);
        expect(created.filter((id) => !listed.includes(id))).toHaveLength(1);
        expect(requests).toBe(2);
      });

      it("a live listing reads again until a pass adds nothing: every conversation, each once", async () => {
        const { created, listed, requests } = await endFirstAfterPageOne(true);

        expect([...listed].sort()).toEqual([...created].sort());
        expect(new Set(listed).size).toBe(listed.length);
        // Pass one: 2 pages (4 left, the second page full and the last). Pass two: 2 pages, finds the missed
        // one. Pass three: 2 pages, nothing new.
        expect(requests).toBe(6);
      });

      it("a live listing of one page is one request", async () => {
        const { client, queue } = await quietCentre();
        running().control.createConversation({ queueId: queue.id, mediaType: "call" });
        running().control.clearLogs();

        const listed = await collect(
          client.analytics.listConversationDetails(stillGoingOn(queue.id), { pageSize: 2, live: true }),
        );

        expect(listed).toHaveLength(1);
        expect(logOf("/api/v2/analytics/conversations/details/query")).toHaveLength(1);
      });
    });

    it("one page: conversations and totalHits as sent; an empty page has no conversations", async () => {
      const { client, queue } = await quietCentre();
      const created = running().control.createConversation({ queueId: queue.id });

      const first = await client.analytics.queryConversationDetails({
        ...stillGoingOn(queue.id),
        paging: { pageSize: 25, pageNumber: 1 },
      });
      const beyond = await client.analytics.queryConversationDetails({
        ...stillGoingOn(queue.id),
        paging: { pageSize: 25, pageNumber: 2 },
      });

      expect(first.totalHits).toBe(1);
      expect(first.conversations?.map((conversation) => conversation.conversationId)).toEqual([created]);
      expect(beyond.conversations ?? []).toEqual([]);
    });

    it("a filter the server refuses is a permanent 400 naming the field", async () => {
      const { client } = await quietCentre();
      const error = await caught(() =>
        client.analytics.queryConversationDetails({
          interval: "2025-01-06T00:00:00Z/2025-01-07T00:00:00Z",
          segmentFilters: [{ type: "and", predicates: [{ dimension: "noSuchDimension", value: "x" }] }],
        }),
      );
      expect(error).toBeInstanceOf(GenesysApiError);
      expect(error).toMatchObject({
        status: 400,
        pathTemplate: "/api/v2/analytics/conversations/details/query",
      });
      expect((error as GenesysApiError).details.map((detail) => detail.fieldName)).toContain(
        "segmentFilters[0].predicates[0].dimension",
      );
    });
  });
});

// --- real org ----------------------------------------------------------------------------------------

describe.skipIf(realOrg === undefined)("genesys-client contract: real org", () => {
  const target = (): Target => ({
    name: "real org",
    client: (overrides = {}) => {
      if (realOrg === undefined) throw new Error("real org not configured");
      return createGenesysClient({ ...realOrg, ...overrides });
    },
    requestLog: undefined,
    memberIdsOf: undefined,
  });
  definePortableCases(target);
});
