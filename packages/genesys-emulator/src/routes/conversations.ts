import { z } from "zod";
import { MAX_SCORED_AGENTS, PRIORITY_LIMIT } from "../contact-centre/contact-centre.js";
import type { ConversationModel } from "../contact-centre/model.js";
import { conversationBody } from "../contact-centre/views.js";
import { badRequest, notFound } from "../protocol/http/api-error.js";
import { accepted, ok, type RouteDefinition } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import type { EmulatorServices } from "../services.js";
import { toIso } from "../time/iso.js";

const routingPatchSchema = z.looseObject({
  priority: z.number().int().min(-PRIORITY_LIMIT).max(PRIORITY_LIMIT).optional(),
  skillIds: z.array(z.string().min(1)).optional(),
  languageId: z.string().min(1).optional(),
  labelId: z.string().optional(),
  skillExpression: z.unknown().optional(),
  requestScoredAgents: z
    .array(z.looseObject({ id: z.string().min(1), score: z.number().int().min(0).max(100) }))
    .max(MAX_SCORED_AGENTS)
    .optional(),
});

const assignSchema = z.looseObject({ id: z.string().min(1) });

const participantPatchSchema = z.looseObject({
  state: z.string().optional(),
  wrapupSkipped: z.boolean().optional(),
});

function routingAttributesBody(
  services: EmulatorServices,
  conversation: ConversationModel,
): Record<string, unknown> {
  const language =
    conversation.languageId === undefined ? undefined : services.centre.language(conversation.languageId);
  return {
    priority: conversation.priority,
    skills: conversation.skillIds.map((id) => ({
      id,
      name: services.centre.skill(id)?.name ?? id,
      selfUri: `/api/v2/routing/skills/${id}`,
    })),
    ...(language === undefined
      ? {}
      : {
          language: {
            id: language.id,
            name: language.name,
            selfUri: `/api/v2/routing/languages/${language.id}`,
          },
        }),
    scoredAgents: conversation.scoredAgents.map((entry) => ({
      agent: { id: entry.userId, selfUri: `/api/v2/users/${entry.userId}` },
      score: entry.score,
    })),
  };
}

export const conversationRoutes: RouteDefinition[] = [
  {
    method: "PATCH",
    path: "/api/v2/routing/conversations/{conversationId}",
    auth: "bearer",
    handler({ params, body, services }) {
      const patch = parseOrThrow(routingPatchSchema, body ?? null);
      const { priority, skillIds, languageId, requestScoredAgents } = patch;
      if (
        priority === undefined &&
        skillIds === undefined &&
        languageId === undefined &&
        requestScoredAgents === undefined &&
        patch.labelId === undefined &&
        patch.skillExpression === undefined
      ) {
        throw badRequest(
          "missing.property",
          "Set at least one of {fields}",
          { fields: "priority, skillIds, languageId, labelId, skillExpression, requestScoredAgents" },
          "body",
        );
      }
      const conversation = services.centre.updateRoutingAttributes(params.conversationId ?? "", {
        ...(priority === undefined ? {} : { priority }),
        ...(skillIds === undefined ? {} : { skillIds }),
        ...(languageId === undefined ? {} : { languageId }),
        ...(requestScoredAgents === undefined
          ? {}
          : { scoredAgents: requestScoredAgents.map((entry) => ({ userId: entry.id, score: entry.score })) }),
      });
      return ok(routingAttributesBody(services, conversation));
    },
  },
  {
    method: "GET",
    path: "/api/v2/conversations/{conversationId}",
    auth: "bearer",
    handler({ params, services }) {
      const conversationId = params.conversationId ?? "";
      const conversation = services.centre.conversation(conversationId);
      if (conversation === undefined) throw notFound("Conversation", conversationId);
      return ok({
        ...conversationBody(conversation, services.options.contactCentre.alertingTimeoutMs),
        startTime: toIso(conversation.arrivedAt),
        ...(conversation.endedAt === undefined ? {} : { endTime: toIso(conversation.endedAt) }),
        selfUri: `/api/v2/conversations/${conversation.id}`,
      });
    },
  },
  {
    method: "POST",
    path: "/api/v2/conversations/{conversationId}/assign",
    auth: "bearer",
    handler({ params, body, services }) {
      const { id } = parseOrThrow(assignSchema, body ?? null);
      services.centre.assign(params.conversationId ?? "", id);
      return accepted();
    },
  },
  {
    method: "PATCH",
    path: "/api/v2/conversations/{conversationId}/participants/{participantId}",
    auth: "bearer",
    handler({ params, body, services }) {
      const request = parseOrThrow(participantPatchSchema, body ?? null);
      const conversationId = params.conversationId ?? "";
      if (services.centre.conversation(conversationId) === undefined)
        throw notFound("Conversation", conversationId);
      if (request.state !== undefined) {
        if (request.state !== "connected" && request.state !== "disconnected") {
          throw badRequest(
            "invalid.value",
            "Invalid value for field '{field}': {value} (the emulator supports connected and disconnected)",
            { field: "state", value: request.state },
            "state",
          );
        }
        services.centre.setParticipantState(
          conversationId,
          params.participantId ?? "",
          request.state,
          request.wrapupSkipped ?? false,
        );
      }
      return accepted();
    },
  },
];
