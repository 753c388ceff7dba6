import { decideHandoffTurn, type HandoffTarget, initialHandoffState, parseHandoffState } from "@routing/core";
import { type Handler, json } from "@routing/http-kit";
import { z } from "zod";
import { callCore, under } from "../qa/core-call.js";
import type { DashboardServices } from "../services.js";

/**
 * Used when the request names no `options.defaultTarget`. Core has no default queue on purpose; for QA
 * the question is usually "does this turn hand off?", and the placeholder makes the answer readable.
 */
export const QA_DEFAULT_TARGET: HandoffTarget = Object.freeze({ queueId: "qa-default-target", skillIds: [] });

const target = z.strictObject({ queueId: z.string(), skillIds: z.array(z.string()) });

export const handoffSchema = z.strictObject({
  /** The state returned by the previous call (core's HandoffSessionState); absent or null = a new session. */
  state: z.unknown().exactOptional(),
  /** What the bot reported; loosely typed on purpose, as in core (a bad confidence counts as 0). */
  turn: z.object({ intent: z.unknown().exactOptional(), confidence: z.unknown().exactOptional() }),
  /** core's handoff options; values are checked by core. */
  options: z
    .strictObject({
      confidenceThreshold: z.number().exactOptional(),
      perIntentThreshold: z.record(z.string(), z.number()).exactOptional(),
      escalationIntents: z.array(z.string()).exactOptional(),
      lowConfidenceMargin: z.number().exactOptional(),
      lowConfidenceTurns: z.number().exactOptional(),
      defaultTarget: target.exactOptional(),
      perIntentTarget: z.record(z.string(), target).exactOptional(),
    })
    .exactOptional(),
});

/** POST /api/qa/handoff: core's decision for one bot turn and the state to send with the next turn. */
export const qaHandoffHandler: Handler<DashboardServices, z.output<typeof handoffSchema>> = ({ body }) => {
  const state =
    body.state === undefined || body.state === null
      ? initialHandoffState()
      : callCore(() => parseHandoffState(body.state));
  const options = { defaultTarget: QA_DEFAULT_TARGET, ...body.options };
  const step = callCore(() => decideHandoffTurn(state, body.turn, options), { config: under("options") });
  return json(200, step);
};
