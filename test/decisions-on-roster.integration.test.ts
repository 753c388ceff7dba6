/**
 * Acceptance of issues #7 (one Genesys call per decision) and #8 (correct on real-shaped Genesys), end to end
 * and in process: a private emulator on a real clock, real ingesters and a real worker app (wired as their
 * main.ts wire them) on an isolated Redis prefix. Conversations arrive; a few are offered by hand to an agent
 * without the queue's skill (manual assignment ignores skills), as a supervisor or Genesys' own fallback
 * would; agents change presence on the activity topic meanwhile; every conversation event is published
 * twice. Every Genesys call is counted at the emulator (its request log).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createIngester } from "../apps/ingester/src/ingester.js";
import { QUEUE_CONNECTION_OPTIONS } from "../apps/ingester/src/redis-connections.js";
import { closeWorkerDependencies, createWorkerDependencies } from "../apps/worker/src/dependencies.js";
import { parseWorkerEnv } from "../apps/worker/src/env.js";
import { createWorkerApp } from "../apps/worker/src/worker-app.js";
import {
  DEFAULT_EMULATOR_CREDENTIALS,
  type EmulatorOptions,
  type RunningEmulator,
} from "../packages/genesys-emulator/src/index.js";
import { QUEUES } from "../packages/jobs/src/index.js";
import { createRosterStore, rosterKeyPrefix } from "../packages/roster/src/index.js";
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

/** Core's default assignment threshold 0.75 on the 0–5 scale. */
const PASSING_PROFICIENCY = 3.75;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

interface Scenario {
  readonly name: string;
  readonly agents: number;
  readonly emulator: EmulatorOptions;
  /** GENESYS_RATE_LIMIT of the worker and the ingester (one budget, shared in Redis). */
  readonly rateLimit: number;
  readonly arrivalsPerMinute: number;
  readonly trafficMs: number;
  /** Every n-th conversation is offered by hand to an unqualified agent. */
  readonly unqualifiedEvery: number;
  /** Agents sent Away (and back On Queue a second later) every second. */
  readonly presenceChangesPerSecond: number;
}

interface Figures {
  readonly conversations: number;
  readonly callsPerConversationSecondHalf: number;
  readonly decisionCallsPerConversationSecondHalf: number;
  readonly callsSecondHalf: Readonly<Record<string, number>>;
  readonly unqualifiedOffers: number;
  readonly rescored: number;
  readonly responses429: number;
  /** Requests answered 401 (an expired token). */
  readonly responses401: readonly string[];
  readonly failedJobs: readonly string[];
  readonly outcomes: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
}

async function startSystem(scenario: Scenario) {
  const emulator = await startTestEmulator({
    ...scenario.emulator,
    contactCentre: {
      queueCount: 1,
      agentCount: scenario.agents,
      arrivalsPerMinute: 0,
      meanPatienceMs: 0,
      duplicateConversationEvents: true,
      ...scenario.emulator.contactCentre,
    },
  });
  cleanups.push(() => emulator.close());
  const redis = await createIsolatedRedis();
  cleanups.push(() => redis.cleanup());
  const prefix = redis.prefix;

  const dependencies = createWorkerDependencies(
    parseWorkerEnv({
      BULLMQ_PREFIX: prefix,
      GENESYS_API_BASE_URL: emulator.apiBaseUrl,
      GENESYS_LOGIN_BASE_URL: emulator.loginBaseUrl,
      GENESYS_RATE_LIMIT: String(scenario.rateLimit),
      LOG_LEVEL: "silent",
      WORKER_METRICS_PORT: "0",
      WORKER_METRICS_HOST: "127.0.0.1",
    }),
  );
  const worker = createWorkerApp(dependencies);
  cleanups.push(async () => {
    await worker.close();
    await closeWorkerDependencies(dependencies);
  });

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
    rateLimit: { limit: scenario.rateLimit, windowMs: 60_000 },
  });
  const ingester = createIngester({
    genesys: runtime.client,
    queueConnection,
    bullmqPrefix: prefix,
    logger: createLogger({ service: "ingester", level: "silent" }),
    registry: createMetricsRegistry("ingester"),
    webhookSecret: "acceptance-test-webhook-secret-0123456789abcdef",
    port: 0,
    host: "127.0.0.1",
    roster: {
      store: createRosterStore(queueConnection, { keyPrefix: rosterKeyPrefix(prefix) }),
      replicas: 1,
    },
  });
  cleanups.push(async () => {
    await ingester.close();
    await Promise.all([genesysConnection.quit(), queueConnection.quit()]);
  });
  await worker.start();
  await ingester.start();
  return { emulator, redis };
}

