import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type {
  Queue,
  QueueMember,
  QueueMemberExpand,
  RequestScoredAgent,
  RoutingConversationAttributes,
  RoutingConversationPatch,
  RoutingSkill,
  RoutingStatusValue,
} from "../models.js";
import { paginate } from "../pagination.js";
import { requireArray, requireBoolean, requireId, requireIds, requireIntegerInRange } from "../validation.js";
import { type CallOptions, type PageOptions, pageSizeOf } from "./call-options.js";

export interface QueueMembersOptions extends PageOptions {
  /** e.g. `["routingStatus", "presence", "skills", "languages"]`. */
  readonly expand?: readonly QueueMemberExpand[];
  /** Only members who joined (true) or did not (false). */
  readonly joined?: boolean;
  readonly routingStatus?: readonly RoutingStatusValue[];
  /** System presences, e.g. `["On Queue"]`. */
  readonly presence?: readonly string[];
}

export interface NamedListOptions extends PageOptions {
  /** Filter by name (Genesys supports a trailing `*` wildcard). */
  readonly name?: string;
}

export interface RoutingApi {
  /** Every member of a queue (`GET /api/v2/routing/queues/{queueId}/members`), following `nextUri`. */
  listQueueMembers(queueId: string, options?: QueueMembersOptions): AsyncIterable<QueueMember>;
  /** Every queue (`GET /api/v2/routing/queues`). */
  listQueues(options?: NamedListOptions): AsyncIterable<Queue>;
  /** One queue (`GET /api/v2/routing/queues/{queueId}`), with its preferred agent `routingRules`. */
  getQueue(queueId: string, options?: CallOptions): Promise<Queue>;
  /** Every routing skill (`GET /api/v2/routing/skills`). */
  listSkills(options?: NamedListOptions): AsyncIterable<RoutingSkill>;
  /**
   * `PATCH /api/v2/routing/conversations/{conversationId}`: changes an in-queue conversation's priority,
   * skills, language and/or scored agents (preferred agent routing). 404 once it has left the queue.
   */
  patchRoutingConversation(
    conversationId: string,
    patch: RoutingConversationPatch,
    options?: CallOptions,
  ): Promise<RoutingConversationAttributes>;
}

export const MAX_PRIORITY = 25_000_000;
export const MAX_AGENT_SCORE = 100;

const QUEUE_MEMBER_EXPANDS: readonly QueueMemberExpand[] = [
  "routingStatus",
  "presence",
  "integrationPresence",
  "conversationSummary",
  "outOfOffice",
  "skills",
  "languages",
];

function validateExpand(expand: unknown): readonly QueueMemberExpand[] | undefined {
  if (expand === undefined) return undefined;
  return requireArray("expand", expand).map((value, index) => {
    if (typeof value !== "string" || !(QUEUE_MEMBER_EXPANDS as readonly string[]).includes(value)) {
      throw new GenesysValidationError(
        `expand[${index}]`,
        `must be one of: ${QUEUE_MEMBER_EXPANDS.join(", ")}`,
      );
    }
    return value as QueueMemberExpand;
  });
}

function validateScoredAgents(value: unknown, maxScoredAgents: number): RequestScoredAgent[] {
  const items = requireArray("requestScoredAgents", value, { maxLength: maxScoredAgents });
  const agents = items.map((item, index) => {
    if (item === null || typeof item !== "object") {
      throw new GenesysValidationError(`requestScoredAgents[${index}]`, "must be an object { id, score }");
    }
    const { id, score } = item as Record<string, unknown>;
    return {
      id: requireId(`requestScoredAgents[${index}].id`, id),
      score: requireIntegerInRange(`requestScoredAgents[${index}].score`, score, 0, MAX_AGENT_SCORE),
    };
  });
  if (new Set(agents.map((agent) => agent.id)).size !== agents.length) {
    throw new GenesysValidationError("requestScoredAgents", "must not score the same agent twice");
  }
  return agents;
}

