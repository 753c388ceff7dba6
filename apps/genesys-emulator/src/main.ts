import { startEmulator } from "@routing/genesys-emulator";
import { pino } from "pino";
import { parseEnv } from "./env.js";

// The only place that reads process.env: parsed once, and a bad value stops the process before it starts.
let environment: ReturnType<typeof parseEnv>;
try {
  environment = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const logger = pino({ level: environment.logLevel, base: { service: "genesys-emulator" } });

try {
  const emulator = await startEmulator({ ...environment.options, logger });
  const { options } = environment;
  logger.info(
    {
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
      clientId: options.credentials?.[0]?.clientId,
      seed: options.seed,
      controlApi: `${emulator.apiBaseUrl}/__emulator`,
    },
    `Genesys emulator listening on ${emulator.apiBaseUrl}`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Genesys emulator shutting down");
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "Genesys emulator did not close cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  logger.fatal({ err: error }, "Genesys emulator failed to start");
  process.exit(1);
}
