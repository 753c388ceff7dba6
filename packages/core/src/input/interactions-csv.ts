import type { SimulatedInteraction } from "../simulator/types.js";
import {
  type ArrivalTimeFormat,
  detectArrivalTimeFormat,
  parseDecimal,
  parseIsoSeconds,
} from "./arrival-time.js";
import { type CsvRecord, CsvTokenizer } from "./csv-tokenizer.js";
import { InputError } from "./input-error.js";
import { InteractionIdCheck } from "./interaction-ids.js";
import { type SyncTextSource, syncTextChunks, type TextSource, textChunks } from "./text-source.js";

/** Columns of an interactions file; header names are matched case-insensitively, in any order. */
export const REQUIRED_INTERACTION_COLUMNS = [
  "id",
  "arrival_time",
  "required_skill",
  "handle_seconds",
] as const;
/** May be absent: a missing column reads as empty in every row (no language needed, never abandons). */
export const OPTIONAL_INTERACTION_COLUMNS = ["required_language", "patience_seconds"] as const;

type InteractionColumn =
  | (typeof REQUIRED_INTERACTION_COLUMNS)[number]
  | (typeof OPTIONAL_INTERACTION_COLUMNS)[number];

export interface InteractionsCsvOptions {
  /**
   * Reject a row arriving before the row above it (the simulator needs arrival order). Default true;
   * the simulator checks again, but only the parser can name the column.
   */
  readonly requireSorted?: boolean;
}

/**
 * Streams interactions from CSV text (`id,arrival_time,required_skill,required_language,handle_seconds,
 * patience_seconds`), parsing chunk by chunk so a large file is never held whole.
 *
 * arrival_time is either seconds from the start of the dataset or an ISO-8601 date-time, decided by the
 * first data row for the whole file (mixing is an error); ISO times become seconds after the first row's
 * time. Values are trimmed. Empty required_language = any language; empty patience_seconds = never
 * abandons. Ids must be unique in the file. Extra columns are ignored. Any bad row throws an `InputError`
 * naming its line and column (header name and 1-based position).
 */
export async function* parseInteractionsCsv(
  source: TextSource,
  options: InteractionsCsvOptions = {},
): AsyncGenerator<SimulatedInteraction> {
  const tokenizer = new CsvTokenizer();
  const reader = new InteractionRowReader(options);
  for await (const chunk of textChunks(source)) {
    yield* reader.readAll(reader.guard(() => tokenizer.push(chunk)));
  }
  yield* reader.readAll(reader.guard(() => tokenizer.end()));
  reader.finish();
}

/** `parseInteractionsCsv` for text that is already in memory (or arrives synchronously). */
export function* parseInteractionsCsvSync(
  source: SyncTextSource,
  options: InteractionsCsvOptions = {},
): Generator<SimulatedInteraction> {
  const tokenizer = new CsvTokenizer();
  const reader = new InteractionRowReader(options);
  for (const chunk of syncTextChunks(source)) {
    yield* reader.readAll(reader.guard(() => tokenizer.push(chunk)));
  }
  yield* reader.readAll(reader.guard(() => tokenizer.end()));
  reader.finish();
}

/** Turns CSV records into interactions: the first record is the header. */
class InteractionRowReader {
  private header: string[] | undefined;
  private columns: Record<InteractionColumn, number> | undefined;
  private format: ArrivalTimeFormat | undefined;
  private formatLine = 0;
  private isoOrigin = 0;
  private previousArrival = Number.NEGATIVE_INFINITY;
  private previousLine = 0;
  private readonly requireSorted: boolean;
  /** Ids must be unique in the file: a repeat names its line and the line of the first use. */
  private readonly ids = new InteractionIdCheck();
  private rows = 0;

  constructor(options: InteractionsCsvOptions) {
    this.requireSorted = options.requireSorted ?? true;
  }

  /** Runs the tokenizer, naming the header column in its errors once the header is known. */
  guard(tokenize: () => CsvRecord[]): CsvRecord[] {
    try {
      return tokenize();
    } catch (error) {
      if (error instanceof InputError && error.column !== undefined && this.header !== undefined) {
        throw error.relocated({ field: this.header[error.column - 1] });
      }
      throw error;
    }
  }

  *readAll(records: readonly CsvRecord[]): Generator<SimulatedInteraction> {
    for (const record of records) {
      const interaction = this.read(record);
      if (interaction !== undefined) yield interaction;
    }
  }

  read(record: CsvRecord): SimulatedInteraction | undefined {
    if (this.columns === undefined) {
      this.readHeader(record);
      return undefined;
    }
    return this.readRow(record, this.columns);
  }

  finish(): void {
    if (this.columns === undefined)
      throw new InputError("the file is empty: expected a header row", { line: 1 });
  }