/** A token of the test's own (its one manual assignment per unqualified offer is not the system's call). */
async function testToken(emulator: RunningEmulator): Promise<string> {
  const { clientId, clientSecret } = DEFAULT_EMULATOR_CREDENTIALS;
  const response = await fetch(`${emulator.loginBaseUrl}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function proficiency(
  agent: ReturnType<RunningEmulator["control"]["snapshot"]>["agents"][number],
  skillId: string,
) {
  return agent.skills.find((skill) => skill.id === skillId && skill.state === "active")?.proficiency ?? 0;
}

/** BullMQ's keys of a queue, read directly (the root has no BullMQ of its own). */
const queueKey = (redis: IsolatedRedis, queue: string, key: string) => `${redis.prefix}:${queue}:${key}`;

async function drained(redis: IsolatedRedis, queue: string): Promise<true | undefined> {
  const r = redis.connection;
  const counts = await Promise.all([
    r.llen(queueKey(redis, queue, "wait")),
    r.llen(queueKey(redis, queue, "active")),
    r.llen(queueKey(redis, queue, "paused")),
    r.zcard(queueKey(redis, queue, "delayed")),
    r.zcard(queueKey(redis, queue, "prioritized")),
  ]);
  return counts.every((count) => count === 0) ? true : undefined;
}

interface StoredJob {
  readonly name: string;
  readonly data: unknown;
  readonly returnvalue: unknown;
  readonly failedReason: string | undefined;
}

async function jobsIn(
  redis: IsolatedRedis,
  queue: string,
  state: "completed" | "failed",
): Promise<StoredJob[]> {
  const ids = await redis.connection.zrange(queueKey(redis, queue, state), 0, -1);
  const jobs: StoredJob[] = [];
  for (const id of ids) {
    const fields = await redis.connection.hgetall(queueKey(redis, queue, id));
    jobs.push({
      name: fields.name ?? "",
      data: JSON.parse(fields.data ?? "null"),
      returnvalue: JSON.parse(fields.returnvalue ?? "null"),
      failedReason: fields.failedReason,
    });
  }
  return jobs;
}

interface Outcome {
  readonly status: string;
  readonly followUp?: string;
  readonly scoredAgents?: number;
  readonly topAgentId?: string | null;
}

async function runScenario(scenario: Scenario): Promise<Figures> {
  const { emulator, redis } = await startSystem(scenario);
  const [queue] = emulator.control.snapshot().queues;
  if (queue === undefined) throw new Error("no queue");
  const store = createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
  await until(
    "the roster seeded by the ingester",
    async () => {
      const roster = await store.readQueueRoster(queue.id);
      return !roster.stale && roster.members.length === scenario.agents ? true : undefined;
    },
    60_000,
  );

  const created: { id: string; at: number }[] = [];
  const forced = new Map<string, string>();
  const away: string[] = [];
  const startedAt = emulator.control.now();
  const endAt = startedAt + scenario.trafficMs;
  const arrivalEveryMs = 60_000 / scenario.arrivalsPerMinute;
  let nextPresenceAt = startedAt;
  while (emulator.control.now() < endAt) {
    const now = emulator.control.now();
    const id = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
    });
    created.push({ id, at: now });
    const snapshot = emulator.control.snapshot();
    const idle = snapshot.agents.filter(
      (agent) =>
        agent.routingStatus.status === "IDLE" &&
        agent.presence.systemPresence === "On Queue" &&
        agent.conversationId === undefined &&
        !away.includes(agent.id),
    );
    if (created.length % scenario.unqualifiedEvery === 0) {
      const unqualified = idle.find(
        (agent) => proficiency(agent, queue.primarySkillId) < PASSING_PROFICIENCY,
      );
      if (unqualified !== undefined) {
        const response = await fetch(`${emulator.apiBaseUrl}/api/v2/conversations/${id}/assign`, {
          method: "POST",
          // A fresh token each time: the scenario's tokens may live 45 s.
          headers: {
            authorization: `Bearer ${await testToken(emulator)}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ id: unqualified.id }),
        });
        // Too late when our own decision got it offered first: then it is not an unqualified offer.
        if (response.status === 202) forced.set(id, unqualified.id);
      }
    }
    if (now >= nextPresenceAt) {
      nextPresenceAt = now + 1_000;
      for (const userId of away.splice(0)) emulator.control.setPresence(userId, "On Queue");
      for (const agent of idle.slice(-scenario.presenceChangesPerSecond)) {
        emulator.control.setPresence(agent.id, "Away");
        away.push(agent.id);
      }
    }
    await sleep(Math.max(0, now + arrivalEveryMs - emulator.control.now()));
  }
  for (const userId of away.splice(0)) emulator.control.setPresence(userId, "On Queue");

  // Every decision the traffic asked for has run (the last offers are checked a moment after they alert).
  await sleep(3_000);
  await until("the decisions to drain", () => drained(redis, QUEUES.decisions), 90_000);

  const jobs = await jobsIn(redis, QUEUES.decisions, "completed");
  const failed = [
    ...(await jobsIn(redis, QUEUES.decisions, "failed")),
    ...(await jobsIn(redis, QUEUES.maintenance, "failed")),
  ];
  const outcomes = jobs.map((job) => ({
    name: job.name,
    data: job.data as { conversationId: string; userId?: string; round: number },
    outcome: job.returnvalue as Outcome,
  }));
  const patches = emulator.control
    .writeLog()
    .filter((entry) => entry.method === "PATCH" && entry.path.startsWith("/api/v2/routing/conversations/"))
    .map((entry) => ({
      conversationId: entry.path.split("/").at(-1) ?? "",
      ids: (entry.body as { requestScoredAgents?: { id: string }[] }).requestScoredAgents?.map((a) => a.id),
    }));

  // #7/#8: every conversation decided once per round (a round > 0 follows an offer that ended unanswered),
  // and sent at most one scoring per round; every unqualified offer rejected and re-scored once, without the
  // agent; no other write. Collected first, so that the figures print even when one fails.
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  const conversationsNow = emulator.control.snapshot().conversations;
  for (const [index, { id, at }] of created.entries()) {
    const scores = outcomes.filter((o) => o.name === "conversation.score" && o.data.conversationId === id);
    for (const score of scores) {
      const key = `${score.name}:${score.outcome.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const rounds = scores.map((o) => o.data.round);
    if (!rounds.includes(0)) {
      const offers = conversationsNow.find((c) => c.id === id)?.offers.map((o) => `${o.reason}/${o.outcome}`);
      problems.push(
        `conversation #${index} ${id} (at +${at - startedAt} ms, offers ${offers?.join(",")}, ` +
          `${forced.has(id) ? "" : "not "}offered by hand) was never scored`,
      );
    }
    if (rounds.length !== new Set(rounds).size) problems.push(`conversation ${id} scored twice in a round`);
  }
  let rescored = 0;
  for (const [conversationId, userId] of forced) {
    const checks = outcomes.filter(
      (o) =>
        o.name === "assignment.check" && o.data.conversationId === conversationId && o.data.userId === userId,
    );
    const [check] = checks;
    if (checks.length !== 1 || check?.outcome.status !== "rejected") {
      problems.push(
        `offer of ${conversationId} to ${userId}: ${JSON.stringify(checks.map((c) => c.outcome))}`,
      );
      continue;
    }
    if (check.outcome.followUp !== "rescore") continue;
    const rescore = patches.filter(
      (patch) =>
        patch.conversationId === conversationId &&
        patch.ids?.[0] === check.outcome.topAgentId &&
        patch.ids?.length === check.outcome.scoredAgents,
    );
    if (rescore.length === 0) problems.push(`offer of ${conversationId}: no re-score sent`);
    if (rescore.some((patch) => patch.ids?.includes(userId))) {
      problems.push(`offer of ${conversationId}: re-scored with the rejected agent`);
    }
    rescored += 1;
  }
  for (const o of outcomes.filter((o) => o.name === "assignment.check")) {
    const key = `${o.name}:${o.outcome.status}${o.outcome.followUp ? `:${o.outcome.followUp}` : ""}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const expectedWrites = outcomes.filter(
    (o) =>
      (o.name === "conversation.score" && o.outcome.status === "scored") ||
      (o.name === "assignment.check" &&
        o.outcome.followUp === "rescore" &&
        o.outcome.scoredAgents !== undefined),
  ).length;
  if (patches.length !== expectedWrites) {
    problems.push(`${patches.length} PATCHes for ${expectedWrites} scorings and re-scores`);
  }

  const halfAt = startedAt + scenario.trafficMs / 2;
  const secondHalf = emulator.control
    .requestLog()
    .filter((entry) => entry.at >= halfAt && entry.at < endAt && entry.path.startsWith("/api/"))
    .filter((entry) => !entry.path.endsWith("/assign"));
  const byKind: Record<string, number> = {};
  for (const entry of secondHalf) {
    const kind = `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, "{id}")}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const arrivedSecondHalf = created.filter((c) => c.at >= halfAt).length;
  const decisionCalls = secondHalf.filter((e) => e.path.startsWith("/api/v2/routing/conversations/")).length;
  const log = emulator.control.requestLog();
  return {
    conversations: created.length,
    callsPerConversationSecondHalf: secondHalf.length / arrivedSecondHalf,
    decisionCallsPerConversationSecondHalf: decisionCalls / arrivedSecondHalf,
    callsSecondHalf: byKind,
    unqualifiedOffers: forced.size,
    rescored,
    responses429: log.filter((entry) => entry.status === 429).length,
    responses401: log
      .filter((entry) => entry.status === 401)
      .map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, "{id}")}`),
    failedJobs: failed.map((job) => `${job.name}: ${job.failedReason}`),
    outcomes: statuses,
    problems,
  };
}

function report(name: string, figures: Figures): void {
  // The measured figures, for the record (issue #7/#8 acceptance): printed with the test output.
  process.stdout.write(`\n[${name}] ${JSON.stringify(figures, null, 2)}\n`);
}

describe("decisions on the live roster, end to end", () => {
  it("#7: a 1,000-agent queue at 300 requests/min, duplicated events, agents changing status: <= 1.2 calls per conversation", async () => {
    const figures = await runScenario({
      name: "issue-7",
      agents: 1_000,
      emulator: { rateLimit: { limit: 300, windowMs: 60_000 } },
      rateLimit: 300,
      arrivalsPerMinute: 180,
      trafficMs: 60_000,
      unqualifiedEvery: 30,
      presenceChangesPerSecond: 5,
    });
    report("issue-7", figures);
    expect(figures.problems).toEqual([]);
    expect(figures.unqualifiedOffers).toBeGreaterThan(0);
    expect(figures.callsPerConversationSecondHalf).toBeLessThanOrEqual(1.2);
    expect(figures.responses429).toBe(0);
    expect(figures.failedJobs).toEqual([]);
  }, 240_000);

  it("#8: 30 agents, 45 s tokens, 60/min at the emulator and in our budget, real-shaped legs: no 429, no job failed by a 401", async () => {
    const figures = await runScenario({
      name: "issue-8",
      agents: 30,
      emulator: {
        rateLimit: { limit: 60, windowMs: 60_000 },
        tokenLifetimeSeconds: 45,
        // Every 45 s the token expires. Genesys documents no socket close for that (the emulator keeps the
        // channels), but should a socket go, events published until the ingester reconnects are gone and gap
        // recovery (analytics, seconds behind) must find the conversations still waiting. 10 s before the
        // emulator routes without us leaves it the time.
        contactCentre: { meanHandleTimeMs: 20_000, wrapUpMs: 2_000, routingDelayMs: 10_000 },
      },
      rateLimit: 60,
      arrivalsPerMinute: 20,
      trafficMs: 90_000,
      unqualifiedEvery: 5,
      presenceChangesPerSecond: 1,
    });
    report("issue-8", figures);
    expect(figures.problems).toEqual([]);
    expect(figures.unqualifiedOffers).toBeGreaterThan(0);
    expect(figures.responses429).toBe(0);
    expect(figures.responses401).toEqual([]);
    expect(figures.failedJobs.filter((reason) => reason.includes("401"))).toEqual([]);
    expect(figures.failedJobs).toEqual([]);
  }, 240_000);
});
