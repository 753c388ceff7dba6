import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { runIdOf, runNotFound } from "../skill-runs/run-requests.js";

/** GET /api/skill-adjustments/runs/:runId: the run with every proposed change and its audit trail. */
export const getSkillRunHandler: Handler<DashboardServices> = async (request, services) => {
  const runId = runIdOf(request);
  const run = await services.adjustmentRuns.get(runId);
  if (run === undefined) throw runNotFound(runId);
  return json(200, { ...run, audit: await services.adjustmentRuns.auditOf(runId) });
};
