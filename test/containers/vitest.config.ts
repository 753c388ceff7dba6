import { defineConfig } from "vitest/config";

// `npm run test:containers`: builds the image and runs the apps from it with a real container engine. Not
// part of `npm test` (a cold build takes minutes; the file name does not end in .test.ts, so the root config
// never collects it); see docs/operations.md, "Validating the packaging".
export default defineConfig({
  test: {
    include: ["test/containers/**/*.containers-test.ts"],
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