/** Validates a routing patch and builds the request body; exported for the unit tests. */
export function buildRoutingConversationBody(
  patch: RoutingConversationPatch,
  maxScoredAgents: number,
): RoutingConversationPatch {
  if (patch === null || typeof patch !== "object") {
    throw new GenesysValidationError("patch", "must be an object");
  }
  const body: {
    priority?: number;
    skillIds?: string[];
    languageId?: string;
    requestScoredAgents?: RequestScoredAgent[];
  } = {};
  if (patch.priority !== undefined) {
    body.priority = requireIntegerInRange("priority", patch.priority, -MAX_PRIORITY, MAX_PRIORITY);
  }
  if (patch.skillIds !== undefined) body.skillIds = requireIds("skillIds", patch.skillIds);
  if (patch.languageId !== undefined) {
    // "" is how Genesys removes the language requirement.
    if (typeof patch.languageId !== "string")
      throw new GenesysValidationError("languageId", "must be a string");
    body.languageId = patch.languageId;
  }
  if (patch.requestScoredAgents !== undefined) {
    body.requestScoredAgents = validateScoredAgents(patch.requestScoredAgents, maxScoredAgents);
  }
  if (Object.keys(body).length === 0) {
    throw new GenesysValidationError(
      "patch",
      "must set at least one of priority, skillIds, languageId, requestScoredAgents",
    );
  }
  return body;
}

function namedList<T>(
  transport: ApiTransport,
  pathTemplate: string,
  options: NamedListOptions,
): AsyncIterable<T> {
  const pageSize = pageSizeOf(options);
  if (options.name !== undefined && typeof options.name !== "string") {
    throw new GenesysValidationError("name", "must be a string");
  }
  return paginate<T>(transport, {
    pathTemplate,
    query: { name: options.name },
    pageSize,
    signal: options.signal,
    observer: options.observer,
    lane: options.lane,
  });
}

export function createRoutingApi(
  transport: ApiTransport,
  settings: { readonly maxScoredAgents: number },
): RoutingApi {
  return {
    listQueueMembers(queueId, options = {}) {
      const pathParams = { queueId: requireId("queueId", queueId) };
      const pageSize = pageSizeOf(options);
      const expand = validateExpand(options.expand);
      const joined = options.joined === undefined ? undefined : requireBoolean("joined", options.joined);
      const routingStatus =
        options.routingStatus === undefined ? undefined : requireIds("routingStatus", options.routingStatus);
      const presence = options.presence === undefined ? undefined : requireIds("presence", options.presence);
      return paginate<QueueMember>(transport, {
        pathTemplate: "/api/v2/routing/queues/{queueId}/members",
        pathParams,
        query: { expand, joined, routingStatus, presence },
        pageSize,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
    },
    listQueues(options = {}) {
      return namedList<Queue>(transport, "/api/v2/routing/queues", options);
    },
    async getQueue(queueId, options = {}) {
      const pathParams = { queueId: requireId("queueId", queueId) };
      return (await transport.request({
        method: "GET",
        pathTemplate: "/api/v2/routing/queues/{queueId}",
        pathParams,
        signal: options.signal,
        observer: options.observer,
      })) as Queue;
    },
    listSkills(options = {}) {
      return namedList<RoutingSkill>(transport, "/api/v2/routing/skills", options);
    },
    async patchRoutingConversation(conversationId, patch, options = {}) {
      const pathParams = { conversationId: requireId("conversationId", conversationId) };
      const body = buildRoutingConversationBody(patch, settings.maxScoredAgents);
      return (await transport.request({
        method: "PATCH",
        pathTemplate: "/api/v2/routing/conversations/{conversationId}",
        pathParams,
        body,
        // Sets absolute attributes, so repeating it after a lost response is harmless.
        idempotent: true,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      })) as RoutingConversationAttributes;
    },
  };
}
