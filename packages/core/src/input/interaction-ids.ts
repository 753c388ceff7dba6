import type { SimulatedInteraction } from "../simulator/types.js";
import { InputError } from "./input-error.js";
import { SeenIds } from "./seen-ids.js";

/**
 * A problem with one interaction of a dataset, located by its source line when it has one, otherwise by
 * its 1-based position and id: `line 4 (id): ...` or `interaction #3 (id "x"): ...`.
 */
export function interactionInputError(
  interaction: SimulatedInteraction,
  position: number,
  field: string,
  reason: string,
  column?: number,
): InputError {
  if (interaction.line !== undefined) {
    return new InputError(reason, {
      line: interaction.line,
      field,
      ...(column === undefined ? {} : { column }),
    });
  }
  return new InputError(`interaction #${position} (id "${interaction.id}"): ${reason}`, { field });
}

/**
 * The rule that interaction ids are non-empty and unique in a dataset, applied one interaction at a time.
 * The CSV parser applies it to every file (so `npm run sim` and the dashboard refuse a repeated id with
 * its line); `requireUniqueInteractionIds` applies it to a dataset from elsewhere. The simulator itself
 * does not repeat it on every run: hashing a million ids costs as much as simulating them under the
 * simpler policies.
 */
export class InteractionIdCheck {
  readonly #seen: SeenIds;

  /**
   * `expectedCount`, when known, sizes the table once instead of growing it step by step (up to 4M
   * slots, 48 MB; a larger dataset grows it as it goes).
   */
  constructor(expectedCount?: number) {
    this.#seen = new SeenIds(expectedCount === undefined ? undefined : Math.min(2 * expectedCount, 1 << 22));
  }

  /**
   * Throws `InputError` (field `id`, and `column` when given) for an empty id or one seen before, naming
   * where it was first seen.
   */
  check(interaction: SimulatedInteraction, position: number, column?: number): void {
    const { id } = interaction;
    if (typeof id !== "string" || id === "") {
      throw interactionInputError(
        interaction,
        position,
        "id",
        "interaction id must be a non-empty string",
        column,
      );
    }
    const first = this.#seen.add(id, interaction.line ?? position);
    if (first === 0) return;
    const earlier = interaction.line === undefined ? `interaction #${first}` : `line ${first}`;
    throw interactionInputError(
      interaction,
      position,
      "id",
      `duplicate interaction id "${id}" (already used by ${earlier})`,
      column,
    );
  }
}

/**
 * Checks a whole dataset that did not come through the CSV parser (which checks as it reads). Throws the
 * `InputError` naming the line (or position) of the repeat and of the first use.
 */
export function requireUniqueInteractionIds(interactions: Iterable<SimulatedInteraction>): void {
  const check = new InteractionIdCheck();
  let position = 0;
  for (const interaction of interactions) check.check(interaction, ++position);
}
