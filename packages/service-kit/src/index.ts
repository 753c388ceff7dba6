export { genesysClientEventMetrics } from "./genesys-event-metrics.js";
export {
  createGenesysRuntime,
  type GenesysClientTuning,
  type GenesysRuntime,
  type GenesysRuntimeOptions,
} from "./genesys-runtime.js";
export {
  EMULATOR_DEFAULTS,
  type GenesysEnv,
  type GenesysServiceConfig,
  type GenesysTarget,
  genesysEnvShape,
  genesysServiceConfig,
  resolveGenesysTarget,
} from "./genesys-target.js";
export {
  createMetricsRegistry,
  type GenesysRequestMetricsOptions,
  genesysRequestMetrics,
} from "./metrics.js";
export * from "./process.js";
export { type RosterStaleness, rosterEnvShape, rosterStaleness } from "./roster-env.js";
