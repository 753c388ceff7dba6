import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { actorOf, enqueueRunAction, runIdOf, runNotFound, wrongState } from "../skill-runs/run-requests.js";

/**
 * POST /api/skill-adjustments/runs/:runId/rollback (optional body `{ "by": name }`): an applied run becomes
 * `rolling-back` and the worker's `skills.run-action` job is queued to write back every proficiency the run
 * changed (each restore audited). 202: the writes happen in the worker.
 */
export const rollbackSkillRunHandler: Handler<DashboardServices, unknown> = async (request, services) => {
  const runId = runIdOf(request);
  const actor = actorOf(request);
  const runs = services.adjustmentRuns;
  const moved = await runs.transition(runId, ["applied"], "rolling-back", {
    kind: "rollbackRequested",
    by: actor,
  });
  if (!moved.ok) {
    if (moved.status === undefined) throw runNotFound(runId);
    throw wrongState(runId, moved.status, "rolled back", "applied");
  }
  let jobId: string;
  try {
    jobId = await enqueueRunAction(services, moved.run, "rollback", actor);
  } catch (error) {
    await runs.transition(runId, ["rolling-back"], "applied");
    throw error;
  }
  await runs.audit([{ atMs: services.now(), runId, action: "rollback-requested", actor }]);
  services.logger.info({ runId, actor, jobId }, "skill adjustment run rollback requested");
  return json(202, { runId, status: "rolling-back", jobId });
};
