export {
  type AdjustmentRun,
  type AuditEntry,
  isRunId,
  type ProposedChange,
  RUN_STATUSES,
  type RunMode,
  type RunRecord,
  type RunStatus,
  type RunTrigger,
  runIdForJob,
} from "./run-record.js";
export { createRunStore, type RunStore, type TransitionResult } from "./run-store.js";
