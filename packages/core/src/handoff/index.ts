export {
  DEFAULT_ESCALATION_INTENTS,
  DEFAULT_HANDOFF_OPTIONS,
  type HandoffOptions,
  type HandoffOptionsInput,
  type HandoffTarget,
  normaliseIntent,
  type ResolvedHandoffOptions,
  resolveHandoffOptions,
} from "./handoff-options.js";
export {
  decideHandoffTurn,
  type HandoffDecision,
  type HandoffStep,
  type HandoffTurn,
} from "./handoff-policy.js";
export {
  HANDOFF_TRIGGERS,
  type HandoffSessionState,
  type HandoffTrigger,
  initialHandoffState,
  parseHandoffState,
} from "./handoff-state.js";
