import { redisTest } from "@routing/test-utils";
import { describe, expect, vi } from "vitest";
import { startTestDashboard, type TestDashboard } from "./dashboard-fixture.js";

const POLL = { timeout: 10_000, interval: 25 };

interface Listed {
  readonly id: string;
  readonly status: string;
  readonly policies: string[];
  readonly compare: boolean;
  readonly interactions: number;
  readonly createdAt: string;
  readonly report?: unknown;
  readonly links: { readonly self: string };
}

async function list(dashboard: TestDashboard, query = ""): Promise<Listed[]> {
  const answer = await dashboard.request(`/api/simulations${query}`);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { simulations: Listed[] }).simulations;
}

async function runToEnd(dashboard: TestDashboard, body: unknown): Promise<string> {
  const answer = await dashboard.request("/api/simulations", { json: body });
  expect(answer.status).toBe(202);
  const { id } = (await answer.json()) as { id: string };
  await vi.waitFor(async () => {
    const record = (await (await dashboard.request(`/api/simulations/${id}`)).json()) as { status: string };
    expect(record.status).toBe("completed");
  }, POLL);
  return id;
}

describe("GET /api/simulations (real HTTP, real Redis)", () => {
  redisTest(
    "lists every instance's simulations newest first, without reports, and forgets expired ones",
    async ({ redis }) => {
      const first = await startTestDashboard(redis);
      const second = await startTestDashboard(redis);
      try {
        expect(await list(first)).toEqual([]);
        const generate = { count: 200, agents: 5, seed: 1 };
        const older = await runToEnd(first, { policy: "weighted", interactions: { generate } });
        await new Promise((resolve) => setTimeout(resolve, 5));
        const newer = await runToEnd(second, { compare: true, interactions: { generate } });

        const listed = await list(first);
        expect(listed.map((simulation) => simulation.id)).toEqual([newer, older]);
        expect(listed[0]).toMatchObject({
          status: "completed",
          compare: true,
          interactions: 200,
          links: { self: `/api/simulations/${newer}` },
        });
        expect(listed[1]?.policies).toEqual(["weighted"]);
        expect(listed.every((simulation) => simulation.report === undefined)).toBe(true);
        expect((await list(first, "?limit=1")).map((simulation) => simulation.id)).toEqual([newer]);

        // A record past its TTL leaves the list (and the index) even though the index still named it.
        await redis.connection.del(`${redis.prefix}:dashboard:simulation:${newer}`);
        expect((await list(second)).map((simulation) => simulation.id)).toEqual([older]);
        expect(await redis.connection.zrange(`${redis.prefix}:dashboard:simulations`, 0, -1)).toEqual([
          older,
        ]);

        for (const limit of ["0", "101", "x"]) {
          const bad = await first.request(`/api/simulations?limit=${limit}`);
          expect(bad.status).toBe(400);
          expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("limit");
        }
        expect((await first.request("/api/simulations", { auth: false })).status).toBe(401);
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
