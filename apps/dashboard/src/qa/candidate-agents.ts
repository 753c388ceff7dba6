import { type CandidateAgent, MAX_PROFICIENCY, ROUTING_STATUSES } from "@routing/core";
import { z } from "zod";

/** Agents per QA request: a queue's membership, well past Genesys' 100 scored agents. */
export const MAX_QA_AGENTS = 5_000;

/**
 * An agent as core's scoring takes it: the roster fields of parseAgentsJson (csat null = no survey data)
 * plus the Genesys routing status (`startTime` ISO-8601 or epoch ms) that decides eligibility and idle time,
 * and the occupancy the fairness term may use.
 */
export const candidateAgentSchema = z
  .strictObject({
    id: z.string().trim().min(1),
    name: z.string().exactOptional(),
    skills: z.record(z.string().min(1), z.number().min(0).max(MAX_PROFICIENCY)),
    languages: z.array(z.string().trim().min(1)),
    csat: z.number().min(0).max(1).nullable().exactOptional(),
    /** Occupancy over a recent window, 0–1: read only by the fairness term's `occupancy` signal. */
    occupancy: z.number().min(0).max(1).exactOptional(),
    routingStatus: z
      .strictObject({
        status: z.enum(ROUTING_STATUSES),
        startTime: z.union([z.string(), z.number()]).exactOptional(),
      })
      .exactOptional(),
  })
  .transform(
    ({ csat, ...agent }): CandidateAgent =>
      csat === null || csat === undefined ? agent : { ...agent, csat },
  );

export const candidateAgentsSchema = z.array(candidateAgentSchema).max(MAX_QA_AGENTS);
