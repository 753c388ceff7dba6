import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentsForServiceLevel, erlangC } from "./erlang-c.js";

const reference = { arrivalsPerInterval: 100, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20 };

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  // The absolute floor absorbs subnormal noise: at very light load P(wait) underflows to ~0 on both sides
  // (fast-check once found agents 339 at load 0.046: 5e-324 against an exact 0).
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected) + 1e-300);
}

/** Textbook Erlang C in log space: A^N/N! · N/(N−A) over Σ_{k<N} A^k/k! + that term. */
function erlangCByDefinition(traffic: number, agents: number): number {
  const logTerm = (k: number): number => {
    let logFactorial = 0;
    for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
    return k * Math.log(traffic) - logFactorial;
  };
  const logTop = logTerm(agents) + Math.log(agents / (agents - traffic));
  const logs = [...Array.from({ length: agents }, (_, k) => logTerm(k)), logTop];
  const largest = Math.max(...logs);
  const sum = logs.reduce((total, value) => total + Math.exp(value - largest), 0);
  return Math.exp(logTop - largest) / sum;
}

describe("erlangC", () => {
  it("reproduces the design-notes reference (100 per 30 min, AHT 180 s, 14 agents, 20 s)", () => {
    const result = erlangC({ ...reference, agents: 14 });
    expectRelativelyClose(result.trafficErlangs, 10, 1e-12);
    expectRelativelyClose(result.pWait, 0.1741319, 1e-6);
    expectRelativelyClose(result.serviceLevel, 0.88835, 1e-5);
    expectRelativelyClose(result.asaSeconds, 7.836, 1e-4);
    expectRelativelyClose(result.occupancy, 0.7142857, 1e-6);
    expect(result.saturated).toBe(false);
  });

  it("accepts the load as a rate per second", () => {
    const byRate = erlangC({
      arrivalRatePerSecond: 100 / 1800,
      ahtSeconds: 180,
      agents: 14,
      targetSeconds: 20,
    });
    expectRelativelyClose(byRate.pWait, erlangC({ ...reference, agents: 14 }).pWait, 1e-12);
  });

  it("defaults to a 30-minute interval and a 20-second target", () => {
    const implicit = erlangC({ arrivalsPerInterval: 100, ahtSeconds: 180, agents: 14 });
    expect(implicit).toEqual(erlangC({ ...reference, agents: 14 }));
  });

  it("flags saturation when agents <= traffic", () => {
    for (const agents of [5, 10]) {
      const result = erlangC({ ...reference, agents });
      expect(result).toMatchObject({ pWait: 1, serviceLevel: 0, occupancy: 1, saturated: true });
      expect(result.asaSeconds).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it("agrees with the factorial definition and stays finite far past factorial overflow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (agents, load) => {
          const traffic = agents * load;
          const result = erlangC({ arrivalRatePerSecond: traffic / 100, ahtSeconds: 100, agents });
          expectRelativelyClose(result.pWait, erlangCByDefinition(traffic, agents), 1e-9);
          expect(result.serviceLevel).toBeGreaterThanOrEqual(0);
          expect(result.serviceLevel).toBeLessThanOrEqual(1);
        },
      ),
    );
    const large = erlangC({ arrivalRatePerSecond: 100, ahtSeconds: 180, agents: 18_100 });
    expect(Number.isFinite(large.pWait) && large.pWait > 0 && large.pWait < 1).toBe(true);
  });

  it("rejects impossible inputs", () => {
    expect(() => erlangC({ ...reference, agents: 0 })).toThrow(/agents/);
    expect(() => erlangC({ ...reference, agents: 2.5 })).toThrow(/agents/);
    expect(() => erlangC({ ...reference, ahtSeconds: -1, agents: 14 })).toThrow(/ahtSeconds/);
    expect(() => erlangC({ arrivalRatePerSecond: Number.NaN, ahtSeconds: 1, agents: 1 })).toThrow(
      /arrivalRate/,
    );
  });
});

describe("agentsForServiceLevel", () => {
  it("staffs the reference workload at 14 agents for 80/20 (13 give only ~0.796)", () => {
    const staffing = agentsForServiceLevel({ ...reference, serviceLevel: 0.8 });
    expect(staffing.agents).toBe(14);
    expectRelativelyClose(staffing.serviceLevel, 0.88835, 1e-5);
    expect(erlangC({ ...reference, agents: 13 }).serviceLevel).toBeLessThan(0.8);
  });

  it("returns the fewest agents meeting the target", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 300, noNaN: true }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        (traffic, target) => {
          const workload = { arrivalRatePerSecond: traffic / 60, ahtSeconds: 60, targetSeconds: 15 };
          const { agents, serviceLevel } = agentsForServiceLevel({ ...workload, serviceLevel: target });
          expect(serviceLevel).toBeGreaterThanOrEqual(target);
          if (agents > 1)
            expect(erlangC({ ...workload, agents: agents - 1 }).serviceLevel).toBeLessThan(target);
        },
      ),
    );
  });

  it("rejects targets outside (0, 1)", () => {
    expect(() => agentsForServiceLevel({ ...reference, serviceLevel: 1 })).toThrow(RangeError);
    expect(() => agentsForServiceLevel({ ...reference, serviceLevel: 0 })).toThrow(RangeError);
  });
});
