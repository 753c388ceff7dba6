import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContactCentreOptions, RequestLogEntry } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import { Queue } from "bullmq";
import { RoutingSystem } from "./routing-system.js";

export interface RoutingRunOptions {
  readonly agents: number;
  readonly arrivalsPerMinute: number;
  /** Arrivals before the window: the queue's configuration read, the first decisions made. */
  readonly warmUpMs: number;
  /** What is counted. */
  readonly windowMs: number;
  /** Overrides of the emulator's centre (routing-system.ts). */
  readonly contactCentre?: ContactCentreOptions;
}

export interface RoutingRun {
  readonly options: RoutingRunOptions;
  /** Requests the emulator answered in the window (API and token; the notification socket is not one). */
  readonly calls: number;
  /** The same by method and path (ids as {id}), most first. */
  readonly callsByPath: readonly (readonly [string, number])[];
  /** Conversations that got a 2xx `PATCH /api/v2/routing/conversations/{id}` in the window. */
  readonly routed: number;
  readonly arrived: number;
  /** 429s the emulator answered over the whole run, start-up included. */
  readonly tooManyRequests: number;
  /**
   * Notification frame received by the ingester (the job's observedAtMs) to the emulator receiving the
   * PATCH, ms, per routed conversation of the window, sorted.
   */
  readonly latenciesMs: readonly number[];
  /** The same cut in three, each sorted: frame to job added (ingester), added to taken (queue), taken to PATCH (worker). */
  readonly stagesMs: { readonly ingest: number[]; readonly queued: number[]; readonly decide: number[] };
  /** Peak resident memory of the app processes over the whole run (start-up included), MB. */
  readonly rssMb: { readonly worker: number; readonly ingester: number };
  /** How many members the queue had (the roster the decisions work on). */
  readonly members: number;
  /**
   * How late this process' event loop ran, over the window, ms: the emulator runs in it, so a PATCH that
   * reaches it while it is busy is stamped late by up to this much (the latencies include it).
   */
  readonly emulatorLoopDelayMs: { readonly p99: number; readonly max: number };
}

/** The event-loop histogram's sampling interval, ms: it records each interval whole, so this is taken off. */
const LOOP_DELAY_RESOLUTION_MS = 1;

const ROUTING_PATCH = /^\/api\/v2\/routing\/conversations\/([^/]+)$/;

function pathKey(entry: RequestLogEntry): string {
  return `${entry.method} ${entry.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "{id}")}`;
}

/**
 * The real system (routing-system.ts) under a steady stream of arrivals: settled first (roster seeded,
 * start-up done), a warm-up, then a window in which every request the emulator answers is counted
 * against the conversations the worker routed.
 */
export async function runRouting(options: RoutingRunOptions): Promise<RoutingRun> {
  const system = await RoutingSystem.start({
    agents: options.agents,
    ...(options.contactCentre === undefined ? {} : { contactCentre: options.contactCentre }),
  });
  try {
    await system.settled();
    const { control } = system.emulator;
    const members = control.snapshot().queues[0]?.memberIds.length ?? 0;
    control.setArrivalRate(options.arrivalsPerMinute);
    await sleep(options.warmUpMs);
    system.assertRunning();
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    const fromMs = Date.now();
    loopDelay.enable();
    await sleep(options.windowMs);
    loopDelay.disable();
    const toMs = Date.now();
    const lateByMs = (nanoseconds: number): number =>
      Math.max(0, nanoseconds / 1e6 - LOOP_DELAY_RESOLUTION_MS);
    control.setArrivalRate(0);
    const entries = control.requestLog().filter((entry) => entry.at >= fromMs && entry.at < toMs);
    system.assertRunning();

    const calls = entries.filter((entry) => entry.status !== 101);
    const byPath = new Map<string, number>();
    for (const entry of calls) byPath.set(pathKey(entry), (byPath.get(pathKey(entry)) ?? 0) + 1);
    const patchedAt = new Map<string, number>();
    for (const entry of calls) {
      const conversationId = ROUTING_PATCH.exec(entry.path)?.[1];
      if (entry.method !== "PATCH" || conversationId === undefined) continue;
      if (entry.status < 200 || entry.status >= 300 || patchedAt.has(conversationId)) continue;
      patchedAt.set(conversationId, entry.at);
    }
    const arrived = control
      .snapshot()
      .conversations.filter(
        (conversation) => conversation.arrivedAt >= fromMs && conversation.arrivedAt < toMs,
      ).length;
    return {
      options,
      calls: calls.length,
      callsByPath: [...byPath].sort((a, b) => b[1] - a[1]),
      routed: patchedAt.size,
      arrived,
      tooManyRequests: control.requestLog().filter((entry) => entry.status === 429).length,
      ...(await frameToPatch(system, patchedAt)),
      rssMb: { worker: system.worker.peakRssMb(), ingester: system.ingester.peakRssMb() },
      members,
      emulatorLoopDelayMs: { p99: lateByMs(loopDelay.percentile(99)), max: lateByMs(loopDelay.max) },
    };
  } finally {
    await system.stop();
  }
}

/** Each routed conversation's first score job: when its frame reached the ingester, to its PATCH. */
async function frameToPatch(
  system: RoutingSystem,
  patchedAt: ReadonlyMap<string, number>,
): Promise<Pick<RoutingRun, "latenciesMs" | "stagesMs">> {
  const queue = new Queue(QUEUES.decisions, { connection: system.redis, prefix: system.prefix });
  try {
    const first = new Map<string, { observedAtMs: number; addedAtMs: number; takenAtMs: number }>();
    for (const job of await queue.getJobs(["completed", "failed", "active", "wait"], 0, -1)) {
      if (job.name !== "conversation.score") continue;
      const data = job.data as { conversationId?: string; observedAtMs?: number };
      if (data.conversationId === undefined || data.observedAtMs === undefined) continue;
      const earliest = first.get(data.conversationId);
      if (earliest === undefined || data.observedAtMs < earliest.observedAtMs) {
        first.set(data.conversationId, {
          observedAtMs: data.observedAtMs,
          addedAtMs: job.timestamp,
          takenAtMs: job.processedOn ?? job.timestamp,
        });
      }
    }
    const latenciesMs: number[] = [];
    const stagesMs = { ingest: [] as number[], queued: [] as number[], decide: [] as number[] };
    for (const [conversationId, at] of patchedAt) {
      const job = first.get(conversationId);
      if (job === undefined || at < job.observedAtMs) continue;
      latenciesMs.push(at - job.observedAtMs);
      stagesMs.ingest.push(job.addedAtMs - job.observedAtMs);
      stagesMs.queued.push(job.takenAtMs - job.addedAtMs);
      stagesMs.decide.push(at - job.takenAtMs);
    }
    const sort = (values: number[]): number[] => values.sort((a, b) => a - b);
    return {
      latenciesMs: sort(latenciesMs),
      stagesMs: {
        ingest: sort(stagesMs.ingest),
        queued: sort(stagesMs.queued),
        decide: sort(stagesMs.decide),
      },
    };
  } finally {
    await queue.close();
  }
}

export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
