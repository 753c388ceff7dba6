import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { actorOf, runIdOf, runNotFound, wrongState } from "../skill-runs/run-requests.js";

/**
 * POST /api/skill-adjustments/runs/:runId/reject (optional body `{ "by": name }`): a run awaiting approval
 * becomes `rejected`; nothing of it is ever written (no job: there is nothing for the worker to do).
 */
export const rejectSkillRunHandler: Handler<DashboardServices, unknown> = async (request, services) => {
  const runId = runIdOf(request);
  const actor = actorOf(request);
  const moved = await services.adjustmentRuns.transition(runId, ["awaiting-approval"], "rejected", {
    kind: "decided",
    by: actor,
  });
  if (!moved.ok) {
    if (moved.status === undefined) throw runNotFound(runId);
    throw wrongState(runId, moved.status, "rejected", "awaiting approval");
  }
  await services.adjustmentRuns.audit([{ atMs: services.now(), runId, action: "rejected", actor }]);
  services.logger.info({ runId, actor }, "skill adjustment run rejected");
  return json(200, { runId, status: "rejected" });
};
