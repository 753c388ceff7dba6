export {
  type AssignmentApproval,
  type AssignmentCheckInput,
  type AssignmentCheckOptions,
  type AssignmentDecision,
  type AssignmentExplanation,
  type AssignmentRejection,
  type AssignmentSkillFigure,
  type AssignmentThresholds,
  checkAssignment,
  DEFAULT_ASSIGNMENT_CHECK_OPTIONS,
  DEFAULT_ASSIGNMENT_THRESHOLDS,
  explainAssignmentCheck,
  type SkillShortfall,
  thresholdFor,
} from "./assignment-check.js";
export {
  type ExplainedRejectionFollowUp,
  planRejectionFollowUp,
  planRejectionFollowUpExplained,
  type RejectionFollowUp,
  type RejectionFollowUpContext,
} from "./rejection-follow-up.js";
