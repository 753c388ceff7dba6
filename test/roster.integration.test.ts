/**
 * The live roster end to end, in process: real ingesters and a real worker app (wired as their main.ts
 * wire them) on an isolated Redis prefix, against a private emulator. The roster is seeded at start, kept
 * live by notifications alone, marked stale by a socket gap and repaired by the seed that follows, and two
 * ingesters writing one roster at once leave the roster one ingester leaves.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createIngester, type Ingester } from "../apps/ingester/src/ingester.js";
import { QUEUE_CONNECTION_OPTIONS } from "../apps/ingester/src/redis-connections.js";
import { closeWorkerDependencies, createWorkerDependencies } from "../apps/worker/src/dependencies.js";
import { parseWorkerEnv } from "../apps/worker/src/env.js";
import { createWorkerApp } from "../apps/worker/src/worker-app.js";
import type { RunningEmulator } from "../packages/genesys-emulator/src/index.js";
import {
  createRosterStore,
  type QueueRoster,
  type RosterStore,
  rosterKeyPrefix,
} from "../packages/roster/src/index.js";
import {
  createGenesysRuntime,
  createLogger,
  createMetricsRegistry,
  EMULATOR_DEFAULTS,
} from "../packages/service-kit/src/index.js";
import {
  createIsolatedRedis,
  type IsolatedRedis,
  startTestEmulator,
} from "../packages/test-utils/src/index.js";

const TIMEOUT_MS = 20_000;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface System {
  readonly emulator: RunningEmulator;
  readonly redis: IsolatedRedis;
}

async function system(): Promise<System> {
  const emulator = await startTestEmulator({
    clock: "manual",
    contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 },
  });
  cleanups.push(() => emulator.close());
  const redis = await createIsolatedRedis();
  cleanups.push(() => redis.cleanup());
  return { emulator, redis };
}

/** A worker app on `prefix`, as main.ts runs it. */
async function startWorker({ emulator }: System, prefix: string): Promise<void> {
  const dependencies = createWorkerDependencies(
    parseWorkerEnv({
      BULLMQ_PREFIX: prefix,
      GENESYS_API_BASE_URL: emulator.apiBaseUrl,
      GENESYS_LOGIN_BASE_URL: emulator.loginBaseUrl,
      LOG_LEVEL: "silent",
      WORKER_METRICS_PORT: "0",
      WORKER_METRICS_HOST: "127.0.0.1",
    }),
  );
  const app = createWorkerApp(dependencies);
  cleanups.push(async () => {
    await app.close();
    await closeWorkerDependencies(dependencies);
  });
  await app.start();
}

/** An ingester with the roster on, on `prefix`, as main.ts runs it (INGESTER_REPLICAS = `replicas`). */
async function startIngester({ emulator, redis }: System, prefix: string, replicas = 1): Promise<Ingester> {
  const genesysConnection = redis.newConnection();
  const queueConnection = redis.newConnection(QUEUE_CONNECTION_OPTIONS);
  const runtime = createGenesysRuntime({
    target: {
      kind: "emulator",
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    },
    redis: genesysConnection,
    keyPrefix: prefix,
    rateLimit: { limit: 1_000, windowMs: 60_000 },
  });
  const ingester = createIngester({
    genesys: runtime.client,
    queueConnection,
    bullmqPrefix: prefix,
    logger: createLogger({ service: "ingester", level: "silent" }),
    registry: createMetricsRegistry("ingester"),
    webhookSecret: "roster-test-webhook-secret-0123456789abcdef",
    port: 0,
    host: "127.0.0.1",
    stream: { reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 500 },
    roster: {
      store: createRosterStore(queueConnection, { keyPrefix: rosterKeyPrefix(prefix) }),
      replicas,
      tuning: { membershipPollMs: 100 },
    },
  });
  cleanups.push(async () => {
    await ingester.close();
    await Promise.all([genesysConnection.quit(), queueConnection.quit()]);
  });
  await ingester.start();
  return ingester;
}

/** Keys of deployments beside the fixture's own prefix (which it deletes itself). */
async function deleteKeys(redis: IsolatedRedis, prefixes: readonly string[]): Promise<void> {
  const connection = redis.newConnection();
  try {
    for (const prefix of prefixes) {
      let cursor = "0";
      do {
        const [next, keys] = await connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) await connection.unlink(...keys);
      } while (cursor !== "0");
    }
  } finally {
    await connection.quit();
  }
}

const storeFor = (redis: IsolatedRedis, prefix: string): RosterStore =>
  createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(prefix) });

