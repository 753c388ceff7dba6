import { setTimeout as sleep } from "node:timers/promises";
import {
  HANDOFF_TRIGGERS,
  type HandoffDecision,
  type HandoffSessionState,
  type HandoffStep,
  type HandoffTarget,
  initialHandoffState,
  parseHandoffState,
} from "@routing/core";
import { z } from "zod";
import {
  HandoffSessionsOptionsError,
  HandoffStateContentionError,
  HandoffStateCorruptError,
} from "./errors.js";

/** The part of ioredis the store needs. */
export interface HandoffRedis {
  get(key: string): Promise<string | null>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * One decided turn, kept so that a repeated turn (a retried job, Genesys retrying a Bot Connector call
 * after a 5xx) replays its decision instead of counting the turn twice. No customer text: only what the
 * policy decided from.
 */
export interface DecidedTurn {
  readonly turnId: string;
  readonly kind: HandoffDecision["kind"];
  readonly trigger: string | null;
  readonly reason: string;
  /** Where the conversation goes: set on `handoff` and `already-handed-off`, else null. */
  readonly target: HandoffTarget | null;
  /** The normalised intent the policy saw (null: none). */
  readonly intent: string | null;
  /** The confidence the policy used (null on `already-handed-off`, which reads neither). */
  readonly confidence: number | null;
}

export interface HandoffSession {
  readonly state: HandoffSessionState;
  readonly recentTurns: readonly DecidedTurn[];
  /** The turn that decided the handoff; only its job transfers the conversation. */
  readonly handoffTurnId: string | null;
  /** Set once the conversation was moved to the handoff queue (by our REST call, or by Architect). */
  readonly transferred: boolean;
}

export interface TurnResult {
  readonly turn: DecidedTurn;
  /** True when this turn had been decided before: nothing was counted again. */
  readonly replayed: boolean;
  readonly session: HandoffSession;
}

export interface DecideTurnOptions {
  /** Lifetime of the state after this write; default the store's `ttlMs`. */
  readonly ttlMs?: number;
}

export interface HandoffSessions {
  /**
   * Decides `turnId` of a conversation against its current state with `decide`, atomically: concurrent
   * turns of one conversation on any number of processes each see the state the previous one committed.
   */
  decideTurn(
    conversationId: string,
    turnId: string,
    decide: (state: HandoffSessionState) => HandoffStep,
    options?: DecideTurnOptions,
  ): Promise<TurnResult>;
  /** Records that the handed-off conversation was transferred, so a replay does not transfer it twice. */
  markTransferred(conversationId: string): Promise<void>;
  read(conversationId: string): Promise<HandoffSession | undefined>;
}

export interface HandoffSessionsOptions {
  /** The deployment's key prefix (BULLMQ_PREFIX): the state lives beside its queues. Required. */
  readonly keyPrefix: string;
  /**
   * Refreshed on every write; a conversation idle this long starts over.
   * @defaultValue 86_400_000 (24 h)
   */
  readonly ttlMs?: number;
  /**
   * Decided turns remembered per conversation, enough to recognise any repeated turn of a live conversation.
   * @defaultValue 200
   */
  readonly rememberedTurns?: number;
  /**
   * Compare-and-set attempts before giving up with HandoffStateContentionError.
   * @defaultValue 50
   */
  readonly maxWriteAttempts?: number;
}

export const HANDOFF_SESSIONS_DEFAULTS = {
  ttlMs: 24 * 60 * 60 * 1000,
  rememberedTurns: 200,
  maxWriteAttempts: 50,
} as const;

/** Where a conversation's handoff state lives; both apps (and tests) use this, never a string of their own. */
export function handoffSessionKey(keyPrefix: string, conversationId: string): string {
  return `${keyPrefix}:handoff-session:${conversationId}`;
}

// Compare-and-set on the whole stored value: the write only happens if nobody wrote since we read.
// ABA cannot happen because every write adds a turn or the transfer mark, so values never repeat.
const COMPARE_AND_SET = `
local current = redis.call("GET", KEYS[1])
if (current == false and ARGV[1] == "") or current == ARGV[1] then
  redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
  return 1
end
return 0
`;

const targetSchema = z.object({ queueId: z.string(), skillIds: z.array(z.string()) });

const storedSessionSchema = z.object({
  schemaVersion: z.literal(1),
  state: z.unknown(),
  recentTurns: z.array(
    z.object({
      turnId: z.string(),
      kind: z.enum(["continue-bot", "handoff", "already-handed-off"]),
      trigger: z.enum(HANDOFF_TRIGGERS).nullable(),
      reason: z.string(),
      target: targetSchema.nullable(),
      intent: z.string().nullable(),
      confidence: z.number().nullable(),
    }),
  ),
  handoffTurnId: z.string().nullable(),
  transferred: z.boolean(),
});

function parseStored(raw: string, conversationId: string): HandoffSession {
  try {
    const stored = storedSessionSchema.parse(JSON.parse(raw));
    return {
      state: parseHandoffState(stored.state),
      recentTurns: stored.recentTurns,
      handoffTurnId: stored.handoffTurnId,
      transferred: stored.transferred,
    };
  } catch (error) {
    throw new HandoffStateCorruptError(
      `stored handoff state of conversation ${conversationId} is unreadable: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function serialise(session: HandoffSession): string {
  return JSON.stringify({ schemaVersion: 1, ...session });
}

function freshSession(): HandoffSession {
  return { state: initialHandoffState(), recentTurns: [], handoffTurnId: null, transferred: false };
}

function decidedTurn(turnId: string, decision: HandoffDecision): DecidedTurn {
  if (decision.kind === "already-handed-off") {
    return {
      turnId,
      kind: decision.kind,
      trigger: null,
      reason: decision.reason,
      target: decision.target,
      intent: null,
      confidence: null,
    };
  }
  return {
    turnId,
    kind: decision.kind,
    trigger: decision.kind === "handoff" ? decision.trigger : null,
    reason: decision.reason,
    target: decision.kind === "handoff" ? decision.target : null,
    intent: decision.intent,
    confidence: decision.confidence,
  };
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new HandoffSessionsOptionsError(option, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Per-conversation handoff state in Redis (the tutorial's in-memory session store only works while every
 * turn reaches the same process). Writes are optimistic: read, decide, compare-and-set, and on a lost
 * race read again and decide again, so concurrent turns on any number of processes all count.
 */
export function createHandoffSessions(redis: HandoffRedis, options: HandoffSessionsOptions): HandoffSessions {
  if (typeof options.keyPrefix !== "string" || options.keyPrefix.trim() === "") {
    throw new HandoffSessionsOptionsError("keyPrefix", "must be a non-empty string");
  }
  const ttlMs = positiveInteger("ttlMs", options.ttlMs ?? HANDOFF_SESSIONS_DEFAULTS.ttlMs);
  const rememberedTurns = positiveInteger(
    "rememberedTurns",
    options.rememberedTurns ?? HANDOFF_SESSIONS_DEFAULTS.rememberedTurns,
  );
  const maxWriteAttempts = positiveInteger(
    "maxWriteAttempts",
    options.maxWriteAttempts ?? HANDOFF_SESSIONS_DEFAULTS.maxWriteAttempts,
  );
  const keyOf = (conversationId: string) => handoffSessionKey(options.keyPrefix, conversationId);

  async function update<T>(
    conversationId: string,
    writeTtlMs: number,
    change: (session: HandoffSession) => { next?: HandoffSession; result: T },
  ): Promise<T> {
    const key = keyOf(conversationId);
    for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
      const raw = await redis.get(key);
      const session = raw === null ? freshSession() : parseStored(raw, conversationId);
      const { next, result } = change(session);
      if (next === undefined) return result;
      const swapped = await redis.eval(COMPARE_AND_SET, 1, key, raw ?? "", serialise(next), writeTtlMs);
      if (swapped === 1) return result;
      // Lost the race: spread the retries so that the same writers do not collide again in lockstep.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new HandoffStateContentionError(conversationId);
  }

  return {
    decideTurn(conversationId, turnId, decide, turnOptions = {}) {
      const writeTtlMs = positiveInteger("ttlMs", turnOptions.ttlMs ?? ttlMs);
      return update<TurnResult>(conversationId, writeTtlMs, (session) => {
        const earlier = session.recentTurns.find((turn) => turn.turnId === turnId);
        if (earlier !== undefined) return { result: { turn: earlier, replayed: true, session } };
        const step = decide(session.state);
        const turn = decidedTurn(turnId, step.decision);
        const next: HandoffSession = {
          state: step.state,
          recentTurns: [...session.recentTurns, turn].slice(-rememberedTurns),
          handoffTurnId: step.decision.kind === "handoff" ? turnId : session.handoffTurnId,
          transferred: session.transferred,
        };
        return { next, result: { turn, replayed: false, session: next } };
      });
    },
    markTransferred(conversationId) {
      return update<void>(conversationId, ttlMs, (session) =>
        session.transferred
          ? { result: undefined }
          : { next: { ...session, transferred: true }, result: undefined },
      );
    },
    async read(conversationId) {
      const raw = await redis.get(keyOf(conversationId));
      return raw === null ? undefined : parseStored(raw, conversationId);
    },
  };
}
