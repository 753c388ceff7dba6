import { setTimeout as sleep } from "node:timers/promises";
import { fullJitterDelayMs } from "@routing/genesys-client";
import type { Logger } from "@routing/service-kit";
import type { DeliveryWatermark } from "./delivery-watermark.js";
import type { NotificationIngest } from "./notification-ingest.js";

export interface WatermarkKeeperOptions {
  readonly watermark: DeliveryWatermark;
  readonly ingest: Pick<NotificationIngest, "recoverWindow" | "pendingSinceMs">;
  /** The topics followed (fixed once the keeper starts). */
  readonly topics: () => readonly string[];
  /** True while every channel is open: only then does every event published up to now arrive. */
  readonly streamOpen: () => boolean;
  /** How often the watermark is raised; the window a crash can leave unrecovered is never larger. */
  readonly intervalMs: number;
  /** Backoff of the first read while Redis does not answer. */
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly logger: Logger;
  readonly now: () => number;
}

export interface WatermarkKeeper {
  /** Reads the deployment's watermark, recovers the window since it, then keeps it up to date. */
  start(): void;
  stop(): Promise<void>;
}

/** While waiting for the stream to open, it is checked this often. */
const OPEN_POLL_MS = 100;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Recovery across restarts. On start the deployment's watermark (how far every followed topic is safely in
 * Redis) is read before anything could raise it; once the stream is open, the window from the watermark to
 * now becomes a `notifications.recover` job, deduplicated like any gap: events published while no
 * ingester ran (the only one was killed) get their decisions. From then on the watermark follows what is
 * safely in Redis: now, or the oldest job still held (a recovery job included), so a crash at any moment
 * leaves a watermark at or before the first event it could lose.
 */
export function createWatermarkKeeper(options: WatermarkKeeperOptions): WatermarkKeeper {
  const { watermark, ingest, logger, now } = options;
  const stop = new AbortController();
  let running: Promise<void> | undefined;

  const pause = (ms: number) => sleep(ms, undefined, { signal: stop.signal }).catch(() => {});

  const readBaseline = async (topics: readonly string[]): Promise<number | undefined | "stopped"> => {
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      try {
        return await watermark.read(topics);
      } catch (error) {
        const retryInMs = Math.max(
          options.retry.baseDelayMs,
          fullJitterDelayMs(attempt, options.retry, Math.random),
        );
        logger.warn(
          { error: messageOf(error), retryInMs },
          "cannot read the delivery watermark yet; retrying",
        );
        await pause(retryInMs);
      }
    }
    return "stopped";
  };

  const keep = async (topics: readonly string[]): Promise<void> => {
    let failing = false;
    while (!stop.signal.aborted) {
      if (options.streamOpen()) {
        const mark = Math.min(now(), ingest.pendingSinceMs() ?? Number.POSITIVE_INFINITY);
        try {
          await watermark.advance(topics, mark);
          if (failing) logger.info("delivery watermark written again");
          failing = false;
        } catch (error) {
          // Redis away: the watermark stays where it was, which only widens the next start's recovery.
          if (!failing) logger.warn({ error: messageOf(error) }, "cannot write the delivery watermark");
          failing = true;
        }
      }
      await pause(options.intervalMs);
    }
  };

  const run = async (): Promise<void> => {
    const topics = options.topics();
    const baseline = await readBaseline(topics);
    if (baseline === "stopped") return;
    while (!options.streamOpen() && !stop.signal.aborted) await pause(OPEN_POLL_MS);
    if (stop.signal.aborted) return;
    const openedAtMs = now();
    if (baseline === undefined) {
      logger.info(
        { topics: topics.length },
        "no delivery watermark yet: nothing to recover from before this start",
      );
    } else {
      logger.info(
        { fromMs: baseline, toMs: openedAtMs, secondsUnwatched: Math.round((openedAtMs - baseline) / 1000) },
        "recovering what the deployment may have missed before this ingester started",
      );
      ingest.recoverWindow(topics, baseline, openedAtMs, "ingester-start");
    }
    await keep(topics);
  };

  return {
    start() {
      running ??= run().catch((error: unknown) =>
        logger.error({ error: messageOf(error) }, "delivery watermark keeper stopped"),
      );
    },
    async stop() {
      stop.abort();
      await running;
    },
  };
}
