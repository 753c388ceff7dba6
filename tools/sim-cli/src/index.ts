export { type CliStreams, EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE_ERROR, runCli } from "./cli-main.js";
export { type CliCommand, parseCliArguments, USAGE, UsageError } from "./cli-options.js";
