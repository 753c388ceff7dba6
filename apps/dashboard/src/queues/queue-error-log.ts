import type { Logger } from "pino";

export interface QueueErrorLogOptions {
  /**
   * At most one line per this interval, however many errors the queues report (ioredis reports every
   * failed reconnect of every queue: hundreds in a short outage).
   * @defaultValue 30 000 ms
   */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface QueueErrorLog {
  /** For each queue's 'error' event. */
  report(queueName: string, error: Error): void;
}

export const DEFAULT_QUEUE_ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * A BullMQ Queue without an 'error' listener prints every connection error's stack to the console. The
 * dashboard's queues get this listener instead: one line when an outage starts, then one per interval
 * saying how many errors were not logged since.
 */
export function createQueueErrorLog(logger: Logger, options: QueueErrorLogOptions = {}): QueueErrorLog {
  const intervalMs = options.intervalMs ?? DEFAULT_QUEUE_ERROR_LOG_INTERVAL_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError("intervalMs must be >= 0");
  const now = options.now ?? Date.now;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let notLogged = 0;
  return {
    report(queueName, error) {
      const at = now();
      if (at - lastLoggedAt < intervalMs) {
        notLogged++;
        return;
      }
      logger.error(
        { queue: queueName, error: error.message, notLoggedSinceLastLine: notLogged },
        "queue cannot reach Redis; BullMQ keeps retrying",
      );
      lastLoggedAt = at;
      notLogged = 0;
    },
  };
}
