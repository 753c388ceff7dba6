import type { RandomStream } from "./random/prng.js";

export interface ChatMessageRecord {
  id: string;
  /** The recipient. */
  userId: string;
  message: string;
  /** The OAuth client that sent it. */
  clientId: string;
  at: number;
}

/** Messages sent with POST /api/v2/chats/users/{userId}/messages, kept so tests can see alerts arrive. */
export interface ChatLog {
  add(entry: Omit<ChatMessageRecord, "id">): ChatMessageRecord;
  all(): readonly ChatMessageRecord[];
}

const KEPT_MESSAGES = 10_000;

export function createChatLog(ids: RandomStream): ChatLog {
  let messages: ChatMessageRecord[] = [];
  return {
    add(entry) {
      const record = { id: ids.uuid(), ...entry };
      messages.push(record);
      if (messages.length > KEPT_MESSAGES) messages = messages.slice(messages.length - KEPT_MESSAGES);
      return record;
    },
    all: () => [...messages],
  };
}
