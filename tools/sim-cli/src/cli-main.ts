import {
  type SimulationReport,
  scoringForRun,
  simulationRunLabel,
  summariseSimulationRuns,
} from "@routing/core";
import {
  type CliCommand,
  parseCliArguments,
  type SimulateCommand,
  USAGE,
  UsageError,
} from "./cli-options.js";
import { FileInputError, loadAgents, simulateFile } from "./file-input.js";
import { writeSyntheticDataset } from "./generate-dataset.js";
import {
  lineProgress,
  type ProgressReporter,
  type ProgressStream,
  SILENT_PROGRESS,
  terminalProgress,
} from "./progress-reporter.js";
import { formatComparison, formatReport } from "./text-report.js";

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
}

export const EXIT_OK = 0;
export const EXIT_INPUT_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;
export const EXIT_INTERNAL_ERROR = 70;

/**
 * Runs the CLI and returns its exit code. User errors (bad flags, bad files) become one line on stderr
 * and exit 2 / 1; only a bug in the program itself prints a stack trace.
 */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    streams.stderr.write(`sim: ${error.message}\nRun with --help for usage.\n`);
    return EXIT_USAGE_ERROR;
  }
  try {
    switch (command.kind) {
      case "help":
        streams.stdout.write(`${USAGE}\n`);
        return EXIT_OK;
      case "generate": {
        const written = await writeSyntheticDataset(command);
        streams.stdout.write(
          `Wrote ${written.interactions} interactions to ${command.interactionsPath} and ${written.agents} agents to ${command.agentsPath} (seed ${command.seed}, ${(written.arrivalRatePerSecond * 3600).toFixed(1)} arrivals/hour).\n`,
        );
        return EXIT_OK;
      }
      case "simulate":
        await simulate(command, streams);
        return EXIT_OK;
    }
  } catch (error) {
    if (error instanceof FileInputError) {
      streams.stderr.write(`sim: ${error.message}\n`);
      return EXIT_INPUT_ERROR;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    streams.stderr.write(`sim: internal error (please report): ${detail}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

async function simulate(command: SimulateCommand, streams: CliStreams): Promise<void> {
  const agents = await loadAgents(command.agentsPath);
  const progress = chooseProgress(command, streams.stderr);
  const reports: SimulationReport[] = [];
  for (const run of command.plan.runs) {
    reports.push(
      await simulateFile({
        interactionsPath: command.interactionsPath,
        agents,
        policy: run.policy,
        scoring: scoringForRun(run),
        label: simulationRunLabel(run),
        targetSeconds: command.targetSeconds,
        progress,
      }),
    );
  }
  if (command.json) {
    // core's summary: the same keys and rounding as the dashboard's simulation results.
    streams.stdout.write(`${JSON.stringify(summariseSimulationRuns(command.plan, reports))}\n`);
    return;
  }
  const labels = command.plan.runs.map(simulationRunLabel);
  const first = reports[0];
  streams.stdout.write(
    command.plan.compare || first === undefined
      ? formatComparison(reports, labels)
      : formatReport(first, labels[0] ?? first.policy),
  );
}

function chooseProgress(command: SimulateCommand, stderr: ProgressStream): ProgressReporter {
  if (command.progress === "never") return SILENT_PROGRESS;
  if (stderr.isTTY === true) return terminalProgress(stderr);
  return command.progress === "always" ? lineProgress(stderr) : SILENT_PROGRESS;
}
