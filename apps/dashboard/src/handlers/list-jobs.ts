import { JOB_CATALOG, QUEUES } from "@routing/jobs";
import { json, type RouteHandler } from "../http/route.js";

/** GET /api/jobs: the catalog jobs POST /api/jobs/:name accepts, with their queue and retry policy. */
export const listJobsHandler: RouteHandler = () =>
  json(200, {
    jobs: Object.entries(JOB_CATALOG).map(([name, definition]) => ({
      name,
      queue: QUEUES[definition.queue],
      attempts: definition.attempts,
      backoff: definition.backoff,
      ...("priority" in definition ? { priority: definition.priority } : {}),
    })),
  });
