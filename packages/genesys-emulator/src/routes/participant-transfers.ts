import { z } from "zod";
import { ContactCentreError } from "../contact-centre/contact-centre-error.js";
import { badRequest, notFound } from "../protocol/http/api-error.js";
import { accepted, type RouteDefinition } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";

/**
 * `TransferToQueueRequest` (platform-client-sdk-javascript build/index.d.ts; python build/docs
 * TransferToQueueRequest.md): `{ queueId?, queueName?, transferType?, keepInternalMessageAlive? }`.
 */
const transferToQueueSchema = z.looseObject({
  queueId: z.string().min(1).optional(),
  queueName: z.string().min(1).optional(),
  transferType: z.enum(["Attended", "Unattended"]).optional(),
  keepInternalMessageAlive: z.boolean().optional(),
});

export const participantTransferRoutes: RouteDefinition[] = [
  {
    // ConversationsApi.md postConversationParticipantReplaceQueue: "Replace this participant with the
    // specified queue" (permission conversation:communication:blindTransfer or ...:blindTransferQueue).
    method: "POST",
    path: "/api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue",
    auth: "bearer",
    handler({ params, body, services }) {
      const request = parseOrThrow(transferToQueueSchema, body ?? null);
      const { centre } = services;
      let queueId = request.queueId;
      if (queueId === undefined) {
        if (request.queueName === undefined) {
          throw badRequest(
            "missing.property",
            "Missing required field '{field}': name the queue by queueId or queueName",
            { field: "queueId" },
            "queueId",
          );
        }
        const named = centre.organisation.queues.find((queue) => queue.name === request.queueName);
        if (named === undefined) {
          throw new ContactCentreError("unknown-reference", `Queue ${request.queueName} does not exist`, {
            field: "queueName",
            entityId: request.queueName,
          });
        }
        queueId = named.id;
      }
      const conversationId = params.conversationId ?? "";
      if (centre.conversation(conversationId) === undefined) throw notFound("Conversation", conversationId);
      centre.replaceParticipant(conversationId, params.participantId ?? "", { queueId });
      return accepted();
    },
  },
];
