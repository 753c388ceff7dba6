import { startEmulator } from "@routing/genesys-emulator";
import { runService } from "@routing/service-kit/process";
import { readEmulatorEnv } from "./env.js";

await runService({
  name: "genesys-emulator",
  readConfig: readEmulatorEnv,
  async start({ config, logger, onStop }) {
    const emulator = await startEmulator({ ...config.options, logger });
    onStop("emulator (HTTP server, sockets, timers)", () => emulator.close());
    return {
      urls: {
        api: emulator.apiBaseUrl,
        login: emulator.loginBaseUrl,
        control: `${emulator.apiBaseUrl}/__emulator`,
      },
      details: {
        clientId: config.options.credentials?.[0]?.clientId,
        seed: config.options.seed,
        // With the seed, replays this run (EMULATOR_RUN_ID).
        runId: emulator.runId,
      },
    };
  },
});
