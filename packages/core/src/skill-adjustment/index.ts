export {
  DEFAULT_HANDLE_TIME_TIERS,
  DEFAULT_SKILL_ADJUSTMENT_OPTIONS,
  type HandleTimeTier,
  resolveSkillAdjustmentOptions,
  type SkillAdjustmentOptions,
} from "./adjustment-options.js";
export {
  buildRoutingSkillBulkUpdates,
  type RoutingSkillUpdate,
  type UserSkillBulkUpdate,
} from "./bulk-update.js";
export {
  decideSkillAdjustment,
  type SkillAdjustment,
  type SkillAdjustmentDecision,
  type SkillAdjustmentInput,
} from "./decide-adjustment.js";
export { type AlertNames, formatSupervisorAlert } from "./supervisor-alert.js";
export {
  type AgentPerformance,
  CSAT_SCALES,
  type CsatScale,
  handleTimeFactor,
  roundToHundredths,
  type TargetProficiency,
  targetProficiency,
  validatePerformance,
} from "./target-proficiency.js";
