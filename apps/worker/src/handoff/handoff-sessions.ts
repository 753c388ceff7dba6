import { setTimeout as sleep } from "node:timers/promises";
import {
  HANDOFF_TRIGGERS,
  type HandoffDecision,
  type HandoffSessionState,
  type HandoffStep,
  initialHandoffState,
  parseHandoffState,
} from "@routing/core";
import { z } from "zod";
import { HandoffStateContentionError, HandoffStateCorruptError } from "../errors.js";

/** The part of ioredis the store needs. */
export interface HandoffRedis {
  get(key: string): Promise<string | null>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** One decided turn, kept so that a retried job replays its decision instead of counting the turn twice. */
export interface DecidedTurn {
  readonly turnId: string;
  readonly kind: HandoffDecision["kind"];
  readonly trigger: string | null;
  readonly reason: string;
}

export interface HandoffSession {
  readonly state: HandoffSessionState;
  readonly recentTurns: readonly DecidedTurn[];
  /** The turn that decided the handoff; only its job transfers the conversation. */
  readonly handoffTurnId: string | null;
  readonly transferred: boolean;
}

export interface TurnResult {
  readonly turn: DecidedTurn;
  /** True when this turn had been decided before (a retried job): nothing was counted again. */
  readonly replayed: boolean;
  readonly session: HandoffSession;
}

export interface HandoffSessions {
  /**
   * Decides `turnId` of a conversation against its current state with `decide`, atomically: concurrent
   * turns of one conversation on any number of workers each see the state the previous one committed.
   */
  decideTurn(
    conversationId: string,
    turnId: string,
    decide: (state: HandoffSessionState) => HandoffStep,
  ): Promise<TurnResult>;
  /** Records that the handed-off conversation was transferred, so a replay does not transfer it twice. */
  markTransferred(conversationId: string): Promise<void>;
  read(conversationId: string): Promise<HandoffSession | undefined>;
}

export interface HandoffSessionsOptions {
  /** BULLMQ_PREFIX: the state lives beside the deployment's queues. */
  readonly keyPrefix: string;
  /** Refreshed on every write; a conversation idle this long starts over. */
  readonly ttlMs: number;
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

/** Enough turns to recognise any retried job of a live conversation; older ones are dropped. */
const REMEMBERED_TURNS = 200;
const MAX_WRITE_ATTEMPTS = 50;

const storedSessionSchema = z.object({
  schemaVersion: z.literal(1),
  state: z.unknown(),
  recentTurns: z.array(
    z.object({
      turnId: z.string(),
      kind: z.enum(["continue-bot", "handoff", "already-handed-off"]),
      trigger: z.enum(HANDOFF_TRIGGERS).nullable(),
      reason: z.string(),
    }),
  ),
  handoffTurnId: z.string().nullable(),
  transferred: z.boolean(),
});

function parseStored(raw: string, conversationId: string): HandoffSession {
  try {
    const stored = storedSessionSchema.parse(JSON.parse(raw));
    return { ...stored, state: parseHandoffState(stored.state) };
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
  return {
    turnId,
    kind: decision.kind,
    trigger: decision.kind === "handoff" ? decision.trigger : null,
    reason: decision.reason,
  };
}

/**
 * Per-conversation handoff state in Redis (the tutorial's in-memory session store only works while every
 * turn reaches the same process). Writes are optimistic: read, decide, compare-and-set, and on a lost
 * race read again and decide again, so two workers' concurrent turns both count.
 */
export function createHandoffSessions(redis: HandoffRedis, options: HandoffSessionsOptions): HandoffSessions {
  const keyOf = (conversationId: string) => `${options.keyPrefix}:worker:handoff:${conversationId}`;

  async function update<T>(
    conversationId: string,
    change: (session: HandoffSession) => { next?: HandoffSession; result: T },
  ): Promise<T> {
    const key = keyOf(conversationId);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const raw = await redis.get(key);
      const session = raw === null ? freshSession() : parseStored(raw, conversationId);
      const { next, result } = change(session);
      if (next === undefined) return result;
      const swapped = await redis.eval(COMPARE_AND_SET, 1, key, raw ?? "", serialise(next), options.ttlMs);
      if (swapped === 1) return result;
      // Lost the race: spread the retries so that the same writers do not collide again in lockstep.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new HandoffStateContentionError(conversationId);
  }

  return {
    decideTurn(conversationId, turnId, decide) {
      return update<TurnResult>(conversationId, (session) => {
        const earlier = session.recentTurns.find((turn) => turn.turnId === turnId);
        if (earlier !== undefined) return { result: { turn: earlier, replayed: true, session } };
        const step = decide(session.state);
        const turn = decidedTurn(turnId, step.decision);
        const next: HandoffSession = {
          state: step.state,
          recentTurns: [...session.recentTurns, turn].slice(-REMEMBERED_TURNS),
          handoffTurnId: step.decision.kind === "handoff" ? turnId : session.handoffTurnId,
          transferred: session.transferred,
        };
        return { next, result: { turn, replayed: false, session: next } };
      });
    },
    markTransferred(conversationId) {
      return update<void>(conversationId, (session) =>
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
