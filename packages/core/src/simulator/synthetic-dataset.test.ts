import { describe, expect, it } from "vitest";
import { generateSyntheticDataset } from "./synthetic-dataset.js";

describe("generateSyntheticDataset", () => {
  it("is reproducible, sorted by arrival and sized as asked", () => {
    const options = { interactions: 2000, agents: 40, seed: 5 };
    const first = generateSyntheticDataset(options);
    const rows = [...first.interactions()];
    expect(rows).toHaveLength(2000);
    expect(first.agents).toHaveLength(40);
    expect([...first.interactions()]).toEqual(rows);
    expect(generateSyntheticDataset(options).agents).toEqual(first.agents);
    for (let index = 1; index < rows.length; index++) {
      expect(rows[index]?.arrivalSeconds).toBeGreaterThanOrEqual(rows[index - 1]?.arrivalSeconds ?? 0);
    }
    expect(new Set(first.agents.map((agent) => agent.id)).size).toBe(40);
  });

  it("offers the requested load: arrival rate × mean handle ≈ occupancy × agents", () => {
    const dataset = generateSyntheticDataset({
      interactions: 20_000,
      agents: 50,
      targetOccupancy: 0.8,
      seed: 2,
    });
    const rows = [...dataset.interactions()];
    const span = rows.at(-1)?.arrivalSeconds ?? 1;
    const meanHandle = rows.reduce((sum, row) => sum + row.handleSeconds, 0) / rows.length;
    // Poisson count and exponential mean over 20,000 draws: relative standard errors ≈ 0.7 % each.
    expect((rows.length / span) * meanHandle).toBeGreaterThan(0.8 * 50 * 0.95);
    expect((rows.length / span) * meanHandle).toBeLessThan(0.8 * 50 * 1.05);
  });

  it("gives every agent at least one language and a primary skill, and no patience when asked", () => {
    const dataset = generateSyntheticDataset({ interactions: 100, agents: 12, meanPatienceSeconds: null });
    for (const agent of dataset.agents) {
      expect(agent.languages.length).toBeGreaterThan(0);
      expect(Math.max(...Object.values(agent.skills))).toBeGreaterThanOrEqual(3);
    }
    expect([...dataset.interactions()].every((row) => row.patienceSeconds === undefined)).toBe(true);
  });
});
