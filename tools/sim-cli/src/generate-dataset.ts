import { open, writeFile } from "node:fs/promises";
import { generateSyntheticDataset, type SimulatedInteraction } from "@routing/core";
import type { GenerateCommand } from "./cli-options.js";
import { describeFileError, FileInputError } from "./file-input.js";

export const CSV_HEADER = "id,arrival_time,required_skill,required_language,handle_seconds,patience_seconds";
const ROWS_PER_WRITE = 10_000;

export interface GeneratedDataset {
  readonly interactions: number;
  readonly agents: number;
  readonly arrivalRatePerSecond: number;
}

/** Writes a seeded synthetic dataset (see `generateSyntheticDataset`) as CSV and JSON files. */
export async function writeSyntheticDataset(command: GenerateCommand): Promise<GeneratedDataset> {
  const dataset = generateSyntheticDataset({
    interactions: command.interactions,
    agents: command.agents,
    seed: command.seed,
    targetOccupancy: command.occupancy,
    meanHandleSeconds: command.meanHandleSeconds,
    meanPatienceSeconds: command.meanPatienceSeconds,
  });
  // "wx" fails on an existing file, so nothing is overwritten by accident.
  const flag = command.force ? "w" : "wx";
  try {
    await writeFile(command.agentsPath, `${JSON.stringify(dataset.agents, null, 2)}\n`, { flag });
  } catch (error) {
    throw new FileInputError(command.agentsPath, describeFileError(error));
  }
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(command.interactionsPath, flag);
  } catch (error) {
    throw new FileInputError(command.interactionsPath, describeFileError(error));
  }
  try {
    let batch: string[] = [CSV_HEADER];
    for (const interaction of dataset.interactions()) {
      batch.push(toCsvRow(interaction));
      if (batch.length >= ROWS_PER_WRITE) {
        await file.write(`${batch.join("\n")}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) await file.write(`${batch.join("\n")}\n`);
  } finally {
    await file.close();
  }
  return {
    interactions: command.interactions,
    agents: dataset.agents.length,
    arrivalRatePerSecond: dataset.arrivalRatePerSecond,
  };
}

function toCsvRow(interaction: SimulatedInteraction): string {
  // Generated ids, skills and languages never contain commas or quotes, so no field needs quoting.
  return [
    interaction.id,
    String(interaction.arrivalSeconds),
    interaction.requiredSkill,
    interaction.requiredLanguage ?? "",
    String(interaction.handleSeconds),
    interaction.patienceSeconds === undefined ? "" : String(interaction.patienceSeconds),
  ].join(",");
}
