import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardEnvShape } from "../apps/dashboard/src/env.js";
import { emulatorEnvShape } from "../apps/genesys-emulator/src/env.js";
import { ingesterEnvShape } from "../apps/ingester/src/env.js";
import { workerEnvShape } from "../apps/worker/src/env.js";

// The configuration tables of the READMEs against the apps' env schemas: every variable an app reads is
// documented (root README and the app's own), every documented variable is read by the apps the root README
// says, and every default written in a README is the schema's default.
const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** What the test needs of a zod schema: what it makes of an unset variable. */
interface EnvSchema {
  safeParse(value: undefined): { success: boolean; data?: unknown };
}

const SHAPES: Record<string, Record<string, EnvSchema>> = {
  emulator: emulatorEnvShape,
  ingester: ingesterEnvShape,
  worker: workerEnvShape,
  dashboard: dashboardEnvShape,
};
const APPS = Object.keys(SHAPES);
const APP_READMES: Record<string, string> = {
  emulator: "packages/genesys-emulator/README.md",
  ingester: "apps/ingester/README.md",
  worker: "apps/worker/README.md",
  dashboard: "apps/dashboard/README.md",
};
/** Read by something other than our apps (named in "used by"), so no schema has them. */
const NOT_APP_VARIABLES = new Set(["GRAFANA_ADMIN_PASSWORD"]);

interface Row {
  readonly variables: readonly string[];
  readonly cells: Readonly<Record<string, string>>;
}

/** Every row of every markdown table of `markdown` whose header has a `variable` and a `default` column. */
function configurationRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let header: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (header === undefined) {
      header = cells.map((cell) => cell.toLowerCase());
      continue;
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    if (!header.includes("variable") || !header.includes("default")) continue;
    const byColumn = Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ""]));
    const variables = [...(byColumn.variable ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(
      (match) => match[1] ?? "",
    );
    if (variables.length > 0) rows.push({ variables, cells: byColumn });
  }
  return rows;
}

/** The default the schema applies to an unset variable, as the README would write it; undefined: none. */
function schemaDefault(schema: EnvSchema): string | undefined {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  if (Array.isArray(parsed.data)) return parsed.data.length === 0 ? undefined : parsed.data.join(",");
  return String(parsed.data);
}

/** The part of a `A` / `B` row's default cell that belongs to its `index`th variable. */
function defaultPart(row: Row, index: number): string {
  const cell = row.cells.default ?? "";
  const parts = cell.split(" / ");
  return parts.length === row.variables.length ? (parts[index] ?? "") : cell;
}

