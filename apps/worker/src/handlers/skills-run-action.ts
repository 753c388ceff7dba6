import { SkillRunNotFoundError } from "../errors.js";
import type { JobHandler } from "../handler-context.js";
import { auditedStep } from "../skill-adjustment/failed-attempt.js";
import { rollBackRun } from "../skill-adjustment/run-writes.js";
import { finishApplying } from "./skills-adjust-run.js";

/**
 * Carries out a supervisor's decision on a run (the dashboard records it and queues this job; only the
 * worker writes to Genesys). `approve`: `approved` -> `applying` -> written and `applied`. `rollback`:
 * `rolling-back` -> every proficiency the run wrote written back to what it was -> `rolled-back`. A job
 * retried half-way resumes from what the run recorded; one finding the run already past it does nothing.
 */
export const actOnSkillRun: JobHandler<"skills.run-action"> = async (payload, context) => {
  const runs = context.adjustmentRuns;
  const { runId, actor } = payload;
  if (payload.action === "approve") {
    const started = await runs.transition(runId, ["approved", "applying"], "applying");
    if (!started.ok) {
      if (started.status === undefined)
        throw new SkillRunNotFoundError(`skill adjustment run ${runId} does not exist (runId)`);
      return { status: "nothing-to-do", runId, runStatus: started.status };
    }
    return finishApplying(started.run, actor, context);
  }
  const rolling = await runs.get(runId);
  if (rolling === undefined)
    throw new SkillRunNotFoundError(`skill adjustment run ${runId} does not exist (runId)`);
  if (rolling.status !== "rolling-back") return { status: "nothing-to-do", runId, runStatus: rolling.status };
  const { written } = await auditedStep(context, runId, "rollback", () =>
    rollBackRun(rolling, actor, context),
  );
  const done = await runs.transition(runId, ["rolling-back"], "rolled-back");
  if (done.ok) {
    await runs.audit([
      {
        atMs: context.nowMs(),
        runId,
        action: "rolled-back",
        actor,
        note: `${written} proficiencies restored`,
      },
    ]);
  }
  return { status: "rolled-back", runId, restored: written };
};
