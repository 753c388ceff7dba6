import { DEFAULT_ASSIGNMENT_THRESHOLDS, explainAssignmentCheck } from "@routing/core";
import { z } from "zod";
import { json, type RouteHandler } from "../http/route.js";
import { validate } from "../http/validate.js";
import { callCore, under } from "../qa/core-call.js";

/** core's AssignmentCheckInput plus its options; values are checked by core. */
const assignmentCheckSchema = z.strictObject({
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
export const qaAssignmentCheckHandler: RouteHandler = (request) => {
  const { options, ...input } = validate(assignmentCheckSchema, request.body);
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