/** Problems with one documented default against the schema's. */
function checkDefault(where: string, variable: string, schema: EnvSchema, row: Row, index: number): string[] {
  const expected = schemaDefault(schema);
  const documented = defaultPart(row, index);
  if (expected !== undefined) {
    return documented.includes(`\`${expected}\``)
      ? []
      : [`${where}: ${variable} defaults to \`${expected}\` in the code, the README says "${documented}"`];
  }
  // No default in the code: the README must say what happens in words ("none", "every queue", "development
  // only: ..."), not claim a value.
  const words = (row.cells.default ?? "").replace(/`[^`]*`/g, "").replace(/[\s/;:,.()]/g, "");
  return words === ""
    ? [`${where}: ${variable} has no default in the code, the README says "${row.cells.default ?? ""}"`]
    : [];
}

/** "emulator, apps" -> the apps it names. */
function usedBy(text: string): Set<string> {
  const apps = new Set<string>();
  for (const word of text
    .toLowerCase()
    .split(/,|\band\b/)
    .map((part) => part.trim())) {
    if (word === "all apps") for (const app of APPS) apps.add(app);
    else if (word === "apps") for (const app of ["ingester", "worker", "dashboard"]) apps.add(app);
    else if (APPS.includes(word)) apps.add(word);
  }
  return apps;
}

function rootReadmeProblems(markdown: string): string[] {
  const problems: string[] = [];
  const documented = new Set<string>();
  for (const row of configurationRows(markdown)) {
    row.variables.forEach((variable, index) => {
      documented.add(variable);
      if (NOT_APP_VARIABLES.has(variable)) return;
      const readers = APPS.filter((app) => SHAPES[app]?.[variable] !== undefined);
      if (readers.length === 0) {
        problems.push(`README.md: ${variable} is documented but no app reads it`);
        return;
      }
      const claimed = [...usedBy(row.cells["used by"] ?? "")].sort();
      if (claimed.join(",") !== [...readers].sort().join(",")) {
        problems.push(
          `README.md: ${variable} is "used by ${row.cells["used by"]}", but is read by ${readers.join(", ")}`,
        );
      }
      for (const app of readers) {
        const schema = SHAPES[app]?.[variable];
        if (schema !== undefined) problems.push(...checkDefault("README.md", variable, schema, row, index));
      }
    });
  }
  for (const app of APPS) {
    for (const variable of Object.keys(SHAPES[app] ?? {})) {
      if (!documented.has(variable))
        problems.push(`README.md: ${variable} (read by ${app}) is not documented`);
    }
  }
  return [...new Set(problems)];
}

function appReadmeProblems(app: string, path: string, markdown: string): string[] {
  const shape = SHAPES[app] ?? {};
  const problems: string[] = [];
  const documented = new Set<string>();
  for (const row of configurationRows(markdown)) {
    row.variables.forEach((variable, index) => {
      documented.add(variable);
      const schema = shape[variable];
      if (schema === undefined) {
        problems.push(`${path}: ${variable} is documented but ${app} does not read it`);
      } else if (!/root README/i.test(row.cells.default ?? "")) {
        // A shared variable may defer to the root README (checked there) instead of repeating its default.
        problems.push(...checkDefault(path, variable, schema, row, index));
      }
    });
  }
  // Its own: every variable named after the app (the shared ones may point to the root README instead).
  const own = Object.keys(shape).filter((variable) =>
    /^(EMULATOR|INGESTER|WORKER|DASHBOARD|MESSAGING)_/.test(variable),
  );
  for (const variable of own)
    if (!documented.has(variable)) problems.push(`${path}: ${variable} is not documented`);
  return problems;
}

describe("README configuration tables against the env schemas", () => {
  it("the root README lists every variable every app reads, for the apps that read it, with the code's default", () => {
    expect(rootReadmeProblems(read("README.md"))).toEqual([]);
  });

  it.each(APPS)("the %s README documents every variable of its own, with the code's default", (app) => {
    const path = APP_READMES[app] ?? "";
    expect(appReadmeProblems(app, path, read(path))).toEqual([]);
  });

  it("catches a wrong default, a default the code does not have, a variable nobody reads and one left out", () => {
    const ownRows = Object.keys(workerEnvShape)
      .filter((variable) => variable.startsWith("WORKER_") && variable !== "WORKER_MAINTENANCE_CONCURRENCY")
      .map(
        (variable) =>
          `| \`${variable}\` | ${schemaDefault(workerEnvShape[variable as keyof typeof workerEnvShape]) === undefined ? "none" : `\`${schemaDefault(workerEnvShape[variable as keyof typeof workerEnvShape])}\``} | |`,
      );
    const table = [
      "| variable | default | meaning |",
      "| --- | --- | --- |",
      ...ownRows.filter(
        (row) => !row.includes("WORKER_DECISIONS_CONCURRENCY") && !row.includes("WORKER_HANDOFF_QUEUE_ID"),
      ),
      "| `WORKER_DECISIONS_CONCURRENCY` | `25` | jobs per process |",
      "| `WORKER_HANDOFF_QUEUE_ID` | `q-1` | handoff queue |",
      "| `WORKER_GHOST` | `1` | read by nobody |",
    ].join("\n");
    expect(appReadmeProblems("worker", "W.md", table)).toEqual([
      'W.md: WORKER_DECISIONS_CONCURRENCY defaults to `20` in the code, the README says "`25`"',
      'W.md: WORKER_HANDOFF_QUEUE_ID has no default in the code, the README says "`q-1`"',
      "W.md: WORKER_GHOST is documented but worker does not read it",
      "W.md: WORKER_MAINTENANCE_CONCURRENCY is not documented",
    ]);
    expect(usedBy("emulator, apps")).toEqual(new Set(APPS));
    expect(usedBy("ingester, worker")).toEqual(new Set(["ingester", "worker"]));
  });
});