/** What decisions read, without the change counter and our own clocks' times (they differ between runs). */
function contents(roster: QueueRoster) {
  return [...roster.members]
    .map((member) => ({
      id: member.id,
      joined: member.joined,
      routingStatus: member.routingStatus,
      presence: member.presence,
      skills: member.skills,
      languages: member.languages,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function agentOf(emulator: RunningEmulator, userId: string) {
  const agent = emulator.control.snapshot().agents.find((candidate) => candidate.id === userId);
  if (agent === undefined) throw new Error(`no agent ${userId}`);
  return agent;
}

/** Every followed queue confirmed, not stale, every member as the emulator has it, and it stays so a while. */
async function settled(sys: System, store: RosterStore): Promise<QueueRoster[]> {
  let agreed = 0;
  return until("the roster to match the emulator", async () => {
    const rosters = await matching(sys, store);
    // Longer than the ingester's membership poll: a seed it is about to ask for would show by then.
    agreed = rosters === undefined ? 0 : agreed + 1;
    if (agreed < 4) await sleep(100);
    return agreed >= 4 ? rosters : undefined;
  });
}

async function matching({ emulator }: System, store: RosterStore): Promise<QueueRoster[] | undefined> {
  const snapshot = emulator.control.snapshot();
  const rosters = await Promise.all(snapshot.queues.map((queue) => store.readQueueRoster(queue.id)));
  for (const roster of rosters) {
    const queue = snapshot.queues.find((candidate) => candidate.id === roster.queueId);
    const joined = roster.members
      .filter((member) => member.joined)
      .map((member) => member.id)
      .sort();
    if (roster.stale || JSON.stringify(joined) !== JSON.stringify([...(queue?.memberIds ?? [])].sort())) {
      return undefined;
    }
    for (const member of roster.members.filter((candidate) => candidate.joined)) {
      const agent = agentOf(emulator, member.id);
      if (
        member.presence?.systemPresence !== agent.presence.systemPresence ||
        member.routingStatus?.status !== agent.routingStatus.status
      ) {
        return undefined;
      }
    }
  }
  return rosters;
}

describe("live roster, end to end", () => {
  it("is seeded at start, then kept live by events: presence, status and membership at no REST cost but one read per join", async () => {
    const sys = await system();
    const { emulator, redis } = sys;
    await startWorker(sys, redis.prefix);
    await startIngester(sys, redis.prefix);
    const store = storeFor(redis, redis.prefix);
    await settled(sys, store);

    const snapshot = emulator.control.snapshot();
    const [queue] = snapshot.queues;
    const member = snapshot.agents.find((agent) => queue?.memberIds.includes(agent.id));
    const outsider = snapshot.agents.find((agent) => !queue?.memberIds.includes(agent.id));
    if (queue === undefined || member === undefined || outsider === undefined) throw new Error("no fixture");
    emulator.control.clearLogs();

    emulator.control.setPresence(member.id, "Away");
    await settled(sys, store);
    expect(emulator.control.requestLog().filter((entry) => entry.path.startsWith("/api/"))).toEqual([]);

    emulator.control.setQueueMembership(outsider.id, queue.id, true);
    const joinedRoster = await settled(sys, store);
    const joined = joinedRoster
      .find((roster) => roster.queueId === queue.id)
      ?.members.find((candidate) => candidate.id === outsider.id);
    expect(joined).toMatchObject({ joined: true, skillsExpired: false });
    // The join's one read; nothing else.
    await until("the member read", async () =>
      emulator.control.requestLog().some((entry) => entry.path === `/api/v2/users/${outsider.id}`)
        ? true
        : undefined,
    );
    // Its activity is subscribed now: a presence change arrives as an event.
    emulator.control.setPresence(outsider.id, "Break");
    emulator.control.setQueueMembership(member.id, queue.id, false);
    await settled(sys, store);
    expect(
      emulator.control
        .requestLog()
        .filter((entry) => entry.path.startsWith("/api/"))
        .map((entry) => `${entry.method} ${entry.path}`),
    ).toEqual([`GET /api/v2/users/${outsider.id}`]);
  });

  it("a socket gap marks the roster stale; the seed begun after it repairs what the gap hid", async () => {
    const sys = await system();
    const { emulator, redis } = sys;
    await startWorker(sys, redis.prefix);
    await startIngester(sys, redis.prefix);
    const store = storeFor(redis, redis.prefix);
    await settled(sys, store);
    const member = emulator.control.snapshot().agents.find((agent) => agent.queueIds.length > 0);
    if (member === undefined) throw new Error("no member");

    emulator.control.dropSockets();
    // Published while no socket is connected: Genesys never sends it again.
    emulator.control.setPresence(member.id, "Meal");
    const queueId = member.queueIds[0] ?? "";
    const marked = await until("the stale mark", async () => {
      const roster = await store.readQueueRoster(queueId);
      return roster.staleUntilMs === null ? undefined : roster;
    });
    expect(marked.staleUntilMs).toBeGreaterThan(0);
    const repaired = await settled(sys, store);
    expect(
      repaired.find((roster) => roster.queueId === queueId)?.members.find((m) => m.id === member.id)
        ?.presence,
    ).toMatchObject({ systemPresence: "Meal" });
  });

  it("two ingesters writing one roster at once leave the roster one ingester leaves", async () => {
    const sys = await system();
    const { emulator, redis } = sys;
    // Two deployments on one emulator: every ingester of both sees the same events.
    const alone = `${redis.prefix}-alone`;
    const pair = `${redis.prefix}-pair`;
    cleanups.push(() => deleteKeys(redis, [alone, pair]));
    await startWorker(sys, alone);
    await startWorker(sys, pair);
    await startIngester(sys, alone);
    await Promise.all([startIngester(sys, pair, 2), startIngester(sys, pair, 2)]);
    const [storeAlone, storePair] = [storeFor(redis, alone), storeFor(redis, pair)];
    await Promise.all([settled(sys, storeAlone), settled(sys, storePair)]);

    // A burst of changes every ingester sees at once.
    const snapshot = emulator.control.snapshot();
    const presences = ["Away", "On Queue", "Busy", "On Queue", "Break"];
    snapshot.agents.slice(0, 8).forEach((agent, index) => {
      emulator.control.setPresence(agent.id, presences[index % presences.length] ?? "Away");
    });
    const [queue] = snapshot.queues;
    const outsider = snapshot.agents.find((agent) => !queue?.memberIds.includes(agent.id));
    if (queue !== undefined && outsider !== undefined)
      emulator.control.setQueueMembership(outsider.id, queue.id, true);
    await emulator.control.advance(1_000);

    const [one, two] = await Promise.all([settled(sys, storeAlone), settled(sys, storePair)]);
    expect(two.map(contents)).toEqual(one.map(contents));
  });
});
