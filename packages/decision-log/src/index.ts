export {
  createDecisionLog,
  DEFAULT_PAGE_SIZE,
  type DecisionLog,
  type DecisionPage,
  type DecisionPageRequest,
  type DecisionQuery,
  DecisionQueryError,
  MAX_PAGE_SIZE,
} from "./decision-log.js";
export {
  DEFAULT_DECISION_LOG_OPTIONS,
  type DecisionLogOptions,
  DecisionLogOptionsError,
  resolveDecisionLogOptions,
} from "./decision-log-options.js";
export {
  DECISION_OUTCOMES,
  type DecisionInput,
  type DecisionOutcome,
  type DecisionRecord,
  DecisionRecordError,
  decisionInputSchema,
  decisionRecordSchema,
  parseDecisionInput,
  SHADOWED_OUTCOMES,
} from "./decision-record.js";
export { createShadowStore, type QueueShadowSummary, type ShadowStore } from "./shadow-store.js";
