import { observationFromSkillWrite } from "@routing/roster";
import type { HandlerContext } from "../handler-context.js";

/**
 * Genesys has no notification for skill changes, so our own writes update the roster at once: the bulk
 * PATCH answers with every skill the user holds, which is applied (versioned by when Genesys answered) so
 * the next decision sees it without a read. A roster write that fails is logged and left to the skills
 * refresh: the skill write itself succeeded and must not be retried for it.
 */
export async function writeThroughToRoster(
  context: Pick<HandlerContext, "roster" | "nowMs" | "logger">,
  userId: string,
  skillsNow: unknown,
): Promise<void> {
  const observation = observationFromSkillWrite(userId, skillsNow, context.nowMs());
  if (observation === undefined) return;
  try {
    await context.roster.store.applyObservations([observation]);
  } catch (error) {
    context.logger.warn(
      { userId, error: error instanceof Error ? error.message : String(error) },
      "skill write not copied to the roster; the skills refresh will catch up",
    );
  }
}
