import type { Logger } from "pino";
import { coerceError } from "./coerce-error.js";
import type { LogLevel } from "./env.js";
import { createLogger } from "./logger.js";

/** What a service's start() is given. */
export interface ServiceContext<Config> {
  readonly config: Config;
  readonly logger: Logger;
  /** Aborted when a stop was asked for (SIGTERM, SIGINT) while start() is still running. */
  readonly signal: AbortSignal;
  /**
   * Registers what to close at shutdown, as soon as it is open: at shutdown (or after a failed start) what
   * was registered last closes first, so a server stops before the connections its handlers use.
   */
  onStop(name: string, close: () => unknown): void;
}

/** What start() resolves with: the started line reports it. */
export interface ServiceStarted {
  /** Where the service answers, by name (`http`, `metrics`, `bullBoard`): ports chosen at bind time included. */
  readonly urls?: Readonly<Record<string, string>>;
  /** Anything else worth one look at start-up (never secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ServiceDefinition<Config extends { readonly logLevel: LogLevel }> {
  /** The `service` of every log line, and the prefix of what goes to stderr. */
  readonly name: string;
  /**
   * The app's env reader (its env.ts: the one place an app reads process.env): throws EnvError naming the
   * variable on a bad value.
   */
  readonly readConfig: () => Config;
  readonly start: (context: ServiceContext<Config>) => Promise<ServiceStarted>;
  /**
   * How long shutdown may take (closing everything registered) before the process exits anyway, with 1.
   * @defaultValue 30000 (Kubernetes' default grace period)
   */
  readonly shutdownTimeoutMs?: number;
}

/** The parts of `process` runService uses; tests pass their own. */
export interface ServiceProcess {
  on(event: "SIGTERM" | "SIGINT", listener: (signal: NodeJS.Signals) => void): unknown;
  on(event: "uncaughtException" | "unhandledRejection", listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

export interface RunServiceOptions {
  /** @defaultValue the real process */
  readonly process?: ServiceProcess;
  /** Where the configuration error goes. @defaultValue process.stderr */
  readonly stderr?: { write(text: string): unknown };
  /** Where log lines go. @defaultValue stdout */
  readonly logDestination?: NodeJS.WritableStream;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

interface StopStep {
  readonly name: string;
  readonly close: () => unknown;
}

/**
 * Runs one service process the same way in every app:
 * 1. reads the configuration with the app's env parser; a bad variable is one line on stderr naming it,
 *    and exit 1 before anything starts;
 * 2. builds the logger, starts, and logs one `"{name} started"` line with the URLs (bound ports included);
 * 3. on SIGTERM or SIGINT closes what start() registered, last opened first, within the shutdown timeout,
 *    and exits 0 (1 if a step failed or the timeout passed); a second signal changes nothing;
 * 4. a failed start is logged with `err` (stack and cause chain), what was already open is closed, exit 1;
 * 5. an uncaught exception or unhandled rejection is logged the same way, then the same shutdown, exit 1.
 */
export async function runService<Config extends { readonly logLevel: LogLevel }>(
  definition: ServiceDefinition<Config>,
  options: RunServiceOptions = {},
): Promise<void> {
  const host: ServiceProcess = options.process ?? process;
  const { name } = definition;

  let config: Config;
  try {
    config = definition.readConfig();
  } catch (error) {
    // The logger's level is part of the configuration: this one line goes to stderr as text.
    (options.stderr ?? process.stderr).write(
      `${name}: invalid configuration: ${coerceError(error).message}\n`,
    );
    host.exit(1);
    return;
  }

  const logger = createLogger({
    service: name,
    level: config.logLevel,
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  const timeoutMs = definition.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const steps: StopStep[] = [];
  const stopRequested = new AbortController();
  let starting: Promise<unknown> = Promise.resolve();
  let stopping: Promise<void> | undefined;

  const stop = (reason: string, exitCode: number): Promise<void> => {
    if (stopping !== undefined) {
      logger.debug({ reason }, `${name} is already stopping`);
      return stopping;
    }
    stopping = (async () => {
      logger.info({ reason }, `${name} stopping`);
      const timer = setTimeout(() => {
        logger.error({ timeoutMs }, `${name} did not stop within ${timeoutMs} ms; exiting`);
        host.exit(1);
      }, timeoutMs);
      timer.unref();
      stopRequested.abort();
      // Whatever start() opens until it gives up is registered too, and closed below.
      await starting.catch(() => undefined);
      let failed = false;
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.close();
        } catch (error) {
          failed = true;
          logger.error({ err: coerceError(error), step: step.name }, "shutdown step failed");
        }
      }
      clearTimeout(timer);
      const code = failed ? 1 : exitCode;
      logger.info({ exitCode: code }, `${name} stopped`);
      host.exit(code);
    })();
    return stopping;
  };

  host.on("SIGTERM", (signal) => void stop(signal, 0));
  host.on("SIGINT", (signal) => void stop(signal, 0));
  host.on("uncaughtException", (error) => {
    logger.fatal({ err: coerceError(error) }, "uncaught exception");
    void stop("uncaughtException", 1);
  });
  host.on("unhandledRejection", (error) => {
    logger.fatal({ err: coerceError(error) }, "unhandled promise rejection");
    void stop("unhandledRejection", 1);
  });

  const context: ServiceContext<Config> = {
    config,
    logger,
    signal: stopRequested.signal,
    onStop: (stepName, close) => {
      steps.push({ name: stepName, close });
    },
  };
  const started = Promise.resolve().then(() => definition.start(context));
  starting = started;
  let result: ServiceStarted;
  try {
    result = await started;
  } catch (error) {
    if (stopRequested.signal.aborted) {
      // Stopped while starting: what start() was doing was cut short on purpose; stop() reports and exits.
      logger.debug({ err: coerceError(error) }, `${name} start-up abandoned`);
      return;
    }
    logger.fatal({ err: coerceError(error) }, `${name} failed to start`);
    await stop("start-up failure", 1);
    return;
  }
  if (stopRequested.signal.aborted) return;
  logger.info({ urls: result.urls ?? {}, ...result.details }, `${name} started`);
}
