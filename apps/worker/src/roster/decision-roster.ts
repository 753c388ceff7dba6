import { setTimeout as sleep } from "node:timers/promises";
import type { QueueRoster, StaleEpisode } from "@routing/roster";
import type { HandlerContext } from "../handler-context.js";
import type { JsonValue } from "../job-outcome.js";
import { confirmQueue } from "./confirm-queue.js";

/** The roster a decision decides on, and what getting it cost. */
export interface DecisionRoster {
  readonly roster: QueueRoster;
  /**
   * `seeded`: the queue had never been read, so this decision read it first; `refreshed`: it was stale and
   * this decision won the episode's refresh; undefined: read from Redis alone.
   */
  readonly read: "seeded" | "refreshed" | undefined;
  /** Genesys requests this decision spent on the roster (0 when read from Redis alone). */
  readonly requests: number;
  /** Decided on a roster known to be stale (`WORKER_ROSTER_ON_STALE=record`, or another decision refreshes it). */
  readonly staleRoster: boolean;
}

/** How long a decision waits for another decision's seed of a never-seeded queue before it retries. */
const SEED_WAIT_MS = 15_000;
const SEED_POLL_MS = 100;

async function reread(
  context: HandlerContext,
  episode: StaleEpisode,
  read: "seeded" | "refreshed",
): Promise<DecisionRoster> {
  const { queueId } = episode;
  try {
    // Lane `decision`: a customer waits on this read, it is one of "the reads a decision needs".
    const confirmed = await confirmQueue(
      context,
      queueId,
      read === "seeded" ? "seed" : "reconcile",
      "decision",
      episode.staleUntilMs,
    );
    context.roster.metrics.reads.inc({ kind: "decision", result: "done" });
    const roster = await context.roster.store.readQueueRoster(queueId);
    return { roster, read, requests: confirmed.pages, staleRoster: roster.stale };
  } catch (error) {
    context.roster.metrics.reads.inc({ kind: "decision", result: "failed" });
    await context.roster.store.releaseStaleRefresh(episode).catch(() => undefined);
    throw error;
  }
}

/** Another decision holds the seed of a never-seeded queue: its result, once confirmed. */
async function awaitSeed(context: HandlerContext, queueId: string): Promise<DecisionRoster> {
  const deadline = Date.now() + SEED_WAIT_MS;
  while (Date.now() < deadline) {
    await sleep(SEED_POLL_MS, undefined, context.signal === undefined ? {} : { signal: context.signal });
    const [status] = await context.roster.store.readQueueStatus([queueId]);
    if (status?.meta.confirmedAtMs !== undefined) {
      const roster = await context.roster.store.readQueueRoster(queueId);
      return { roster, read: undefined, requests: 0, staleRoster: roster.stale };
    }
  }
  // Retried with the catalog's backoff; the claim expires, so a seed that died is taken over.
  throw new Error(`the roster of queue ${queueId} is being seeded by another decision and is not ready yet`);
}

/**
 * A queue's roster for a decision, from Redis: no Genesys call while it is fresh. A queue never seeded is
 * seeded once (the decision that claims it lists the members, the others wait for that listing). A stale one
 * follows the store's `onStale` (WORKER_ROSTER_ON_STALE): `refresh-once` = the decision that claims the
 * staleness episode re-reads the queue and decides on that, the others decide on the roster as it is;
 * `decide-and-record` = decide on it as it is. Either way the outcome records a stale decision.
 */
export async function rosterForDecision(context: HandlerContext, queueId: string): Promise<DecisionRoster> {
  const { store } = context.roster;
  const roster = await store.readQueueRoster(queueId);
  if (!roster.stale) return { roster, read: undefined, requests: 0, staleRoster: false };
  const neverSeeded = roster.staleReason === "never-seeded";
  if (!neverSeeded && store.options.onStale === "decide-and-record") {
    return { roster, read: undefined, requests: 0, staleRoster: true };
  }
  if (await store.claimStaleRefresh(roster))
    return reread(context, roster, neverSeeded ? "seeded" : "refreshed");
  if (neverSeeded) return awaitSeed(context, queueId);
  return { roster, read: undefined, requests: 0, staleRoster: true };
}

/** What the outcome says about the roster: nothing when it came from Redis fresh. */
export function rosterOutcome(decision: DecisionRoster): Record<string, JsonValue> {
  return {
    ...(decision.read === undefined ? {} : { rosterRead: decision.read, rosterRequests: decision.requests }),
    ...(decision.staleRoster ? { staleRoster: true, staleReason: decision.roster.staleReason ?? null } : {}),
  };
}
