import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { Conversation, ParticipantPatch, TransferToQueueRequest, TransferType } from "../models.js";
import { requireBoolean, requireId, requireOneOf } from "../validation.js";
import type { CallOptions } from "./call-options.js";

export interface ConversationsApi {
  /**
   * `POST /api/v2/conversations/{conversationId}/assign` `{ id: userId }` (202). Bypasses skills and
   * bullseye; 400 `feature.not.enabled` when the queue disallows manual assignment.
   */
  assignConversation(conversationId: string, userId: string, options?: CallOptions): Promise<void>;
  /** `GET /api/v2/conversations/{conversationId}`: the conversation with its participants. */
  getConversation(conversationId: string, options?: CallOptions): Promise<Conversation>;
  /**
   * `POST /api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue`
   * (`TransferToQueueRequest`, 202; ConversationsApi.md `postConversationParticipantReplaceQueue`, which
   * supersedes the older `.../replace`). Replace acts on the participant you NAME and disconnects it: name
   * the participant that owns the conversation (the flow's, the acd's or an agent's), never the customer's.
   */
  replaceParticipantWithQueue(
    conversationId: string,
    participantId: string,
    request: TransferToQueueRequest,
    options?: CallOptions,
  ): Promise<void>;
  /** `PATCH /api/v2/conversations/{conversationId}/participants/{participantId}` (202). */
  patchConversationParticipant(
    conversationId: string,
    participantId: string,
    patch: ParticipantPatch,
    options?: CallOptions,
  ): Promise<void>;
}

const TRANSFER_TYPES: readonly TransferType[] = ["Attended", "Unattended"];
const PARTICIPANT_STATES: readonly NonNullable<ParticipantPatch["state"]>[] = ["connected", "disconnected"];

function transferToQueueBody(request: TransferToQueueRequest): Record<string, string | boolean> {
  if (request === null || typeof request !== "object") {
    throw new GenesysValidationError("request", "must be { queueId } or { queueName }");
  }
  const { queueId, queueName, transferType, keepInternalMessageAlive } = request;
  if (queueId === undefined && queueName === undefined) {
    throw new GenesysValidationError("request", "must name the queue by queueId or queueName");
  }
  const body: Record<string, string | boolean> = {};
  if (queueId !== undefined) body.queueId = requireId("request.queueId", queueId);
  if (queueName !== undefined) body.queueName = requireId("request.queueName", queueName);
  if (transferType !== undefined)
    body.transferType = requireOneOf("request.transferType", transferType, TRANSFER_TYPES);
  if (keepInternalMessageAlive !== undefined)
    body.keepInternalMessageAlive = requireBoolean(
      "request.keepInternalMessageAlive",
      keepInternalMessageAlive,
    );
  return body;
}

export function createConversationsApi(transport: ApiTransport): ConversationsApi {
  return {
    async assignConversation(conversationId, userId, options = {}) {
      const pathParams = { conversationId: requireId("conversationId", conversationId) };
      const body = { id: requireId("userId", userId) };
      await transport.request({
        method: "POST",
        pathTemplate: "/api/v2/conversations/{conversationId}/assign",
        pathParams,
        body,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
    },
    async getConversation(conversationId, options = {}) {
      const pathParams = { conversationId: requireId("conversationId", conversationId) };
      return (await transport.request({
        method: "GET",
        pathTemplate: "/api/v2/conversations/{conversationId}",
        pathParams,
        signal: options.signal,
        observer: options.observer,
      })) as Conversation;
    },
    async replaceParticipantWithQueue(conversationId, participantId, request, options = {}) {
      const pathParams = {
        conversationId: requireId("conversationId", conversationId),
        participantId: requireId("participantId", participantId),
      };
      const body = transferToQueueBody(request);
      await transport.request({
        method: "POST",
        pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue",
        pathParams,
        body,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
    },
    async patchConversationParticipant(conversationId, participantId, patch, options = {}) {
      const pathParams = {
        conversationId: requireId("conversationId", conversationId),
        participantId: requireId("participantId", participantId),
      };
      if (patch === null || typeof patch !== "object")
        throw new GenesysValidationError("patch", "must be an object");
      const body: { state?: string; wrapupSkipped?: boolean } = {};
      if (patch.state !== undefined) body.state = requireOneOf("state", patch.state, PARTICIPANT_STATES);
      if (patch.wrapupSkipped !== undefined)
        body.wrapupSkipped = requireBoolean("wrapupSkipped", patch.wrapupSkipped);
      if (Object.keys(body).length === 0) {
        throw new GenesysValidationError("patch", "must set state and/or wrapupSkipped");
      }
      await transport.request({
        method: "PATCH",
        pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}",
        pathParams,
        body,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
    },
  };
}
