import { describe, expect, it } from "vitest";
import { benchmarksSection, type Figure, withBenchmarks } from "../bench/report.js";

const run = { date: "2026-01-02", machine: "2 x test CPU" };
const figures: Figure[] = [
  { figure: "calls per conversation", value: "1.05", target: "<= 1.1", pass: true },
  { figure: "p99 latency", value: "40 ms", target: "<= 25 ms", pass: false },
];

describe("the README's Benchmarks section", () => {
  it("lists every figure with its target and PASS or FAIL, the date and the machine", () => {
    const section = benchmarksSection(figures, run);
    expect(section).toContain("| calls per conversation | 1.05 | <= 1.1 | PASS |");
    expect(section).toContain("| p99 latency | 40 ms | <= 25 ms | FAIL |");
    expect(section).toContain("Measured 2026-01-02 on 2 x test CPU.");
  });

  it("goes before 'Not yet' the first time", () => {
    const readme = "# worker\n\n## Jobs\n\ntext\n\n## Not yet\n\n- later\n";
    const next = withBenchmarks(readme, "## Benchmarks\n\nnew\n");
    expect(next).toBe("# worker\n\n## Jobs\n\ntext\n\n## Benchmarks\n\nnew\n\n## Not yet\n\n- later\n");
  });

  it("replaces the last run's section and keeps what follows it", () => {
    const readme = "# worker\n\n## Benchmarks\n\nold\n\n## Not yet\n\n- later\n";
    const next = withBenchmarks(readme, "## Benchmarks\n\nnew\n");
    expect(next).toBe("# worker\n\n## Benchmarks\n\nnew\n\n## Not yet\n\n- later\n");
    expect(withBenchmarks(next, "## Benchmarks\n\nnew\n")).toBe(next);
  });
});
