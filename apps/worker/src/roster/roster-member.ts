import { GenesysApiError } from "@routing/genesys-client";
import type { JobHandler } from "../handler-context.js";
import { readUserIntoRoster } from "./read-user.js";

/**
 * A member joined a followed queue. The membership event names nobody but the user (`{ id, user: { id },
 * queueId, joined }`), so one read of that user (`GET /api/v2/users/{userId}?expand=routingStatus,presence,
 * skills,languages`, lane `roster`) gives the roster what it needs to route to them; their activity events
 * keep it live from then on.
 */
export const readRosterMember: JobHandler<"roster.member"> = async (payload, context) => {
  let read: Awaited<ReturnType<typeof readUserIntoRoster>>;
  try {
    read = await readUserIntoRoster(context, payload.userId, "roster");
  } catch (error) {
    if (error instanceof GenesysApiError && error.status === 404) {
      context.roster.metrics.reads.inc({ kind: "member", result: "done" });
      return { status: "user-gone", queueId: payload.queueId, userId: payload.userId };
    }
    context.roster.metrics.reads.inc({ kind: "member", result: "failed" });
    throw error;
  }
  context.roster.metrics.reads.inc({ kind: "member", result: "done" });
  if (read.observation === undefined) {
    return { status: "unreadable", queueId: payload.queueId, userId: payload.userId };
  }
  return {
    status: "read",
    queueId: payload.queueId,
    userId: payload.userId,
    changed: read.changed > 0,
    skills: Object.keys(read.observation.skills ?? {}).length,
  };
};
