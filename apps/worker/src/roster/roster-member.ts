import { GenesysApiError } from "@routing/genesys-client";
import { observationFromUser } from "@routing/roster";
import { callOptions, type JobHandler } from "../handler-context.js";

/**
 * A member joined a followed queue. The membership event names nobody but the user (`{ id, user: { id },
 * queueId, joined }`), so one read of that user (`GET /api/v2/users/{userId}?expand=routingStatus,presence,
 * skills,languages`, lane `roster`) gives the roster what it needs to route to them; their activity events
 * keep it live from then on.
 */
export const readRosterMember: JobHandler<"roster.member"> = async (payload, context) => {
  const readAtMs = context.nowMs();
  let user: unknown;
  try {
    user = await context.genesys.users.getUser(payload.userId, {
      ...callOptions(context),
      lane: "roster",
      expand: ["routingStatus", "presence", "skills", "languages"],
    });
  } catch (error) {
    if (error instanceof GenesysApiError && error.status === 404) {
      context.roster.metrics.reads.inc({ kind: "member", result: "done" });
      return { status: "user-gone", queueId: payload.queueId, userId: payload.userId };
    }
    context.roster.metrics.reads.inc({ kind: "member", result: "failed" });
    throw error;
  }
  const observation = observationFromUser(user, readAtMs);
  context.roster.metrics.reads.inc({ kind: "member", result: "done" });
  if (observation === undefined || observation.userId !== payload.userId) {
    context.logger.warn({ userId: payload.userId }, "Genesys answered a user read without the user's id");
    return { status: "unreadable", queueId: payload.queueId, userId: payload.userId };
  }
  const changed = await context.roster.store.applyObservations([observation]);
  return {
    status: "read",
    queueId: payload.queueId,
    userId: payload.userId,
    changed: changed > 0,
    skills: Object.keys(observation.skills ?? {}).length,
  };
};
