import { describe, expect, it } from "vitest";
import type { SimulatedInteraction } from "../simulator/types.js";
import { InputError } from "./input-error.js";
import { parseInteractionsCsv, parseInteractionsCsvSync } from "./interactions-csv.js";

const HEADER = "id,arrival_time,required_skill,required_language,handle_seconds,patience_seconds";

async function collect(
  source: string | AsyncIterable<string> | Iterable<string>,
): Promise<SimulatedInteraction[]> {
  const rows: SimulatedInteraction[] = [];
  for await (const row of parseInteractionsCsv(source)) rows.push(row);
  return rows;
}

async function failure(text: string): Promise<InputError> {
  try {
    await collect(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("parseInteractionsCsv", () => {
  it("reads rows with seconds, optional language and patience, and their source lines", async () => {
    const rows = await collect(`${HEADER}\nc1,0,billing,en-US,120,60\nc2,2.5,sales,,90,\n`);
    expect(rows).toEqual([
      {
        id: "c1",
        arrivalSeconds: 0,
        requiredSkill: "billing",
        requiredLanguage: "en-US",
        handleSeconds: 120,
        patienceSeconds: 60,
        line: 2,
      },
      {
        id: "c2",
        arrivalSeconds: 2.5,
        requiredSkill: "sales",
        requiredLanguage: undefined,
        handleSeconds: 90,
        patienceSeconds: undefined,
        line: 3,
      },
    ]);
  });

  it("accepts any column order, case and extra columns, and makes the optional columns optional", async () => {
    const rows = await collect(
      'Handle_Seconds,queue,ID,Required_Skill,arrival_time\n30,"q, 1",x,billing,5\n',
    );
    expect(rows).toEqual([
      {
        id: "x",
        arrivalSeconds: 5,
        requiredSkill: "billing",
        requiredLanguage: undefined,
        handleSeconds: 30,
        patienceSeconds: undefined,
        line: 2,
      },
    ]);
  });

  it("turns ISO-8601 arrivals into seconds after the first row", async () => {
    const rows = await collect(
      `${HEADER}\na,2024-03-01T09:00:00Z,s,,10,\nb,2024-03-01T10:00:30+01:00,s,,10,\nc,2024-03-01T09:01:00Z,s,,10,\n`,
    );
    expect(rows.map((row) => row.arrivalSeconds)).toEqual([0, 30, 60]);
  });

  it("streams chunks split anywhere, sync or async, with the same result", async () => {
    const text = `${HEADER}\r\n${Array.from({ length: 50 }, (_, index) => `id-${index},${index},"skill ${index % 3}",en,${index + 1},`).join("\r\n")}`;
    const whole = await collect(text);
    expect(whole).toHaveLength(50);
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    async function* slowly(): AsyncGenerator<string> {
      for (const chunk of chunks) yield chunk;
    }
    expect(await collect(slowly())).toEqual(whole);
    expect([...parseInteractionsCsvSync(chunks)]).toEqual(whole);
  });

  it("names line and column (header name and 1-based position) of a bad value", async () => {
    const error = await failure(`${HEADER}\na,0,s,,10,\nb,1,s,,abc,\n`);
    expect(error).toMatchObject({ line: 3, column: 5, field: "handle_seconds" });
    expect(error.message).toBe(
      'line 3, column 5 (handle_seconds): handle_seconds must be a number > 0, got "abc"',
    );
    expect(await failure(`${HEADER}\na,0,s,,0,\n`)).toMatchObject({ line: 2, field: "handle_seconds" });
    expect(await failure(`${HEADER}\na,0,s,,10,-1\n`)).toMatchObject({
      line: 2,
      column: 6,
      field: "patience_seconds",
    });
    expect(await failure(`${HEADER}\n,0,s,,10,\n`)).toMatchObject({ line: 2, column: 1, field: "id" });
    expect(await failure(`${HEADER}\na,0,,,10,\n`)).toMatchObject({
      line: 2,
      column: 3,
      field: "required_skill",
    });
  });

  it("rejects mixing arrival formats, unsorted rows and unreadable times", async () => {
    const mixed = await failure(`${HEADER}\na,0,s,,10,\nb,2024-03-01T09:00:00Z,s,,10,\n`);
    expect(mixed).toMatchObject({ line: 3, column: 2, field: "arrival_time" });
    expect(mixed.message).toMatch(/first row's \(line 2\)/);
    const unsorted = await failure(`${HEADER}\na,5,s,,10,\nb,4,s,,10,\n`);
    expect(unsorted).toMatchObject({ line: 3, column: 2 });
    expect(unsorted.message).toMatch(/before the row on line 2/);
    expect(await failure(`${HEADER}\na,soon,s,,10,\n`)).toMatchObject({ line: 2, field: "arrival_time" });
    expect(await failure(`${HEADER}\na,2024-02-30T00:00:00Z,s,,10,\n`)).toMatchObject({
      line: 2,
      field: "arrival_time",
    });
  });

  it("rejects a row with the wrong number of fields, naming where it falls short", async () => {
    expect(await failure(`${HEADER}\na,0,s\n`)).toMatchObject({
      line: 2,
      column: 4,
      field: "required_language",
    });
    expect(await failure(`${HEADER}\na,0,s,,10,,extra\n`)).toMatchObject({ line: 2, column: 7 });
  });

  it("rejects a header without a required column, a duplicated column, or no header at all", async () => {
    const missing = await failure("id,arrival_time,required_skill\na,0,s\n");
    expect(missing).toMatchObject({ line: 1 });
    expect(missing.message).toMatch(/"handle_seconds"/);
    expect(await failure("id,id,arrival_time,required_skill,handle_seconds\n")).toMatchObject({
      line: 1,
      column: 2,
    });
    expect(await failure("")).toMatchObject({ line: 1 });
  });

  it("names the header column of a quoting error", async () => {
    expect(await failure(`${HEADER}\na,0,"bil"ling,,10,\n`)).toMatchObject({
      line: 2,
      column: 3,
      field: "required_skill",
    });
  });
});
