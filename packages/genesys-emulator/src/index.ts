export type { AnalyticsMediaType } from "./analytics/metric-store.js";
export type { CreateConversationInput } from "./contact-centre/contact-centre.js";
export type { ContactCentreOptions } from "./contact-centre/contact-centre-options.js";
export type { MediaType, OfferOutcome, OfferReason, RoutingStatusName } from "./contact-centre/model.js";
export { type EmulatorControl, EmulatorControlError } from "./control/control.js";
export type { EmulatorSnapshot } from "./control/snapshot.js";
export { type RunningEmulator, startEmulator } from "./emulator.js";
export type { MessageFlowInput } from "./message-flows/flow-definition.js";
export {
  type FlowTurnResult,
  MessageFlowError,
  type MessageFlows,
  type TranscriptEntry,
} from "./message-flows/message-flows.js";
export {
  DEFAULT_NLU_FALLBACK,
  DEFAULT_NLU_RULES,
  type NluResult,
  type NluRule,
} from "./message-flows/nlu-stub.js";
export {
  DEFAULT_EMULATOR_CREDENTIALS,
  DEFAULT_MANUAL_CLOCK_START_MS,
  type EmulatorCredentials,
  type EmulatorOptions,
  EmulatorOptionsError,
} from "./options.js";
export type { FaultRule } from "./protocol/faults/fault-injector.js";
export type { LatencyRule } from "./protocol/faults/latency.js";
export type { RequestLogEntry } from "./protocol/http/request-log.js";
export { SOCKET_CLOSE_CODES } from "./protocol/notifications/socket-hub.js";
export { ClockModeError } from "./time/clock.js";
