import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { EntityListing, User, UserExpand, UserRoutingSkill, UserRoutingSkillUpdate } from "../models.js";
import { paginate } from "../pagination.js";
import { requireArray, requireId, requireNumberInRange, requireOneOf } from "../validation.js";
import { type CallOptions, type PageOptions, pageSizeOf } from "./call-options.js";

export interface GetUserOptions extends CallOptions {
  /** e.g. `["routingStatus", "presence", "skills", "languages"]`: the whole routing view of a user in one call. */
  readonly expand?: readonly UserExpand[];
}

export interface UsersApi {
  /** `GET /api/v2/users/{userId}` (UsersApi getUser); expansions Genesys could not resolve are left out. */
  getUser(userId: string, options?: GetUserOptions): Promise<User>;
  /** Every routing skill of a user (`GET /api/v2/users/{userId}/routingskills`, all pages). */
  getUserRoutingSkills(userId: string, options?: PageOptions): AsyncIterable<UserRoutingSkill>;
  /** `PUT /api/v2/users/{userId}/routingskills/{skillId}` with `{ proficiency }` (0–5). */
  putUserRoutingSkill(
    userId: string,
    skillId: string,
    proficiency: number,
    options?: CallOptions,
  ): Promise<UserRoutingSkill>;
  /** `PATCH /api/v2/users/{userId}/routingskills/bulk`: adds or updates the given skills, leaves the others. */
  patchUserRoutingSkillsBulk(
    userId: string,
    skills: readonly UserRoutingSkillUpdate[],
    options?: CallOptions,
  ): Promise<UserRoutingSkill[]>;
}

const USER_EXPANDS: readonly UserExpand[] = ["routingStatus", "presence", "skills", "languages"];

const MIN_PROFICIENCY = 0;
const MAX_PROFICIENCY = 5;

export function createUsersApi(transport: ApiTransport): UsersApi {
  return {
    async getUser(userId, options = {}) {
      const pathParams = { userId: requireId("userId", userId) };
      const expand = options.expand?.map((value, index) =>
        requireOneOf(`expand[${index}]`, value, USER_EXPANDS),
      );
      return (await transport.request({
        method: "GET",
        pathTemplate: "/api/v2/users/{userId}",
        pathParams,
        query: { expand },
        signal: options.signal,
        observer: options.observer,
      })) as User;
    },
    getUserRoutingSkills(userId, options = {}) {
      const pathParams = { userId: requireId("userId", userId) };
      return paginate<UserRoutingSkill>(transport, {
        pathTemplate: "/api/v2/users/{userId}/routingskills",
        pathParams,
        pageSize: pageSizeOf(options),
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
    },
    async putUserRoutingSkill(userId, skillId, proficiency, options = {}) {
      const pathParams = { userId: requireId("userId", userId), skillId: requireId("skillId", skillId) };
      const body = {
        proficiency: requireNumberInRange("proficiency", proficiency, MIN_PROFICIENCY, MAX_PROFICIENCY),
      };
      return (await transport.request({
        method: "PUT",
        pathTemplate: "/api/v2/users/{userId}/routingskills/{skillId}",
        pathParams,
        body,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      })) as UserRoutingSkill;
    },
    async patchUserRoutingSkillsBulk(userId, skills, options = {}) {
      const pathParams = { userId: requireId("userId", userId) };
      const items = requireArray("skills", skills, { minLength: 1 });
      const body = items.map((item, index) => {
        if (item === null || typeof item !== "object") {
          throw new GenesysValidationError(`skills[${index}]`, "must be an object { id, proficiency }");
        }
        const { id, proficiency } = item as Record<string, unknown>;
        return {
          id: requireId(`skills[${index}].id`, id),
          proficiency: requireNumberInRange(
            `skills[${index}].proficiency`,
            proficiency,
            MIN_PROFICIENCY,
            MAX_PROFICIENCY,
          ),
        };
      });
      if (new Set(body.map((item) => item.id)).size !== body.length) {
        throw new GenesysValidationError("skills", "must not repeat a skill id");
      }
      const data = await transport.request({
        method: "PATCH",
        pathTemplate: "/api/v2/users/{userId}/routingskills/bulk",
        pathParams,
        body,
        // Sets absolute proficiencies: repeating it leaves the same state.
        idempotent: true,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
      return [...(((data ?? {}) as EntityListing<UserRoutingSkill>).entities ?? [])];
    },
  };
}
