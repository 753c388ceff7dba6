import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { actorOf, enqueueRunAction, runIdOf, runNotFound, wrongState } from "../skill-runs/run-requests.js";

/**
 * POST /api/skill-adjustments/runs/:runId/approve (optional body `{ "by": name }`): a run awaiting
 * approval becomes `approved` (atomically: a second approval, or a rejection, gets a 409) and the worker's
 * `skills.run-action` job is queued to write it. 202: the writes happen in the worker.
 */
export const approveSkillRunHandler: Handler<DashboardServices, unknown> = async (request, services) => {
  const runId = runIdOf(request);
  const actor = actorOf(request);
  const runs = services.adjustmentRuns;
  const moved = await runs.transition(runId, ["awaiting-approval"], "approved", {
    kind: "decided",
    by: actor,
  });
  if (!moved.ok) {
    if (moved.status === undefined) throw runNotFound(runId);
    throw wrongState(runId, moved.status, "approved", "awaiting approval");
  }
  let jobId: string;
  try {
    jobId = await enqueueRunAction(services, moved.run, "approve", actor);
  } catch (error) {
    // Nothing will write it: the run waits for approval again rather than staying approved for ever.
    await runs.transition(runId, ["approved"], "awaiting-approval");
    throw error;
  }
  await runs.audit([{ atMs: services.now(), runId, action: "approved", actor }]);
  services.logger.info({ runId, actor, jobId }, "skill adjustment run approved");
  return json(202, { runId, status: "approved", jobId });
};
