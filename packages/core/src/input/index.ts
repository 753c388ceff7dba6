export { AgentRosterError, parseAgentsJson, validateAgents } from "./agents-json.js";
export { type ArrivalTimeFormat, parseIsoSeconds } from "./arrival-time.js";
export { type CsvRecord, CsvTokenizer } from "./csv-tokenizer.js";
export { InputError, type InputLocation } from "./input-error.js";
export { InteractionIdCheck, requireUniqueInteractionIds } from "./interaction-ids.js";
export {
  type InteractionsCsvOptions,
  OPTIONAL_INTERACTION_COLUMNS,
  parseInteractionsCsv,
  parseInteractionsCsvSync,
  REQUIRED_INTERACTION_COLUMNS,
} from "./interactions-csv.js";
export type { SyncTextSource, TextSource } from "./text-source.js";
