import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm run check:deps` (in .ci/run) runs dependency-cruiser with .dependency-cruiser.cjs over the
// repository. Here the same configuration runs over a small tree laid out like ours in which every rule
// is broken once, next to imports the rules allow: each violation must be reported, nothing else.
const root = join(import.meta.dirname, "..");
const tree = mkdtempSync(join(tmpdir(), "dependency-rules-"));

const FILES: Record<string, string> = {
  // packages-import-no-app, and jobs importing something of ours
  "packages/jobs/src/index.ts": 'import "../../../apps/worker/src/main.js";\nexport const jobs = 1;\n',
  // apps-never-import-each-other
  "apps/worker/src/main.ts":
    'import "../../dashboard/src/routes.js";\nimport "../../../packages/core/src/index.js";\n',
  // production-code-never-imports-the-emulator
  "apps/dashboard/src/routes.ts": 'import "../../../packages/genesys-emulator/src/index.js";\n',
  // the-emulator-does-not-reach-the-client: through another package
  "packages/genesys-emulator/src/index.ts": 'import "../../service-kit/src/index.js";\n',
  "packages/service-kit/src/index.ts": 'import "../../genesys-client/src/index.js";\n',
  "packages/genesys-client/src/index.ts": "export const client = 1;\n",
  // core-client-and-jobs-import-nothing-of-ours
  "packages/core/src/index.ts": 'import "../../jobs/src/index.js";\nexport const core = 1;\n',
  // allowed: an app importing a package, a test using the emulator; then an import that does not resolve
  "apps/ingester/src/main.ts": 'import "../../../packages/core/src/index.js";\nimport "./no-such-file.js";\n',
  "apps/ingester/test/webhook.test.ts": 'import "../../../packages/genesys-emulator/src/index.js";\n',
};

afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe("the dependency rules of the README (dependency-cruiser)", () => {
  it("reports each broken rule, and only those", () => {
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), content);
    }
    const run = spawnSync(
      process.execPath,
      [
        join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs"),
        "--config",
        join(root, ".dependency-cruiser.cjs"),
        "--output-type",
        "err",
        "apps",
        "packages",
      ],
      { cwd: tree, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
    );
    // What CI prints: "  error <rule>: <from> → <to>", one line per violation.
    const found = [...`${run.stdout}${run.stderr}`.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)]
      .map(([, rule, from, to]) => `${rule}: ${from} -> ${to}`)
      .sort();
    expect(found).toEqual(
      [
        "apps-never-import-each-other: apps/worker/src/main.ts -> apps/dashboard/src/routes.ts",
        "core-client-and-jobs-import-nothing-of-ours: packages/core/src/index.ts -> packages/jobs/src/index.ts",
        "core-client-and-jobs-import-nothing-of-ours: packages/jobs/src/index.ts -> apps/worker/src/main.ts",
        "no-unresolvable-imports: apps/ingester/src/main.ts -> ./no-such-file.js",
        "packages-import-no-app: packages/jobs/src/index.ts -> apps/worker/src/main.ts",
        "production-code-never-imports-the-emulator: apps/dashboard/src/routes.ts -> packages/genesys-emulator/src/index.ts",
        "the-emulator-does-not-reach-the-client: packages/genesys-emulator/src/index.ts -> packages/genesys-client/src/index.ts",
      ].sort(),
    );
    // The CLI fails the CI step on any error-severity violation (its exit code is their number).
    expect(run.status).toBe(found.length);
  }, 60_000);
});
