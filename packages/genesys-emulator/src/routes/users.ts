import type { AgentModel } from "../contact-centre/model.js";
import {
  presenceBody,
  routingStatusBody,
  userLanguagesBody,
  userSkillsBody,
} from "../contact-centre/views.js";
import { notFound } from "../protocol/http/api-error.js";
import { ok, type RouteDefinition } from "../protocol/http/route.js";
import type { EmulatorServices } from "../services.js";
import { queryValues } from "./query-filters.js";

/**
 * `User` of `GET /api/v2/users/{userId}` (platform-client-sdk-python `build/docs/UsersApi.md` get_user:
 * expand values include routingStatus, presence, skills, languages; model `User.md`: routingStatus is a
 * `RoutingStatus`, presence a `UserPresence`, skills `UserRoutingSkill[]`, languages `UserRoutingLanguage[]`).
 * Expansions the emulator does not model are ignored, as Genesys resolves expand on a best-effort basis.
 */
function userBody(agent: AgentModel, expand: ReadonlySet<string>, services: EmulatorServices) {
  const catalogue = {
    skill: (id: string) => services.centre.skill(id),
    language: (id: string) => services.centre.language(id),
  };
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    state: "active",
    ...(expand.has("routingStatus") ? { routingStatus: routingStatusBody(agent) } : {}),
    ...(expand.has("presence") ? { presence: presenceBody(agent) } : {}),
    ...(expand.has("skills") ? { skills: userSkillsBody(agent, catalogue) } : {}),
    ...(expand.has("languages") ? { languages: userLanguagesBody(agent, catalogue) } : {}),
    selfUri: `/api/v2/users/${agent.id}`,
  };
}

export const userRoutes: RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/v2/users/{userId}",
    auth: "bearer",
    handler({ params, query, services }) {
      const userId = params.userId ?? "";
      const agent = services.centre.agent(userId);
      if (agent === undefined) throw notFound("User", userId);
      return ok(userBody(agent, new Set(queryValues(query, "expand")), services));
    },
  },
];
