import { type Handler, json } from "@routing/http-kit";
import { JOB_CATALOG, QUEUES } from "@routing/jobs";
import type { DashboardServices } from "../services.js";

/** GET /api/jobs: the catalog jobs POST /api/jobs/:name accepts, with their queue and retry policy. */
export const listJobsHandler: Handler<DashboardServices> = () =>
  json(200, {
    jobs: Object.entries(JOB_CATALOG).map(([name, definition]) => ({
      name,
      queue: QUEUES[definition.queue],
      attempts: definition.attempts,
      backoff: definition.backoff,
      ...("priority" in definition ? { priority: definition.priority } : {}),
    })),
  });
