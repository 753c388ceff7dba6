import { z } from "zod";
import { notFound } from "../protocol/http/api-error.js";
import { ok, type RouteDefinition, requireCaller } from "../protocol/http/route.js";
import { parseOrThrow } from "../protocol/http/validation.js";

const sendMessageSchema = z.looseObject({ message: z.string().min(1).max(4000) });

export const chatRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/api/v2/chats/users/{userId}/messages",
    auth: "bearer",
    handler(context) {
      const caller = requireCaller(context);
      const userId = context.params.userId ?? "";
      if (context.services.centre.agent(userId) === undefined) throw notFound("User", userId);
      const { message } = parseOrThrow(sendMessageSchema, context.body ?? null);
      const record = context.services.chats.add({
        userId,
        message,
        clientId: caller.clientId,
        at: context.services.clock.now(),
      });
      return ok({ id: record.id });
    },
  },
];
