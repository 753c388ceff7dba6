export {
  HandoffSessionsOptionsError,
  HandoffStateContentionError,
  HandoffStateCorruptError,
} from "./errors.js";
export {
  createHandoffSessions,
  type DecidedTurn,
  type DecideTurnOptions,
  HANDOFF_SESSIONS_DEFAULTS,
  type HandoffRedis,
  type HandoffSession,
  type HandoffSessions,
  type HandoffSessionsOptions,
  handoffSessionKey,
  type TurnResult,
} from "./handoff-sessions.js";
export { decideSessionTurn, type SessionTurn } from "./session-turn.js";
