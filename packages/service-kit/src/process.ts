// What a service process needs and nothing of Genesys: the emulator's process uses this entry
// (`@routing/service-kit/process`), so it never loads the Genesys client (README, dependency rules).
export { coerceError } from "./coerce-error.js";
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
export { createLogger, type Logger, type LoggerOptions } from "./logger.js";
export {
  type RunServiceOptions,
  runService,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceProcess,
  type ServiceStarted,
} from "./run-service.js";
