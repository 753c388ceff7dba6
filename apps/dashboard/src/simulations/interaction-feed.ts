import { setImmediate as nextTurn } from "node:timers/promises";
import type { SimulatedInteraction } from "@routing/core";

/** Interactions between two turns of the event loop: about a millisecond of simulation. */
const INTERACTIONS_PER_TURN = 2_000;

/**
 * Feeds a dataset to core's simulateStream while leaving the event loop free every few thousand
 * interactions, so a long run on the dashboard does not stall its HTTP answers (and /metrics scrapes).
 * Stops with `signal.reason` once the signal is aborted (shutdown).
 */
export async function* yieldingFeed(
  interactions: Iterable<SimulatedInteraction>,
  signal: AbortSignal,
): AsyncGenerator<SimulatedInteraction> {
  let sinceTurn = 0;
  signal.throwIfAborted();
  for (const interaction of interactions) {
    if (++sinceTurn >= INTERACTIONS_PER_TURN) {
      sinceTurn = 0;
      await nextTurn();
      signal.throwIfAborted();
    }
    yield interaction;
  }
}
