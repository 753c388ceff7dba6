export { deleteKeysWithPrefix } from "./delete-prefix.js";
export { createEmulatorTest, emulatorTest, startTestEmulator } from "./emulator-fixture.js";
export { redisTest } from "./fixtures.js";
export { freePort } from "./free-port.js";
export {
  type ClosableResource,
  createIsolatedRedis,
  DEFAULT_TEST_REDIS_URL,
  type IsolatedRedis,
  type IsolatedRedisOptions,
} from "./isolated-redis.js";
export { ResourceLeakError } from "./leak-error.js";
export {
  type ExitStatus,
  type LogLine,
  type ServiceProcess,
  sourceEntryArgs,
  spawnService,
} from "./service-process.js";
export { waitFor } from "./wait-for.js";
