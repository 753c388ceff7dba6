import { z } from "zod";

/**
 * A deterministic NLU for tests and `npm start`: the same text always gives the same intent, confidence and
 * reply. Not Genesys: the stand-in for the NLU service a customer's bot uses, reached over HTTP at
 * `POST /__emulator/nlu/parse` with the contract the ingester's Bot Connector speaks:
 * `{ text, languageCode?, conversationId?, sessionId? }` -> `{ intent, confidence, reply }`.
 *
 * A directive anywhere in the text overrides the rules, so tests can ask for exact figures:
 * `[nlu intent=billing confidence=0.42]` (either part may be left out).
 */
export const nluRuleSchema = z.strictObject({
  /** Keywords separated by "|", matched case-insensitively anywhere in the text ("bill|invoice"). */
  match: z.string().min(1),
  intent: z.string().min(1),
  confidence: z.number().min(0).max(1),
  reply: z.string().optional(),
});

export const nluFallbackSchema = z.strictObject({
  intent: z.string().min(1).nullable(),
  confidence: z.number().min(0).max(1),
  reply: z.string().optional(),
});

export const nluConfigSchema = z.strictObject({
  rules: z.array(nluRuleSchema).max(200).optional(),
  fallback: nluFallbackSchema.optional(),
});

export type NluRule = z.output<typeof nluRuleSchema>;
export type NluConfig = z.output<typeof nluConfigSchema>;

export interface NluResult {
  readonly intent: string | null;
  readonly confidence: number;
  readonly reply: string;
}

export const DEFAULT_NLU_RULES: readonly NluRule[] = Object.freeze([
  {
    match: "agent|human|representative|real person",
    intent: "speak_to_agent",
    confidence: 0.96,
    reply: "Of course.",
  },
  {
    match: "invoice|bill|charge",
    intent: "billing",
    confidence: 0.91,
    reply: "I can help with billing. Which invoice is it about?",
  },
  {
    match: "refund|money back",
    intent: "refund",
    confidence: 0.8,
    reply: "Let me look at refunds for you. What did you buy?",
  },
  {
    match: "order|delivery|track|parcel",
    intent: "order_status",
    confidence: 0.88,
    reply: "I can check an order. What is the order number?",
  },
  {
    match: "password|log in|login|locked",
    intent: "account_access",
    confidence: 0.93,
    reply: "I can help you get back into your account.",
  },
]);

export const DEFAULT_NLU_FALLBACK: NluResult = Object.freeze({
  intent: null,
  confidence: 0.3,
  reply: "Sorry, I did not get that. Could you put it another way?",
});

const DIRECTIVE = /\[nlu((?:\s+(?:intent|confidence)=[^\s\]]+)*)\s*\]/i;

function directiveOf(text: string): { intent?: string; confidence?: number } | undefined {
  const body = DIRECTIVE.exec(text)?.[1];
  if (body === undefined) return undefined;
  const found: { intent?: string; confidence?: number } = {};
  for (const [, key, value] of body.matchAll(/(intent|confidence)=([^\s\]]+)/gi)) {
    if (key?.toLowerCase() === "intent" && value !== undefined) found.intent = value;
    if (key?.toLowerCase() === "confidence" && value !== undefined) {
      const number = Number(value);
      if (Number.isFinite(number) && number >= 0 && number <= 1) found.confidence = number;
    }
  }
  return found;
}

export interface NluStub {
  parse(text: string): NluResult;
  /** Replaces the rules and/or the fallback (validated by the caller with `nluConfigSchema`). */
  configure(config: NluConfig): void;
  /** Back to the default rules and fallback. */
  reset(): void;
}

export function createNluStub(): NluStub {
  let rules: readonly NluRule[] = DEFAULT_NLU_RULES;
  let fallback: NluResult = DEFAULT_NLU_FALLBACK;
  return {
    parse(text) {
      const lower = text.toLowerCase();
      const rule = rules.find((candidate) =>
        candidate.match
          .toLowerCase()
          .split("|")
          .map((keyword) => keyword.trim())
          .some((keyword) => keyword !== "" && lower.includes(keyword)),
      );
      const base: NluResult =
        rule === undefined
          ? fallback
          : { intent: rule.intent, confidence: rule.confidence, reply: rule.reply ?? fallback.reply };
      const directive = directiveOf(text);
      return directive === undefined ? base : { ...base, ...directive };
    },
    configure(config) {
      if (config.rules !== undefined) rules = [...config.rules];
      if (config.fallback !== undefined) {
        fallback = { ...config.fallback, reply: config.fallback.reply ?? DEFAULT_NLU_FALLBACK.reply };
      }
    },
    reset() {
      rules = DEFAULT_NLU_RULES;
      fallback = DEFAULT_NLU_FALLBACK;
    },
  };
}
