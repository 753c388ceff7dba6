import { z } from "zod";
import type { AgentModel } from "../contact-centre/model.js";
import { userSkillBody, userSkillsBody } from "../contact-centre/views.js";
import { notFound } from "../protocol/http/api-error.js";
import { entityListing, parsePaging } from "../protocol/http/paging.js";
import { ok, type RequestContext, type RouteDefinition, type RouteResponse } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import type { EmulatorServices } from "../services.js";

const LISTING_LIMITS = { defaultPageSize: 25, maxPageSize: 500 };

const proficiency = z.number().min(0).max(5);
const state = z.enum(["active", "inactive"]).optional();
const skillUpdateSchema = z.looseObject({ proficiency, state });
const skillEntrySchema = z.looseObject({ id: z.string().min(1), proficiency, state });
const bulkSchema = z.array(skillEntrySchema);

function catalogue(services: EmulatorServices) {
  return {
    skill: (id: string) => services.centre.skill(id),
    language: (id: string) => services.centre.language(id),
  };
}

function requireUser(context: RequestContext): AgentModel {
  const userId = context.params.userId ?? "";
  const agent = context.services.centre.agent(userId);
  if (agent === undefined) throw notFound("User", userId);
  return agent;
}

function singleSkill(context: RequestContext, agent: AgentModel, skillId: string): RouteResponse {
  const skill = context.services.centre.skill(skillId);
  const entry = agent.skills.get(skillId);
  if (skill === undefined || entry === undefined) throw notFound("Skill", skillId);
  return ok(userSkillBody(skill, entry.proficiency, entry.state, agent.id));
}

function fullListing(context: RequestContext, agent: AgentModel): RouteResponse {
  const skills = userSkillsBody(agent, catalogue(context.services));
  return ok(
    entityListing(
      skills,
      { pageNumber: 1, pageSize: Math.max(1, skills.length) },
      context.path,
      new URLSearchParams(),
    ),
  );
}

function bulkChange(context: RequestContext): RouteResponse {
  const agent = requireUser(context);
  const entries = parseOrThrow(bulkSchema, context.body ?? null);
  const changes = entries.map((entry) => ({
    skillId: entry.id,
    proficiency: entry.proficiency,
    ...(entry.state === undefined ? {} : { state: entry.state }),
  }));
  context.services.centre.changeSkills(agent.id, changes);
  return fullListing(context, agent);
}

export const userRoutingRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v2/users/{userId}/routingskills",
    auth: "bearer",
    handler(context) {
      const agent = requireUser(context);
      const paging = parsePaging(context.query, LISTING_LIMITS);
      const descending = context.query.get("sortOrder")?.toUpperCase() === "DESC";
      const skills = userSkillsBody(agent, catalogue(context.services)).sort((a, b) => {
        const order = String(a.name).localeCompare(String(b.name));
        return descending ? -order : order;
      });
      return ok(entityListing(skills, paging, context.path, context.query));
    },
  },
  {
    method: "PUT",
    path: "/api/v2/users/{userId}/routingskills/{skillId}",
    auth: "bearer",
    handler(context) {
      const agent = requireUser(context);
      const skillId = context.params.skillId ?? "";
      if (context.services.centre.skill(skillId) === undefined) throw notFound("Skill", skillId);
      const update = parseOrThrow(skillUpdateSchema, context.body ?? null);
      context.services.centre.changeSkills(agent.id, [
        {
          skillId,
          proficiency: update.proficiency,
          ...(update.state === undefined ? {} : { state: update.state }),
        },
      ]);
      return singleSkill(context, agent, skillId);
    },
  },
  {
    method: "PATCH",
    path: "/api/v2/users/{userId}/routingskills/bulk",
    auth: "bearer",
    handler: (context) => bulkChange(context),
  },
];
