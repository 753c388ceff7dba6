import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { ParticipantPatch, ReplaceTarget, TransferType } from "../models.js";
import { requireBoolean, requireId, requireOneOf } from "../validation.js";
import type { CallOptions } from "./call-options.js";

export interface ConversationsApi {
  /**
   * `POST /api/v2/conversations/{conversationId}/assign` `{ id: userId }` (202). Bypasses skills and
   * bullseye; 400 `feature.not.enabled` when the queue disallows manual assignment.
   */
  assignConversation(conversationId: string, userId: string, options?: CallOptions): Promise<void>;
  /**
   * `POST /api/v2/conversations/messages/{conversationId}/participants/{participantId}/replace` (202):
   * transfers a connected messaging participant to a queue or a user.
   */
  replaceMessagingParticipant(
    conversationId: string,
    participantId: string,
    target: ReplaceTarget,
    transferType?: TransferType,
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

function replaceBody(target: ReplaceTarget, transferType: TransferType | undefined): Record<string, string> {
  if (target === null || typeof target !== "object") {
    throw new GenesysValidationError("target", "must be { queueId } or { userId }");
  }
  const { queueId, userId } = target as { queueId?: unknown; userId?: unknown };
  if ((queueId === undefined) === (userId === undefined)) {
    throw new GenesysValidationError("target", "must have exactly one of queueId and userId");
  }
  const body: Record<string, string> =
    queueId === undefined
      ? { userId: requireId("target.userId", userId) }
      : { queueId: requireId("target.queueId", queueId) };
  if (transferType !== undefined)
    body.transferType = requireOneOf("transferType", transferType, TRANSFER_TYPES);
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
        lane: options.lane,
      });
    },
    async replaceMessagingParticipant(conversationId, participantId, target, transferType, options = {}) {
      const pathParams = {
        conversationId: requireId("conversationId", conversationId),
        participantId: requireId("participantId", participantId),
      };
      const body = replaceBody(target, transferType);
      await transport.request({
        method: "POST",
        pathTemplate: "/api/v2/conversations/messages/{conversationId}/participants/{participantId}/replace",
        pathParams,
        body,
        signal: options.signal,
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
        lane: options.lane,
      });
    },
  };
}
