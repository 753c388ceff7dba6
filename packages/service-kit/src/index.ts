export {
  commonEnvShape,
  EnvError,
  envBoolean,
  envInteger,
  envList,
  envPort,
  isProduction,
  LOG_LEVELS,
  type LogLevel,
  parseEnv,
} from "./env.js";
export { createGenesysRuntime, type GenesysRuntime, type GenesysRuntimeOptions } from "./genesys-runtime.js";
export {
  EMULATOR_DEFAULTS,
  type GenesysEnv,
  type GenesysServiceConfig,
  type GenesysTarget,
  genesysEnvShape,
  genesysServiceConfig,
  resolveGenesysTarget,
} from "./genesys-target.js";
export { createLogger, type Logger, type LoggerOptions, REDACTED_PATHS } from "./logger.js";
export {
  createMetricsRegistry,
  type GenesysRequestMetricsOptions,
  genesysRequestMetrics,
} from "./metrics.js";
export { handleShutdown, type ShutdownStep } from "./shutdown.js";
