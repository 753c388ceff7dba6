import { DEFAULT_ASSIGNMENT_THRESHOLDS, explainAssignmentCheck } from "@routing/core";
import { type Handler, json } from "@routing/http-kit";
import { z } from "zod";
import { callCore, under } from "../qa/core-call.js";
import type { DashboardServices } from "../services.js";

/** core's AssignmentCheckInput plus its options; values are checked by core. */
export const assignmentCheckSchema = z.strictObject({
  /** Only chooses the threshold (thresholds.perQueue). */
  queueId: z.string(),
  agent: z.strictObject({ id: z.string(), skills: z.record(z.string(), z.number()) }),
  requiredSkills: z.array(z.string()),
  options: z
    .strictObject({
      thresholds: z
        .strictObject({
          defaultThreshold: z.number().exactOptional(),
          perQueue: z.record(z.string(), z.number()).exactOptional(),
        })
        .exactOptional(),
      skillCombine: z.enum(["min", "mean"]).exactOptional(),
    })
    .exactOptional(),
});

/**
 * POST /api/qa/assignment-check: core's decision on whether the alerted agent may keep the conversation,
 * with its explanation (every requested skill, the threshold and where it came from).
 */
export const qaAssignmentCheckHandler: Handler<DashboardServices, z.output<typeof assignmentCheckSchema>> = ({
  body,
}) => {
  const { options, ...input } = body;
  const { decision, explanation } = callCore(
    () =>
      explainAssignmentCheck(input, {
        ...(options?.skillCombine === undefined ? {} : { skillCombine: options.skillCombine }),
        ...(options?.thresholds === undefined
          ? {}
          : { thresholds: { ...DEFAULT_ASSIGNMENT_THRESHOLDS, ...options.thresholds } }),
      }),
    { config: under("options") },
  );
  return json(200, { decision, explanation });
};
