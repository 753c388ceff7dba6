import type { AgentModel } from "../contact-centre/model.js";
import { type MemberExpansion, queueBody, queueMemberBody, skillBody } from "../contact-centre/views.js";
import { notFound } from "../protocol/http/api-error.js";
import { entityListing, pageUri, parsePaging } from "../protocol/http/paging.js";
import { ok, type RouteDefinition } from "../protocol/http/route.js";
import type { EmulatorServices } from "../services.js";
import { idMatches, nameMatches, queryValues } from "./query-filters.js";

const LISTING_LIMITS = { defaultPageSize: 25, maxPageSize: 500 };
/** Genesys caps queue member pages at 100. */
const MEMBER_LIMITS = { defaultPageSize: 25, maxPageSize: 100 };

function catalogue(services: EmulatorServices) {
  return {
    skill: (id: string) => services.centre.skill(id),
    language: (id: string) => services.centre.language(id),
  };
}

function memberExpansion(query: URLSearchParams): MemberExpansion {
  const expand = new Set(queryValues(query, "expand"));
  return {
    routingStatus: expand.has("routingStatus"),
    presence: expand.has("presence"),
    skills: expand.has("skills"),
    languages: expand.has("languages"),
  };
}

const normalisePresence = (text: string): string => text.toLowerCase().replace(/[\s_]/g, "");

function memberFilter(query: URLSearchParams): (agent: AgentModel) => boolean {
  const statuses = queryValues(query, "routingStatus").map((status) => status.toUpperCase());
  const presences = queryValues(query, "presence").map(normalisePresence);
  const joined = query.get("joined");
  const name = query.get("name");
  return (agent) => {
    if (statuses.length > 0 && !statuses.includes(agent.status)) return false;
    if (presences.length > 0 && !presences.includes(normalisePresence(agent.presence))) return false;
    // Every member of an emulated queue has joined it.
    if (joined === "false") return false;
    return nameMatches(name, agent.name);
  };
}

export const routingDataRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v2/routing/queues",
    auth: "bearer",
    handler({ query, services, path }) {
      const paging = parsePaging(query, LISTING_LIMITS);
      const queues = services.centre.organisation.queues
        .filter((queue) => nameMatches(query.get("name"), queue.name) && idMatches(query, queue.id))
        .map((queue) =>
          queueBody(
            queue,
            services.centre.agent,
            services.centre.routingRules(queue.id),
            services.centre.serviceLevel(queue.id),
          ),
        );
      return ok(entityListing(queues, paging, path, query));
    },
  },
  {
    method: "GET",
    path: "/api/v2/routing/queues/{queueId}",
    auth: "bearer",
    handler({ params, services }) {
      const queueId = params.queueId ?? "";
      const queue = services.centre.queue(queueId);
      if (queue === undefined) throw notFound("Queue", queueId);
      // `routingRules` decide whether requestScoredAgents is used at all (preferred agent routing).
      return ok(
        queueBody(
          queue,
          services.centre.agent,
          services.centre.routingRules(queue.id),
          services.centre.serviceLevel(queue.id),
        ),
      );
    },
  },
  {
    method: "GET",
    path: "/api/v2/routing/queues/{queueId}/members",
    auth: "bearer",
    handler({ params, query, services, path }) {
      const queueId = params.queueId ?? "";
      const queue = services.centre.queue(queueId);
      if (queue === undefined) throw notFound("Queue", queueId);
      const paging = parsePaging(query, MEMBER_LIMITS);
      const expansion = memberExpansion(query);
      const keep = memberFilter(query);
      const members = queue.memberIds
        .flatMap((id) => {
          const agent = services.centre.agent(id);
          return agent !== undefined && keep(agent) ? [agent] : [];
        })
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const start = (paging.pageNumber - 1) * paging.pageSize;
      const page = members.slice(start, start + paging.pageSize);
      const hasNext = start + paging.pageSize < members.length;
      // Like Genesys: no total and no page count here; callers follow nextUri until it is absent.
      return ok({
        entities: page.map((agent) => queueMemberBody(agent, expansion, catalogue(services))),
        pageSize: paging.pageSize,
        pageNumber: paging.pageNumber,
        firstUri: pageUri(path, query, paging, 1),
        selfUri: pageUri(path, query, paging, paging.pageNumber),
        ...(hasNext ? { nextUri: pageUri(path, query, paging, paging.pageNumber + 1) } : {}),
        ...(paging.pageNumber > 1
          ? { previousUri: pageUri(path, query, paging, paging.pageNumber - 1) }
          : {}),
      });
    },
  },
  {
    method: "GET",
    path: "/api/v2/routing/skills",
    auth: "bearer",
    handler({ query, services, path }) {
      const paging = parsePaging(query, LISTING_LIMITS);
      const skills = services.centre.organisation.skills
        .filter((skill) => nameMatches(query.get("name"), skill.name) && idMatches(query, skill.id))
        .map(skillBody);
      return ok(entityListing(skills, paging, path, query));
    },
  },
];
