import {
  generateSyntheticDataset,
  parseInteractionsCsvSync,
  ROUTING_POLICY_NAMES,
  type SimulationReport,
  simulate,
} from "@routing/core";
import { redisTest } from "@routing/test-utils";
import { describe, expect, vi } from "vitest";
import type { SimulationRecord } from "../src/simulations/simulation-record.js";
import {
  dashboardTest,
  type ErrorAnswer,
  startTestDashboard,
  type TestDashboard,
} from "./dashboard-fixture.js";

const POLL = { timeout: 10_000, interval: 25 };

interface Accepted {
  readonly id: string;
  readonly status: string;
  readonly links: { readonly self: string };
}

async function start(dashboard: TestDashboard, body: unknown): Promise<Accepted> {
  const answer = await dashboard.request("/api/simulations", { json: body });
  expect(answer.status, await answer.clone().text()).toBe(202);
  const accepted = (await answer.json()) as Accepted;
  expect(answer.headers.get("location")).toBe(accepted.links.self);
  return accepted;
}

async function read(dashboard: TestDashboard, id: string): Promise<SimulationRecord> {
  const answer = await dashboard.request(`/api/simulations/${id}`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as SimulationRecord;
}

/** Polls until the run leaves "running", collecting every progress figure seen on the way. */
async function finished(
  dashboard: TestDashboard,
  id: string,
  seen: number[] = [],
): Promise<SimulationRecord> {
  return vi.waitFor(async () => {
    const record = await read(dashboard, id);
    seen.push(record.progress);
    if (record.status === "running") throw new Error(`still running at ${record.progress}`);
    return record;
  }, POLL);
}

const CSV_HEADER = "id,arrival_time,required_skill,required_language,handle_seconds,patience_seconds";

function toCsv(count: number): string {
  const { interactions } = generateSyntheticDataset({ interactions: count, agents: 12, seed: 5 });
  const rows = [...interactions()].map((i) =>
    [
      i.id,
      i.arrivalSeconds,
      i.requiredSkill,
      i.requiredLanguage ?? "",
      i.handleSeconds,
      i.patienceSeconds ?? "",
    ].join(","),
  );
  return `${[CSV_HEADER, ...rows].join("\n")}\n`;
}

describe("POST /api/simulations (real Redis, real HTTP)", () => {
  dashboardTest(
    "a generated dataset runs to completed, progress reaches 1, and the report is core's own",
    async ({ dashboard }) => {
      const generate = { count: 4000, agents: 25, seed: 11, meanPatienceSeconds: 90 };
      const accepted = await start(dashboard, {
        policy: "weighted",
        targetSeconds: 30,
        interactions: { generate },
      });
      expect(accepted.status).toBe("running");

      const seen: number[] = [];
      const record = await finished(dashboard, accepted.id, seen);
      expect(record).toMatchObject({
        id: accepted.id,
        status: "completed",
        progress: 1,
        policies: ["weighted"],
        source: "generated",
        interactions: 4000,
        agents: 25,
      });
      expect(
        seen.every((progress, index) => progress >= 0 && progress <= 1 && progress >= (seen[index - 1] ?? 0)),
      ).toBe(true);

      const dataset = generateSyntheticDataset({
        interactions: 4000,
        agents: 25,
        seed: 11,
        meanPatienceSeconds: 90,
      });
      const direct = simulate(dataset.interactions(), dataset.agents, {
        policy: "weighted",
        targetSeconds: 30,
      });
      expect(record.report).toEqual(direct);
    },
  );

  dashboardTest(
    "compare: true runs every policy on the same posted roster and CSV",
    async ({ dashboard }) => {
      const csv = toCsv(600);
      const roster = generateSyntheticDataset({ interactions: 0, agents: 12, seed: 5 }).agents;
      const accepted = await start(dashboard, {
        compare: true,
        agents: JSON.stringify(roster),
        interactions: { csv },
      });
      const record = await finished(dashboard, accepted.id);
      expect(record.status).toBe("completed");
      const interactions = [...parseInteractionsCsvSync(csv)];
      const expected = ROUTING_POLICY_NAMES.map((policy) => simulate(interactions, roster, { policy }));
      expect(record.report).toEqual({ policies: expected });
      expect(
        (record.report as { policies: SimulationReport[] }).policies.map((report) => report.policy),
      ).toEqual(ROUTING_POLICY_NAMES);
    },
  );

  dashboardTest(
    "a bad CSV is a 400 naming its line, column and field, and nothing runs",
    async ({ dashboard }) => {
      const roster = [{ id: "a-1", skills: { billing: 4 }, languages: ["en-US"] }];
      const csv = `${CSV_HEADER}\ni-1,0,billing,en-US,120,60\ni-2,5,billing,en-US,soon,60\n`;
      const answer = await dashboard.request("/api/simulations", {
        json: { policy: "longest-idle", agents: roster, interactions: { csv } },
      });
      expect(answer.status).toBe(400);
      const { error } = (await answer.json()) as ErrorAnswer;
      expect(error).toMatchObject({ code: "invalid-csv", field: "handle_seconds", line: 3, column: 5 });
      expect(error.message).toContain("interactions.csv");
    },
  );

  dashboardTest("bad requests name the field", async ({ dashboard }) => {
    const cases: [unknown, string][] = [
      [{ interactions: { generate: { count: 10, agents: 2 } } }, "policy"],
      [{ policy: "fastest", interactions: { generate: { count: 10, agents: 2 } } }, "policy"],
      [{ policy: "weighted", interactions: {} }, "interactions"],
      [{ policy: "weighted", interactions: { generate: { count: 10 } } }, "interactions.generate.agents"],
      [
        { policy: "weighted", interactions: { generate: { count: -1, agents: 2 } } },
        "interactions.generate.count",
      ],
      [{ policy: "weighted", interactions: { csv: `${CSV_HEADER}\n` } }, "agents"],
      [
        {
          policy: "weighted",
          agents: [{ id: "a", skills: { billing: 9 }, languages: [] }],
          interactions: { csv: "" },
        },
        "agents[0].skills.billing",
      ],
      [{ policy: "weighted", agents: "[{", interactions: { csv: "" } }, "agents"],
      [{ policy: "weighted", interactions: { generate: { count: 1, agents: 1 } }, speed: "max" }, "speed"],
    ];
    for (const [body, field] of cases) {
      const answer = await dashboard.request("/api/simulations", { json: body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(((await answer.json()) as ErrorAnswer).error.field, JSON.stringify(body)).toBe(field);
    }
    const notJson = await dashboard.request("/api/simulations", {
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorAnswer).error).toMatchObject({
      code: "invalid-json",
      field: "body",
    });
  });

  dashboardTest("an unknown or malformed id is a 404 naming the id", async ({ dashboard }) => {
    for (const id of ["3f0b1b7e-1111-4a4a-8b8b-123456789abc", "not-an-id"]) {
      const answer = await dashboard.request(`/api/simulations/${id}`);
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as ErrorAnswer).error).toMatchObject({
        code: "simulation-not-found",
        field: "id",
      });
    }
  });

  dashboardTest(
    "another dashboard instance on the same Redis prefix answers for the run",
    async ({ redis, dashboard }) => {
      const accepted = await start(dashboard, {
        policy: "best-available-skills",
        interactions: { generate: { count: 1500, agents: 10, seed: 3 } },
      });
      const ownConnection = redis.newConnection();
      const other = await startTestDashboard(redis, { connection: ownConnection });
      try {
        const record = await finished(other, accepted.id);
        expect(record.status).toBe("completed");
        const dataset = generateSyntheticDataset({ interactions: 1500, agents: 10, seed: 3 });
        expect(record.report).toEqual(
          simulate(dataset.interactions(), dataset.agents, { policy: "best-available-skills" }),
        );
      } finally {
        await other.close();
        await ownConnection.quit();
      }
    },
  );
});

describe("simulation input limits", () => {
  redisTest(
    "input size limits: interactions (413 naming the field) and body bytes (413)",
    async ({ redis }) => {
      const limited = await startTestDashboard(redis, {
        simulations: { maxInteractions: 100, maxBodyBytes: 16 * 1024 },
      });
      try {
        const tooMany = await limited.request("/api/simulations", {
          json: { policy: "weighted", interactions: { generate: { count: 101, agents: 3 } } },
        });
        expect(tooMany.status).toBe(413);
        expect(((await tooMany.json()) as ErrorAnswer).error).toMatchObject({
          code: "payload-too-large",
          field: "interactions.generate.count",
        });

        const roster = generateSyntheticDataset({ interactions: 0, agents: 12, seed: 5 }).agents;
        const longCsv = await limited.request("/api/simulations", {
          json: { policy: "weighted", agents: roster, interactions: { csv: toCsv(101) } },
        });
        expect(longCsv.status).toBe(413);
        expect(((await longCsv.json()) as ErrorAnswer).error.field).toBe("interactions.csv");

        const hugeBody = await limited.request("/api/simulations", {
          json: {
            policy: "weighted",
            agents: roster,
            interactions: { csv: toCsv(100).padEnd(20_000, "\n") },
          },
        });
        expect(hugeBody.status).toBe(413);
        expect(((await hugeBody.json()) as ErrorAnswer).error).toMatchObject({
          code: "payload-too-large",
          field: "body",
        });

        const atTheLimit = await limited.request("/api/simulations", {
          json: { policy: "weighted", interactions: { generate: { count: 100, agents: 3 } } },
        });
        expect(atTheLimit.status).toBe(202);
        const { id } = (await atTheLimit.json()) as Accepted;
        expect((await finished(limited, id)).status).toBe("completed");
      } finally {
        await limited.close();
      }
    },
  );
});

describe("simulation concurrency and shutdown", () => {
  // Long enough that it is still running when the next request arrives, on any machine; interrupted by
  // close() long before it would finish.
  const longRun = { compare: true, interactions: { generate: { count: 1_000_000, agents: 200, seed: 9 } } };
  const settings = { simulations: { maxInteractions: 1_000_000, concurrency: 1 } };

  redisTest(
    "beyond DASHBOARD_SIMULATION_CONCURRENCY a run is refused with 429 and Retry-After",
    async ({ redis }) => {
      const busy = await startTestDashboard(redis, settings);
      try {
        await start(busy, longRun);
        const refused = await busy.request("/api/simulations", {
          json: { policy: "weighted", interactions: { generate: { count: 10, agents: 2 } } },
        });
        expect(refused.status).toBe(429);
        expect(refused.headers.get("retry-after")).toBe("10");
        expect(((await refused.json()) as ErrorAnswer).error.code).toBe("too-many-simulations");
      } finally {
        await busy.close();
      }
    },
  );

  redisTest("shutdown records a running simulation as failed: interrupted by shutdown", async ({ redis }) => {
    const first = await startTestDashboard(redis, settings);
    let id: string;
    try {
      id = (await start(first, longRun)).id;
      await vi.waitFor(async () => expect((await read(first, id)).progress).toBeGreaterThan(0), POLL);
    } finally {
      await first.close();
    }
    const second = await startTestDashboard(redis, settings);
    try {
      const record = await read(second, id);
      expect(record).toMatchObject({
        status: "failed",
        error: { code: "interrupted", message: "interrupted by shutdown" },
      });
      expect(record.progress).toBeGreaterThan(0);
      expect(record.progress).toBeLessThan(1);
    } finally {
      await second.close();
    }
  });
});
