import type { ApiTransport } from "../api-transport.js";
import type { ChatSendMessageResponse } from "../models.js";
import { requireId } from "../validation.js";
import type { CallOptions } from "./call-options.js";

export interface ChatsApi {
  /**
   * `POST /api/v2/chats/users/{userId}/messages` `{ message }`: a 1:1 chat message, our way of alerting a
   * supervisor (Genesys has no ad-hoc alert API). Not retried: a retry could post the message twice.
   */
  sendUserChatMessage(
    userId: string,
    message: string,
    options?: CallOptions,
  ): Promise<ChatSendMessageResponse>;
}

export function createChatsApi(transport: ApiTransport): ChatsApi {
  return {
    async sendUserChatMessage(userId, message, options = {}) {
      const pathParams = { userId: requireId("userId", userId) };
      const body = { message: requireId("message", message) };
      return (await transport.request({
        method: "POST",
        pathTemplate: "/api/v2/chats/users/{userId}/messages",
        pathParams,
        body,
        signal: options.signal,
        lane: options.lane,
      })) as ChatSendMessageResponse;
    },
  };
}
