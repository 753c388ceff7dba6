import { defineConfig } from "vitest/config";

// Workspace packages are consumed as TypeScript source through the "@routing/source" export condition,
// so tests never run against a stale build. The rest is Vite's own default server list: vitest also hands
// these to Node as --conditions, and "import" there would make Node's require() load a dependency's ESM
// build (express 5's router then gets is-promise's namespace object instead of the function).
const sourceConditions = ["@routing/source", "module", "node", "development|production"];

const testDirs = ["packages/*", "apps/*", "tools/*"];
// `test/` at the root holds the whole-system tests (`npm start` end to end).
const files = (suffix: string) => [
  ...testDirs.flatMap((dir) => [`${dir}/src/**/*${suffix}`, `${dir}/test/**/*${suffix}`]),
  `test/**/*${suffix}`,
];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ["@routing/source"] } },
  test: {
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Generous: CI machines are shared, and property-based tests slow down most under load.
          testTimeout: 20_000,
          include: files(".test.ts"),
          exclude: files(".integration.test.ts"),
        },
      },
      {
        extends: true,
        test: {
          // Needs the local Redis (127.0.0.1:6379) and/or an in-process Genesys emulator; every test
          // gets its own queue names / key prefix / emulator port, so files may run in parallel.
          name: "integration",
          include: files(".integration.test.ts"),
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
