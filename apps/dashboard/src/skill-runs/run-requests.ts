import { badRequest, type HandlerRequest, HttpError } from "@routing/http-kit";
import { createJobAdder, prepareJob } from "@routing/jobs";
import { type AdjustmentRun, isRunId, type RunStatus } from "@routing/skill-adjustment-runs";
import type { DashboardServices } from "../services.js";

// One per process: its creation timestamps are what tells this request's job from an earlier one.
const addJob = createJobAdder();

/** The `:runId` of the path, checked: a 400 naming `runId` when it cannot be a run id. */
export function runIdOf(request: HandlerRequest<unknown>): string {
  const runId = request.params.runId ?? "";
  if (!isRunId(runId)) {
    throw badRequest("invalid-run-id", "runId must be a run id (run-<16 hex digits>)", { field: "runId" });
  }
  return runId;
}

export function runNotFound(runId: string): HttpError {
  return new HttpError(404, "run-not-found", `no skill adjustment run ${runId} (unknown, or expired)`, {
    field: "runId",
  });
}

/** The run is not in a state that allows the action: a 409 naming its status. */
export function wrongState(runId: string, status: RunStatus, action: string, allowed: string): HttpError {
  return new HttpError(
    409,
    "run-state-conflict",
    `run ${runId} is ${status}: only a run ${allowed} can be ${action}`,
    { field: "status" },
  );
}

/**
 * Who acts: the optional body's `by` (a person's name, since the dashboard has one shared login), else the
 * Basic auth username the request passed with. Recorded in the run and its audit trail.
 */
export function actorOf(request: HandlerRequest<unknown>): string {
  const body = request.body;
  if (body !== undefined && body !== null) {
    if (typeof body !== "object" || Array.isArray(body)) {
      throw badRequest("invalid-body", 'the body must be a JSON object, e.g. { "by": "Ann Smith" }', {
        field: "body",
      });
    }
    const by = (body as { by?: unknown }).by;
    if (by !== undefined) {
      if (typeof by !== "string" || by.trim() === "" || by.length > 200) {
        throw badRequest("invalid-body", "by must be a name of 1-200 characters", { field: "by" });
      }
      return by.trim();
    }
  }
  const header = request.headers.authorization ?? "";
  const encoded = header.startsWith("Basic ") ? header.slice(6) : "";
  const username = Buffer.from(encoded, "base64").toString("utf8").split(":")[0] ?? "";
  return username === "" ? "dashboard" : username;
}

/** Queues the worker's `skills.run-action` job for the run. */
export async function enqueueRunAction(
  services: DashboardServices,
  run: AdjustmentRun,
  action: "approve" | "rollback",
  actor: string,
): Promise<string> {
  const prepared = prepareJob("skills.run-action", {
    runId: run.runId,
    action,
    actor,
    requestedAtMs: services.now(),
  });
  const queue = services.queues.byName.get(prepared.queueName);
  if (queue === undefined) throw new Error(`catalog job "skills.run-action" has no queue`);
  const { jobId, duplicate } = await addJob(queue, prepared);
  services.metrics.jobsEnqueued.inc({ job_name: "skills.run-action", duplicate: String(duplicate) });
  return jobId;
}
