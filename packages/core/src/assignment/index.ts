export {
  type AssignmentApproval,
  type AssignmentCheckInput,
  type AssignmentCheckOptions,
  type AssignmentDecision,
  type AssignmentRejection,
  type AssignmentThresholds,
  checkAssignment,
  DEFAULT_ASSIGNMENT_CHECK_OPTIONS,
  DEFAULT_ASSIGNMENT_THRESHOLDS,
  type SkillShortfall,
  thresholdFor,
} from "./assignment-check.js";
export {
  planRejectionFollowUp,
  type RejectionFollowUp,
  type RejectionFollowUpContext,
} from "./rejection-follow-up.js";
