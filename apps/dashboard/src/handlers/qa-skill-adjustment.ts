import {
  buildRoutingSkillBulkUpdates,
  type CsatScale,
  decideSkillAdjustment,
  formatSupervisorAlert,
} from "@routing/core";
import { type Handler, json } from "@routing/http-kit";
import { z } from "zod";
import { callCore, under } from "../qa/core-call.js";
import type { DashboardServices } from "../services.js";

/** core's SkillAdjustmentInput and options, plus display names for the alert text; values checked by core. */
export const skillAdjustmentSchema = z.strictObject({
  userId: z.string(),
  skillId: z.string(),
  currentProficiency: z.number(),
  performance: z.strictObject({
    conversations: z.number(),
    averageHandleTimeSeconds: z.number(),
    /** null: no survey responses. */
    csat: z.number().nullable(),
    /** 1, 5 or 100; core names the field when it is anything else. */
    csatScale: z.number(),
  }),
  options: z
    .strictObject({
      handleTimeTiers: z
        .array(z.strictObject({ aboveSeconds: z.number(), factor: z.number() }))
        .exactOptional(),
      baseHandleTimeFactor: z.number().exactOptional(),
      minConversations: z.number().exactOptional(),
      maxStep: z.number().exactOptional(),
      deadBand: z.number().exactOptional(),
      alertThreshold: z.number().exactOptional(),
    })
    .exactOptional(),
  names: z
    .strictObject({ userName: z.string().exactOptional(), skillName: z.string().exactOptional() })
    .exactOptional(),
});

/**
 * POST /api/qa/skill-adjustment: core's decision, the supervisor alert text when core flags one, and the
 * PATCH /api/v2/users/{userId}/routingskills/bulk body the worker would send.
 */
export const qaSkillAdjustmentHandler: Handler<DashboardServices, z.output<typeof skillAdjustmentSchema>> = ({
  body,
}) => {
  const { options, names, performance, ...input } = body;
  const decision = callCore(
    () =>
      decideSkillAdjustment(
        // Core rejects any scale but 1, 5 and 100 with the field named; the cast only defers that check.
        { ...input, performance: { ...performance, csatScale: performance.csatScale as CsatScale } },
        options,
      ),
    { config: under("options") },
  );
  const supervisorAlert =
    decision.kind === "adjust" && decision.alert ? formatSupervisorAlert(decision, names) : null;
  return json(200, { decision, supervisorAlert, bulkUpdates: buildRoutingSkillBulkUpdates([decision]) });
};
