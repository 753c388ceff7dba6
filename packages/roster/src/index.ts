export { applyRosterEvent, type RosterEventResult } from "./apply-event.js";
export {
  type MembershipChange,
  type ParsedActivity,
  type ParsedMembership,
  parseActivityEvent,
  parseMembershipEvent,
  type Rejected,
  ROSTER_EVENT_REJECTIONS,
  type RosterEventRejection,
  type RosterTopic,
  rosterTopicOf,
  rosterTopics,
} from "./events.js";
export {
  observationFromQueueMember,
  observationFromSkillWrite,
  observationFromUser,
} from "./genesys-bodies.js";
export { isGenesysId, isOnQueuePresence } from "./genesys-values.js";
export { type RosterKeys, rosterKeys } from "./keys.js";
export {
  FOLLOWED_WITHIN_MS,
  type ResolvedRosterOptions,
  ROSTER_DEFAULTS,
  type RosterOptions,
  RosterOptionsError,
  resolveRosterOptions,
  rosterKeyPrefix,
  STALE_POLICIES,
  type StalePolicy,
} from "./options.js";
export { isRoutable, type QueueRoster, type RosterMember, rosterCandidates } from "./queue-roster.js";
export type { UserObservation } from "./records.js";
export {
  type ConfirmationKind,
  createRosterStore,
  type MembershipOutcome,
  type QueueStatus,
  REFRESHED_FIELDS,
  type RefreshedField,
  type RosterConfirmation,
  RosterInputError,
  type RosterRefresh,
  type RosterStore,
  type StaleEpisode,
} from "./roster-store.js";
export {
  assessStaleness,
  decodeMeta,
  MARKED_STALE_REASONS,
  type MarkedStaleReason,
  type QueueMeta,
  STALE_REASONS,
  type Staleness,
  type StaleReason,
} from "./staleness.js";
