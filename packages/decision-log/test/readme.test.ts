import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_DECISION_LOG_OPTIONS,
  DecisionLogOptionsError,
  resolveDecisionLogOptions,
} from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The README's options table: option name -> default as written. */
function documentedDefaults(): Map<string, string> {
  const section = readme.slice(readme.indexOf("## Options"), readme.indexOf("### Memory"));
  const rows = section.split("\n").filter((line) => /^\| `[a-zA-Z]+` \|/.test(line));
  return new Map(
    rows.map((line) => {
      const [, name, fallback] = line.split("|").map((cell) => cell.trim());
      return [name?.replaceAll("`", "") ?? "", fallback?.replaceAll("`", "") ?? ""];
    }),
  );
}

describe("the decision log's options", () => {
  it("README's table lists every option with the code's default", () => {
    const documented = documentedDefaults();
    expect([...documented.keys()].sort()).toEqual(Object.keys(DEFAULT_DECISION_LOG_OPTIONS).sort());
    for (const [name, value] of Object.entries(DEFAULT_DECISION_LOG_OPTIONS)) {
      const expected = typeof value === "function" ? "Date.now" : JSON.stringify(value);
      expect(documented.get(name), name).toBe(expected);
    }
  });

  it("fills in defaults and refuses bad values naming the option", () => {
    expect(resolveDecisionLogOptions({ maxEntries: 5 })).toMatchObject({
      ...DEFAULT_DECISION_LOG_OPTIONS,
      maxEntries: 5,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ maxEntries: 0 }, "maxEntries"],
      [{ maxPerConversation: 2.5 }, "maxPerConversation"],
      [{ ttlSeconds: 10 }, "ttlSeconds"],
      [{ maxCandidatesPerRecord: 5000 }, "maxCandidatesPerRecord"],
      [{ prefix: "has space" }, "prefix"],
      [{ now: 5 }, "now"],
      [{ maxEntires: 5 }, "maxEntires"],
    ];
    for (const [options, field] of cases) {
      const call = () => resolveDecisionLogOptions(options as never);
      expect(call, field).toThrow(DecisionLogOptionsError);
      expect(call, field).toThrow(expect.objectContaining({ field }));
    }
  });
});
