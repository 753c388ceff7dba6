import type { Logger } from "pino";

export interface ShutdownStep {
  readonly name: string;
  readonly close: () => Promise<unknown>;
}

/**
 * Closes `steps` in order on SIGTERM/SIGINT (what Kubernetes and `npm start` send), so a worker finishes
 * or returns its active jobs instead of leaving them stalled. After `timeoutMs` it exits anyway.
 * Returns the function that runs the same shutdown (for tests and fatal errors).
 */
export function handleShutdown(
  steps: readonly ShutdownStep[],
  logger: Logger,
  options: { readonly timeoutMs?: number; readonly exit?: (code: number) => void } = {},
): (reason: string) => Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    running ??= (async () => {
      logger.info({ reason }, "shutting down");
      const timer = setTimeout(() => {
        logger.error({ timeoutMs }, "shutdown timed out; exiting");
        exit(1);
      }, timeoutMs);
      timer.unref();
      let failed = false;
      for (const step of steps) {
        try {
          await step.close();
        } catch (error) {
          failed = true;
          logger.error({ err: error, step: step.name }, "shutdown step failed");
        }
      }
      clearTimeout(timer);
      logger.info("stopped");
      exit(failed ? 1 : 0);
    })();
    return running;
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  return shutdown;
}
