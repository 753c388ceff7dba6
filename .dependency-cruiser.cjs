// The dependency rules of the README, checked by `npm run check:deps` (dependency-cruiser) in .ci/run.
// `test/dependency-rules.test.ts` shows each rule catching a violation.
// Paths are relative to the repository root; workspace packages resolve to their sources (the
// "@routing/source" export condition), so an import of "@routing/core" is an edge to packages/core/src.

/** Test code: test files and folders, and the private test fixtures package. */
// The chaos suite is test tooling too: it runs the emulator as Genesys for the real processes it breaks.
const TEST_CODE = ["\\.test\\.ts$", "/test/", "/bench/", "^packages/test-utils/", "^tools/chaos/"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "packages-import-no-app",
      severity: "error",
      comment:
        "Packages are what apps are built from; a package that needs an app has its dependency backwards.",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-never-import-each-other",
      severity: "error",
      comment:
        "Apps meet only through queues: the job catalog in packages/jobs is their contract. What two apps " +
        "share lives in a package.",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "production-code-never-imports-the-emulator",
      severity: "error",
      comment:
        "The emulator is for development and tests; production code talks to Genesys through the client.",
      from: {
        path: "^(apps|packages|tools)/",
        pathNot: ["^packages/genesys-emulator/", "^apps/genesys-emulator/", ...TEST_CODE],
      },
      to: { path: "^packages/genesys-emulator/" },
    },
    {
      name: "the-emulator-does-not-reach-the-client",
      severity: "error",
      comment:
        "The client and the emulator are two independent sides of one contract (held together by the " +
        "contract tests): the emulator models Genesys, never what our client expects. Not even through " +
        "another package (the emulator process uses @routing/service-kit/process, which has no Genesys).",
      from: { path: "^(packages|apps)/genesys-emulator/" },
      to: { path: "^packages/genesys-client/", reachable: true },
    },
    {
      name: "core-client-and-jobs-import-nothing-of-ours",
      severity: "error",
      comment:
        "packages/core (pure decisions), packages/genesys-client and packages/jobs are the foundations: " +
        "they import no other package or app of this repository (their tests may use the test fixtures), " +
        "except packages/redis-scripts (how a Lua script is run), itself a leaf that imports nothing of ours.",
      from: { path: "^packages/(core|genesys-client|jobs|redis-scripts)/", pathNot: TEST_CODE },
      to: { path: "^(apps|packages|tools)/", pathNot: ["^packages/$1/", "^packages/redis-scripts/"] },
    },
    {
      name: "no-unresolvable-imports",
      severity: "error",
      comment:
        "An import that does not resolve is a missing dependency or a typo (and would fail at run time).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["(^|/)dist/", "(^|/)node_modules/"] },
    // Type-only imports count too: a type from an app is still a dependency on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@routing/source", "import", "node", "default", "types"],
      mainFields: ["module", "main", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
  },
};
