/**
 * The decision log end to end, in process: a real worker app decides against a private emulator and writes
 * its records; a real dashboard on the same Redis prefix serves them (and shadow mode's comparisons) from
 * its API, behind its auth.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createDashboard } from "../apps/dashboard/src/dashboard.js";
import { closeWorkerDependencies, createWorkerDependencies } from "../apps/worker/src/dependencies.js";
import { parseWorkerEnv } from "../apps/worker/src/env.js";
import { createWorkerApp } from "../apps/worker/src/worker-app.js";
import type { DecisionRecord } from "../packages/decision-log/src/index.js";
import type { RunningEmulator } from "../packages/genesys-emulator/src/index.js";
import { createLogger } from "../packages/service-kit/src/index.js";
import {
  createIsolatedRedis,
  type IsolatedRedis,
  startTestEmulator,
} from "../packages/test-utils/src/index.js";

const CREDENTIALS = { username: "qa-ops", password: "correct-horse-battery-staple" };
const AUTHORIZATION = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function system(env: (queueId: string) => Record<string, string> = () => ({})) {
  const emulator: RunningEmulator = await startTestEmulator({
    clock: "manual",
    clockStartMs: Date.now(),
    contactCentre: { arrivalsPerMinute: 0 },
  });
  cleanups.push(() => emulator.close());
  const queue = emulator.control.snapshot().queues[0];
  if (queue === undefined) throw new Error("the emulator has no queue");
  const redis: IsolatedRedis = await createIsolatedRedis();
  cleanups.push(() => redis.cleanup());
  const dependencies = createWorkerDependencies(
    parseWorkerEnv({
      BULLMQ_PREFIX: redis.prefix,
      GENESYS_API_BASE_URL: emulator.apiBaseUrl,
      GENESYS_LOGIN_BASE_URL: emulator.loginBaseUrl,
      LOG_LEVEL: "silent",
      WORKER_METRICS_PORT: "0",
      WORKER_METRICS_HOST: "127.0.0.1",
      ...env(queue.id),
    }),
  );
  const worker = createWorkerApp(dependencies, { nowMs: () => emulator.control.now() });
  cleanups.push(() => closeWorkerDependencies(dependencies));
  cleanups.push(() => worker.close());
  await worker.start();
  const dashboard = createDashboard({
    connection: redis.connection,
    prefix: redis.prefix,
    credentials: CREDENTIALS,
    logger: createLogger({ service: "dashboard", level: "silent" }),
    simulations: { maxInteractions: 1_000, concurrency: 1, maxBodyBytes: 1_024 * 1_024, ttlSeconds: 600 },
  });
  const { url } = await dashboard.listen(0, "127.0.0.1");
  cleanups.push(() => dashboard.close());
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: AUTHORIZATION } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Enqueued through the dashboard (POST /api/jobs/:name); resolves once its decision is in the log. */
  const run = async (
    name: string,
    payload: { readonly conversationId: string } & Record<string, unknown>,
    records: number,
  ) => {
    const response = await fetch(`${url}/api/jobs/${name}`, {
      method: "POST",
      headers: { authorization: AUTHORIZATION, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(202);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await get(`/api/conversations/${payload.conversationId}/decisions`);
      const decisions = body.decisions as DecisionRecord[];
      if (decisions.length >= records) return decisions;
      if (Date.now() > deadline) throw new Error(`${name} logged no decision`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { emulator, get, run, queue };
}

describe("decision log: worker to dashboard", () => {
  it("a scoring decision is served by GET /api/conversations/:id/decisions and found by GET /api/decisions", async () => {
    const { emulator, get, run, queue } = await system();
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
    });
    await run(
      "conversation.score",
      {
        conversationId,
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
        observedAtMs: emulator.control.now(),
      },
      1,
    );

    const byConversation = await get(`/api/conversations/${conversationId}/decisions`);
    expect(byConversation.status).toBe(200);
    const decisions = byConversation.body.decisions as DecisionRecord[];
    expect(decisions).toHaveLength(1);
    const [record] = decisions as [DecisionRecord];
    expect(record).toMatchObject({ conversationId, queueId: queue.id, action: { outcome: "scored" } });
    expect(record.ranking?.candidates.length).toBeGreaterThan(1);
    const patch = emulator.control
      .writeLog()
      .find((entry) => entry.path === `/api/v2/routing/conversations/${conversationId}`);
    expect(
      record.genesysCalls.find(
        (call) => call.pathTemplate === "/api/v2/routing/conversations/{conversationId}",
      )?.correlationId,
    ).toBe(patch?.correlationId);

    const search = await get(`/api/decisions?queueId=${queue.id}&outcome=scored`);
    expect((search.body.decisions as DecisionRecord[]).map((found) => found.decisionId)).toEqual([
      record.decisionId,
    ]);
    expect((await get(`/api/decisions?queueId=${queue.id}&outcome=rejected`)).body.decisions).toEqual([]);
  });

  it("a shadow queue writes nothing to Genesys; GET /api/shadow shows the offer compared", async () => {
    const { emulator, get, run, queue } = await system((queueId) => ({ WORKER_SHADOW_QUEUE_IDS: queueId }));
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
    });
    expect(await get("/api/shadow")).toEqual({ status: 200, body: { queues: [] } });
    const [scoring] = await run(
      "conversation.score",
      {
        conversationId,
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
        observedAtMs: emulator.control.now(),
      },
      1,
    );
    expect(scoring?.action).toMatchObject({ outcome: "shadow", shadowOf: "scored" });
    const top = scoring?.ranking?.candidates.find((candidate) => candidate.rank === 1);
    // Genesys offers the conversation to the agent our shadow decision ranked first.
    const [check] = await run(
      "assignment.check",
      {
        conversationId,
        queueId: queue.id,
        userId: top?.agentId ?? "",
        participantId: randomUUID(),
        skillIds: [queue.primarySkillId],
        observedAtMs: emulator.control.now(),
      },
      2,
    );
    expect(check?.action.outcome).toBe("shadow");

    expect(emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/"))).toEqual([]);
    expect((await get("/api/shadow")).body).toEqual({
      queues: [{ queueId: queue.id, compared: 1, agreed: 1, agreementRate: 1, meanScoreGap: 0 }],
    });
  });
});
