import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import {
  type AgentProfile,
  AgentRosterError,
  InputError,
  parseAgentsJson,
  parseInteractionsCsv,
  type RoutingPolicyName,
  type ScoringOptions,
  type SimulationReport,
  simulateStream,
} from "@routing/core";
import type { ProgressReporter } from "./progress-reporter.js";

/** A problem with one of the input files: printed as `<file>: <message>`, exit code 1. */
export class FileInputError extends Error {
  override readonly name = "FileInputError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Interactions between progress callbacks: frequent enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_EVERY = 5000;
const READ_CHUNK_BYTES = 64 * 1024;

export async function loadAgents(path: string): Promise<AgentProfile[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new FileInputError(path, describeFileError(error));
  }
  try {
    return parseAgentsJson(text);
  } catch (error) {
    if (error instanceof InputError || error instanceof AgentRosterError)
      throw new FileInputError(path, error.message);
    throw error;
  }
}

export interface FileSimulation {
  readonly interactionsPath: string;
  readonly agents: readonly AgentProfile[];
  readonly policy: RoutingPolicyName;
  readonly scoring: ScoringOptions;
  /** The run's name in progress output. */
  readonly label: string;
  readonly targetSeconds: number;
  readonly progress: ProgressReporter;
}

/** Streams the interactions file through the simulator; the file is never held in memory whole. */
export async function simulateFile(run: FileSimulation): Promise<SimulationReport> {
  const { interactionsPath: path, progress, policy, label } = run;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new FileInputError(path, "not a regular file");
    size = info.size;
  } catch (error) {
    if (error instanceof FileInputError) throw error;
    throw new FileInputError(path, describeFileError(error));
  }
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: READ_CHUNK_BYTES });
  try {
    const report = await simulateStream(parseInteractionsCsv(stream), run.agents, {
      policy,
      scoring: run.scoring,
      targetSeconds: run.targetSeconds,
      progressEvery: PROGRESS_EVERY,
      onProgress: ({ processed }) =>
        progress.update(label, size === 0 ? 1 : stream.bytesRead / size, processed),
    });
    progress.done(label, report.interactions);
    return report;
  } catch (error) {
    progress.done(label, 0);
    if (error instanceof InputError) throw new FileInputError(path, error.message);
    if (isSystemError(error)) throw new FileInputError(path, describeFileError(error));
    throw error;
  } finally {
    stream.destroy();
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

export function describeFileError(error: unknown): string {
  if (isSystemError(error)) {
    switch (error.code) {
      case "ENOENT":
        return "no such file";
      case "EACCES":
      case "EPERM":
        return "permission denied";
      case "EISDIR":
        return "is a directory, not a file";
      case "EEXIST":
        return "already exists (pass --force to overwrite)";
      default:
        return `cannot access (${error.code})`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
