import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@routing/genesys-emulator";
import { test as base } from "vitest";

/** Emulator options for tests: an ephemeral port and the real defaults otherwise. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ ...options, port: 0 });
}

/**
 * A vitest `test` whose `emulator` fixture is a Genesys emulator private to the test (ephemeral port),
 * closed afterwards together with every socket and timer it owns.
 *
 *   const test = createEmulatorTest({ rateLimit: { limit: 5, windowMs: 1000 } });
 *   test("...", async ({ emulator }) => { ... emulator.apiBaseUrl ... });
 */
export function createEmulatorTest(options: EmulatorOptions = {}) {
  return base.extend<{ emulator: RunningEmulator }>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their dependencies
    emulator: async ({}, use) => {
      const emulator = await startTestEmulator(options);
      try {
        await use(emulator);
      } finally {
        await emulator.close();
      }
    },
  });
}

/** Emulator with its default options. */
export const emulatorTest = createEmulatorTest();
