// Entry point of `npm run sim`: see USAGE in cli-options.ts and tools/sim-cli/README.md.
import { runCli } from "./cli-main.js";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
