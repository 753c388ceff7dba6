import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AgentProfile,
  DEFAULT_FAIRNESS_TERM,
  generateSyntheticDataset,
  parseInteractionsCsvSync,
  planSimulationRuns,
  ROUTING_POLICY_NAMES,
  type SimulatedInteraction,
  type SimulationComparisonSummary,
  type SimulationResultSummary,
  type SimulationRunRequest,
  scoringForRun,
  simulate,
  summariseSimulation,
  summariseSimulationRuns,
} from "@routing/core";
import { runCli } from "@routing/sim-cli";
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

/** What core gives for the request run directly: the reference the API's report must match. */
function direct(
  request: SimulationRunRequest,
  interactions: readonly SimulatedInteraction[],
  agents: readonly AgentProfile[],
): SimulationResultSummary {
  const plan = planSimulationRuns(request);
  const reports = plan.runs.map((run) =>
    simulate(interactions, agents, { policy: run.policy, scoring: scoringForRun(run) }),
  );
  return summariseSimulationRuns(plan, reports);
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
    "a generated dataset runs to completed, progress reaches 1, and the report is core's summary of the run",
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
        fairnessTerm: null,
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
      const report = simulate(dataset.interactions(), dataset.agents, {
        policy: "weighted",
        targetSeconds: 30,
      });
      expect(record.report).toEqual(summariseSimulation(report));
    },
  );

  dashboardTest(
    "compare: true runs every policy on the same posted roster and CSV, and weighted with the fairness term",
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
      expect(record.fairnessTerm).toEqual(DEFAULT_FAIRNESS_TERM);
      const interactions = [...parseInteractionsCsvSync(csv)];
      expect(record.report).toEqual(direct({ compare: true }, interactions, roster));
      const comparison = record.report as SimulationComparisonSummary;
      expect(comparison.policies.map((report) => report.policy)).toEqual(ROUTING_POLICY_NAMES);
      expect(comparison.fairnessTerm).toMatchObject({
        policy: "weighted",
        settings: DEFAULT_FAIRNESS_TERM,
        giniOff: comparison.policies[0]?.fairness.gini,
      });
    },
  );

  dashboardTest(
    "the API's report and `npm run sim -- --json` are the same JSON for the same run",
    async ({ dashboard }) => {
      const csv = toCsv(800);
      const roster = generateSyntheticDataset({ interactions: 0, agents: 12, seed: 5 }).agents;
      const directory = await mkdtemp(join(tmpdir(), "sim-agreement-"));
      try {
        await writeFile(join(directory, "interactions.csv"), csv);
        await writeFile(join(directory, "agents.json"), JSON.stringify(roster));
        const files = [
          "--interactions",
          join(directory, "interactions.csv"),
          "--agents",
          join(directory, "agents.json"),
        ];
        const cases: [Record<string, unknown>, string[]][] = [
          [
            { policy: "best-available-skills", targetSeconds: 15 },
            ["--policy", "best-available-skills", "--target-seconds", "15"],
          ],
          [
            { policy: "weighted", fairness: { signal: "occupancy", weight: 0.3 } },
            ["--policy", "weighted", "--fairness", "occupancy", "--fairness-weight", "0.3"],
          ],
          [
            { compare: true, fairness: { weight: 0.4, idleSaturationMs: 120_000 } },
            ["--compare", "--fairness-weight", "0.4", "--fairness-idle-saturation", "120"],
          ],
        ];
        for (const [body, flags] of cases) {
          const accepted = await start(dashboard, { ...body, agents: roster, interactions: { csv } });
          const record = await finished(dashboard, accepted.id);
          let stdout = "";
          const code = await runCli([...files, ...flags, "--json"], {
            stdout: { write: (text: string) => (stdout += text) },
            stderr: { write: () => true },
          });
          expect(code, flags.join(" ")).toBe(0);
          // Byte for byte: the same keys, in the same order, with the same rounding.
          expect(JSON.stringify(record.report), flags.join(" ")).toBe(stdout.trim());
        }
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
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
      [
        { policy: "longest-idle", fairness: {}, interactions: { generate: { count: 1, agents: 1 } } },
        "fairness",
      ],
      [
        { policy: "weighted", fairness: { weight: 1 }, interactions: { generate: { count: 1, agents: 1 } } },
        "fairness.weight",
      ],
      [
        { compare: true, fairness: { signal: "luck" }, interactions: { generate: { count: 1, agents: 1 } } },
        "fairness.signal",
      ],
      [{ policy: "weighted", agents: [], interactions: { csv: `${CSV_HEADER}\n` } }, "agents"],
      [
        {
          policy: "weighted",
          agents: [{ id: "a", skills: { billing: 4 }, languages: [] }],
          interactions: { csv: `${CSV_HEADER}\ni-1,0,billing,,60,\ni-1,1,billing,,60,\n` },
        },
        "id",
      ],
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
          summariseSimulation(
            simulate(dataset.interactions(), dataset.agents, { policy: "best-available-skills" }),
          ),
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
