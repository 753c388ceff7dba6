import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROSTER_DEFAULTS } from "../src/index.js";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The "Options" table: option -> its default cell, without backticks. */
function optionsTable(): Map<string, string> {
  const section = readme.slice(readme.indexOf("## Options"));
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const name = /^`(\w+)`$/.exec(cells[1] ?? "")?.[1];
    if (name !== undefined) rows.set(name, (cells[2] ?? "").replace(/`/g, ""));
  }
  return rows;
}

describe("README options table", () => {
  it("states every default the code has", () => {
    const table = optionsTable();
    for (const [option, value] of Object.entries(ROSTER_DEFAULTS)) {
      const cell = table.get(option);
      expect(cell, `README row for ${option}`).toBeDefined();
      expect(cell?.split(" ")[0]).toBe(typeof value === "string" ? `"${value}"` : String(value));
    }
  });
});
