import type { RequestLane } from "@routing/genesys-client";
import { observationFromUser, type UserObservation } from "@routing/roster";
import { callOptions, type HandlerContext } from "../handler-context.js";

export interface UserRead {
  /** Undefined when Genesys answered without the user's id (nothing applied). */
  readonly observation: UserObservation | undefined;
  /** Roster users changed by it. */
  readonly changed: number;
}

/**
 * One read of a user (`GET /api/v2/users/{userId}?expand=routingStatus,presence,skills,languages`) written
 * to the roster with versioned writes, so the next decision about them reads Redis instead.
 */
export async function readUserIntoRoster(
  context: HandlerContext,
  userId: string,
  lane: RequestLane,
): Promise<UserRead> {
  const readAtMs = context.nowMs();
  const user = await context.genesys.users.getUser(userId, {
    ...callOptions(context),
    lane,
    expand: ["routingStatus", "presence", "skills", "languages"],
  });
  const observation = observationFromUser(user, readAtMs);
  if (observation === undefined || observation.userId !== userId) {
    context.logger.warn({ userId }, "Genesys answered a user read without the user's id");
    return { observation: undefined, changed: 0 };
  }
  return { observation, changed: await context.roster.store.applyObservations([observation]) };
}