  private readHeader(record: CsvRecord): void {
    const names = record.fields.map((name) => name.trim().toLowerCase());
    const known = new Set<string>([...REQUIRED_INTERACTION_COLUMNS, ...OPTIONAL_INTERACTION_COLUMNS]);
    const positions = new Map<string, number>();
    names.forEach((name, index) => {
      if (!known.has(name)) return;
      if (positions.has(name)) {
        throw new InputError(`column "${name}" appears twice in the header`, {
          line: record.line,
          column: index + 1,
          field: name,
        });
      }
      positions.set(name, index);
    });
    const missing = REQUIRED_INTERACTION_COLUMNS.filter((name) => !positions.has(name));
    if (missing.length > 0) {
      throw new InputError(
        `header lacks required column${missing.length > 1 ? "s" : ""} ${missing.map((name) => `"${name}"`).join(", ")} (found: ${names.join(", ")})`,
        { line: record.line },
      );
    }
    this.header = names;
    this.columns = {
      id: positions.get("id") ?? -1,
      arrival_time: positions.get("arrival_time") ?? -1,
      required_skill: positions.get("required_skill") ?? -1,
      handle_seconds: positions.get("handle_seconds") ?? -1,
      required_language: positions.get("required_language") ?? -1,
      patience_seconds: positions.get("patience_seconds") ?? -1,
    };
  }

  private readRow(record: CsvRecord, columns: Record<InteractionColumn, number>): SimulatedInteraction {
    const { fields, line } = record;
    const header = this.header ?? [];
    if (fields.length !== header.length) {
      const column = Math.min(fields.length, header.length) + 1;
      throw new InputError(`row has ${fields.length} fields but the header has ${header.length}`, {
        line,
        column,
        field: header[column - 1],
      });
    }
    // Plain reads and a throwing helper rather than per-row closures: this runs once per row of files
    // with millions of rows.
    const id = cell(fields, columns.id);
    if (id === "") rowError(line, columns, "id", "id is empty");
    const requiredSkill = cell(fields, columns.required_skill);
    if (requiredSkill === "") rowError(line, columns, "required_skill", "required_skill is empty");
    const arrivalSeconds = this.readArrival(cell(fields, columns.arrival_time), line, columns);
    if (this.requireSorted && arrivalSeconds < this.previousArrival) {
      rowError(
        line,
        columns,
        "arrival_time",
        `arrives before the row on line ${this.previousLine}: rows must be sorted by arrival_time`,
      );
    }
    this.previousArrival = arrivalSeconds;
    this.previousLine = line;

    const handleText = cell(fields, columns.handle_seconds);
    const handleSeconds = parseDecimal(handleText);
    if (handleSeconds === undefined || handleSeconds <= 0) {
      rowError(line, columns, "handle_seconds", `handle_seconds must be a number > 0, got "${handleText}"`);
    }
    const patienceText = cell(fields, columns.patience_seconds);
    let patienceSeconds: number | undefined;
    if (patienceText !== "") {
      patienceSeconds = parseDecimal(patienceText);
      if (patienceSeconds === undefined || patienceSeconds < 0) {
        rowError(
          line,
          columns,
          "patience_seconds",
          `patience_seconds must be empty or a number >= 0, got "${patienceText}"`,
        );
      }
    }
    const language = cell(fields, columns.required_language);
    const interaction = {
      id,
      arrivalSeconds,
      requiredSkill,
      requiredLanguage: language === "" ? undefined : language,
      handleSeconds,
      patienceSeconds,
      line,
    };
    this.ids.check(interaction, ++this.rows, columns.id + 1);
    return interaction;
  }

  private readArrival(text: string, line: number, columns: Record<InteractionColumn, number>): number {
    const format = detectArrivalTimeFormat(text);
    if (format === undefined) {
      rowError(
        line,
        columns,
        "arrival_time",
        `arrival_time must be seconds from the start or an ISO-8601 date-time, got "${text}"`,
      );
    }
    if (this.format === undefined) {
      this.format = format;
      this.formatLine = line;
      if (format === "iso-8601") this.isoOrigin = readIso(text, line, columns);
    } else if (format !== this.format) {
      const expected = this.format === "seconds" ? "a number of seconds" : "an ISO-8601 date-time";
      rowError(
        line,
        columns,
        "arrival_time",
        `arrival_time "${text}" is not ${expected} like the first row's (line ${this.formatLine}); a file must not mix formats`,
      );
    }
    if (format === "iso-8601") return readIso(text, line, columns) - this.isoOrigin;
    const seconds = parseDecimal(text);
    if (seconds === undefined || seconds < 0) {
      rowError(line, columns, "arrival_time", `arrival_time must be a number of seconds >= 0, got "${text}"`);
    }
    return seconds;
  }
}

/** The trimmed value of a column, "" for an optional column the file does not have. */
function cell(fields: readonly string[], index: number): string {
  return index < 0 ? "" : (fields[index] ?? "").trim();
}

function rowError(
  line: number,
  columns: Record<InteractionColumn, number>,
  column: InteractionColumn,
  reason: string,
): never {
  throw new InputError(reason, { line, column: columns[column] + 1, field: column });
}

function readIso(text: string, line: number, columns: Record<InteractionColumn, number>): number {
  try {
    return parseIsoSeconds(text);
  } catch (error) {
    if (error instanceof InputError) rowError(line, columns, "arrival_time", error.reason);
    throw error;
  }
}
