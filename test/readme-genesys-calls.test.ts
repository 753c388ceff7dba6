import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOB_LANES } from "../apps/worker/src/job-lanes.js";
import {
  GENESYS_ENDPOINTS,
  type GenesysEndpoint,
  REQUEST_LANES,
} from "../packages/genesys-client/src/index.js";

// The root README's table of Genesys API calls against the client's closed list of endpoints: every endpoint
// listed once with its SDK operation, a permission and lanes that exist; nothing listed that the client lacks.
const root = join(import.meta.dirname, "..");
const SECTION = "## Genesys API calls";

interface CallRow {
  readonly endpoint: string;
  readonly operation: string;
  readonly permission: string;
  readonly lanes: readonly string[];
  readonly usedBy: string;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");

/** The rows of the first table after the section heading. */
function callRows(markdown: string): CallRow[] {
  const start = markdown.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const lines = markdown.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: CallRow[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    const [endpoint = "", operation = "", permission = "", lane = "", usedBy = ""] = line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim());
    rows.push({
      endpoint: unquote(endpoint),
      operation: unquote(operation),
      permission,
      lanes: lane === "–" ? [] : lane.split(";").map((part) => part.trim()),
      usedBy,
    });
  }
  return rows;
}

function tableProblems(rows: readonly CallRow[], endpoints: readonly GenesysEndpoint[]): string[] {
  const problems: string[] = [];
  const byKey = new Map(
    endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.pathTemplate}`, endpoint]),
  );
  const seen = new Set<string>();
  for (const row of rows) {
    const endpoint = byKey.get(row.endpoint);
    if (endpoint === undefined) {
      problems.push(`${row.endpoint}: not an endpoint of the client`);
      continue;
    }
    if (seen.has(row.endpoint)) problems.push(`${row.endpoint}: listed twice`);
    seen.add(row.endpoint);
    if (row.operation !== endpoint.operation)
      problems.push(
        `${row.endpoint}: SDK operation is ${endpoint.operation}, the README says ${row.operation}`,
      );
    if (row.permission === "") problems.push(`${row.endpoint}: no permission given`);
    for (const lane of row.lanes)
      if (!(REQUEST_LANES as readonly string[]).includes(lane))
        problems.push(`${row.endpoint}: no lane "${lane}"`);
    if ((row.lanes.length === 0) !== /^client only/.test(row.usedBy))
      problems.push(`${row.endpoint}: a lane for every caller, "–" only for "client only"`);
  }
  for (const key of byKey.keys()) if (!seen.has(key)) problems.push(`${key}: not in the README`);
  return problems;
}

describe("the README's table of Genesys API calls", () => {
  const rows = callRows(readFileSync(join(root, "README.md"), "utf8"));

  it("lists exactly the client's endpoints, each with its SDK operation, permission and lanes", () => {
    expect(tableProblems(rows, GENESYS_ENDPOINTS)).toEqual([]);
  });

  it("names, for each worker job it mentions, the lane the job's calls really use", () => {
    for (const row of rows) {
      for (const [job, lane] of Object.entries(JOB_LANES)) {
        // A job named in "used by" must find its lane among the row's (the queue-configuration read, on
        // the lane of the job that needs it, names no job).
        if (row.usedBy.includes(`\`${job}\``)) expect(row.lanes, `${row.endpoint} / ${job}`).toContain(lane);
      }
    }
  });

  it("catches a missing endpoint, an unknown one, a wrong operation and a lane that does not exist", () => {
    const [first, second, ...rest] = rows;
    if (first === undefined || second === undefined) throw new Error("the table is empty");
    const broken = [
      { ...first, operation: "RoutingApi.patchRoutingConversations" },
      { ...second, lanes: ["urgent"] },
      ...rest.slice(1),
      { ...first, endpoint: "GET /api/v2/ghosts" },
    ];
    const missing = rest[0];
    expect(tableProblems(broken, GENESYS_ENDPOINTS)).toEqual([
      `${first.endpoint}: SDK operation is ${GENESYS_ENDPOINTS.find((e) => `${e.method} ${e.pathTemplate}` === first.endpoint)?.operation}, the README says RoutingApi.patchRoutingConversations`,
      `${second.endpoint}: no lane "urgent"`,
      "GET /api/v2/ghosts: not an endpoint of the client",
      `${missing?.endpoint}: not in the README`,
    ]);
  });
});
