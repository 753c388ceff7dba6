import {
  adjustWeightsForSla,
  buildRequestScoredAgentsExplained,
  DEFAULT_SCORING_WEIGHTS,
  FAIRNESS_SIGNALS,
  type FairnessSignal,
  type RankingOptionsInput,
  ROUTING_STATUSES,
  rankAgents,
} from "@routing/core";
import { type Handler, json } from "@routing/http-kit";
import { z } from "zod";
import { candidateAgentsSchema } from "../qa/candidate-agents.js";
import { callCore, under } from "../qa/core-call.js";
import type { DashboardServices } from "../services.js";

const weights = z.strictObject({ proficiency: z.number(), languageMatch: z.number(), csat: z.number() });

export const scoreRequestSchema = z.strictObject({
  /** core's RoutingRequirement. */
  request: z.strictObject({
    requiredSkills: z.array(z.string().min(1)).max(100),
    requiredLanguage: z.string().min(1).exactOptional(),
  }),
  agents: candidateAgentsSchema,
  /** core's ranking options; `nowMs` defaults to the dashboard's clock. Values are checked by core. */
  options: z
    .strictObject({
      nowMs: z.number().exactOptional(),
      topN: z.number().exactOptional(),
      eligibleStatuses: z.union([z.literal("any"), z.array(z.enum(ROUTING_STATUSES))]).exactOptional(),
      weights: weights.exactOptional(),
      minScore: z.number().exactOptional(),
      csatFallback: z.number().exactOptional(),
      skillCombine: z.enum(["min", "mean"]).exactOptional(),
      /** core's fairness term (off unless given): `{ signal?, weight?, idleSaturationMs? }`. */
      fairness: z
        .strictObject({
          signal: z.enum(FAIRNESS_SIGNALS as readonly [FairnessSignal, ...FairnessSignal[]]).exactOptional(),
          weight: z.number().exactOptional(),
          idleSaturationMs: z.number().exactOptional(),
        })
        .exactOptional(),
    })
    .exactOptional(),
  /** The queue's current service level: the weights are shifted by core's SLA rules first. */
  sla: z
    .strictObject({
      target: z.strictObject({ percent: z.number(), seconds: z.number() }),
      serviceLevelPercent: z.number(),
    })
    .exactOptional(),
});

/**
 * POST /api/qa/score: core's ranking of the agents for the request and the exact `requestScoredAgents`
 * body the worker would PATCH to /api/v2/routing/conversations/{id}, with core's explanation (every
 * candidate's score components, the weights and SLA rule, the fairness term, why agents were left out).
 */
export const qaScoreHandler: Handler<DashboardServices, z.output<typeof scoreRequestSchema>> = (
  { body },
  services,
) => {
  const nowMs = body.options?.nowMs ?? services.now();
  const { sla } = body;
  const slaAdjustment =
    sla === undefined
      ? undefined
      : callCore(() => adjustWeightsForSla(body.options?.weights ?? DEFAULT_SCORING_WEIGHTS, sla), {
          config: (field) => (field.startsWith("sla") ? field : `options.${field}`),
        });
  const options: RankingOptionsInput = {
    ...body.options,
    nowMs,
    ...(slaAdjustment === undefined ? {} : { weights: slaAdjustment.weights }),
  };
  const fields = {
    config: under("options"),
    input: (field: string) => field.replace(/^requirement/, "request"),
  };
  const ranked = callCore(() => rankAgents(body.agents, body.request, options), fields);
  const { requestScoredAgents, explanation } = callCore(
    () =>
      buildRequestScoredAgentsExplained(
        body.agents,
        body.request,
        options,
        slaAdjustment === undefined ? {} : { slaAdjustment },
      ),
    fields,
  );
  return json(200, {
    nowMs,
    ...(slaAdjustment === undefined ? {} : { slaAdjustment }),
    ranked,
    genesysRequestBody: { requestScoredAgents },
    explanation,
  });
};
