import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleGroups } from "./support/expressions.js";
import { root } from "./support/processes.js";

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

describe("alert runbooks", () => {
  it("every alert links a section of docs/operations.md that exists", () => {
    const operations = readFileSync(join(root, "docs", "operations.md"), "utf8");
    const anchors = new Set(
      operations
        .split("\n")
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, ""))),
    );
    const alerts = ruleGroups().flatMap((group) =>
      group.rules.filter((rule): rule is typeof rule & { alert: string } => rule.alert !== undefined),
    );
    expect(alerts.length).toBeGreaterThan(5);
    const broken = alerts.flatMap((rule) => {
      const runbook = rule.annotations?.runbook ?? "";
      const [file, anchor] = runbook.split("#");
      return file === "docs/operations.md" && anchor !== undefined && anchors.has(anchor)
        ? []
        : [`${rule.alert}: ${runbook || "(no runbook)"}`];
    });
    expect(broken).toEqual([]);
  });
});
