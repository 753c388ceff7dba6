import { InputError } from "../input/input-error.js";
import { SeenIds } from "./seen-ids.js";
import type { SimulatedInteraction } from "./types.js";

/**
 * A problem with one interaction of a dataset, located by its source line when it has one, otherwise by
 * its 1-based position and id: `line 4 (id): ...` or `interaction #3 (id "x"): ...`.
 */
export function interactionInputError(
  interaction: SimulatedInteraction,
  position: number,
  field: string,
  reason: string,
): InputError {
  if (interaction.line !== undefined) return new InputError(reason, { line: interaction.line, field });
  return new InputError(`interaction #${position} (id "${interaction.id}"): ${reason}`, { field });
}

/** The rule that interaction ids are non-empty and unique in a dataset, applied one interaction at a time. */
export class InteractionIdCheck {
  readonly #seen: SeenIds;

  /**
   * `expectedCount`, when known, sizes the table once instead of growing it step by step (up to 4M
   * slots, 48 MB; a larger dataset grows it as it goes).
   */
  constructor(expectedCount?: number) {
    this.#seen = new SeenIds(expectedCount === undefined ? undefined : Math.min(2 * expectedCount, 1 << 22));
  }

  /** Throws `InputError` (field `id`) for an empty id or one seen before, naming where it was first seen. */
  check(interaction: SimulatedInteraction, position: number): void {
    const { id } = interaction;
    if (typeof id !== "string" || id === "") {
      throw interactionInputError(interaction, position, "id", "interaction id must be a non-empty string");
    }
    const first = this.#seen.add(id, interaction.line ?? position);
    if (first === 0) return;
    const earlier = interaction.line === undefined ? `interaction #${first}` : `line ${first}`;
    throw interactionInputError(
      interaction,
      position,
      "id",
      `duplicate interaction id "${id}" (already used by ${earlier})`,
    );
  }
}

/**
 * Checks a whole dataset up front with the simulator's own rule (the dashboard does, so that a bad file is
 * refused before a run is accepted). Throws the `InputError` the simulator would.
 */
export function requireUniqueInteractionIds(interactions: Iterable<SimulatedInteraction>): void {
  const check = new InteractionIdCheck();
  let position = 0;
  for (const interaction of interactions) check.check(interaction, ++position);
}
