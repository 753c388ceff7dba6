import { badRequest, type Handler, json } from "@routing/http-kit";
import { RUN_STATUSES } from "@routing/skill-adjustment-runs";
import type { DashboardServices } from "../services.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/**
 * GET /api/skill-adjustments/runs?limit=&status=: the newest runs first, without their changes (their
 * count instead); `status` keeps the runs in that state (e.g. `awaiting-approval`).
 */
export const listSkillRunsHandler: Handler<DashboardServices> = async (request, services) => {
  const limitText = request.query.get("limit");
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw badRequest("invalid-query", `limit must be a whole number from 1 to ${MAX_LIMIT}`, {
      field: "limit",
    });
  }
  const status = request.query.get("status");
  if (status !== null && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw badRequest("invalid-query", `status must be one of: ${RUN_STATUSES.join(", ")}`, {
      field: "status",
    });
  }
  const runs = (await services.adjustmentRuns.list(status === null ? limit : MAX_LIMIT))
    .filter((run) => status === null || run.status === status)
    .slice(0, limit);
  return json(200, {
    runs: runs.map(({ changes, ...run }) => ({
      ...run,
      changeCount: changes.length,
      links: { self: `/api/skill-adjustments/runs/${run.runId}` },
    })),
  });
};
