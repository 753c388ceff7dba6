export {
  defineScript,
  type LuaScript,
  runScript,
  type ScriptArg,
  type ScriptRedis,
} from "./redis-scripts.js";
