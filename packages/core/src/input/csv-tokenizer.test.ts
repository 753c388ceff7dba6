import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvTokenizer } from "./csv-tokenizer.js";
import { InputError } from "./input-error.js";

function tokenize(chunks: readonly string[]): CsvRecord[] {
  const tokenizer = new CsvTokenizer();
  return [...chunks.flatMap((chunk) => tokenizer.push(chunk)), ...tokenizer.end()];
}

function tokenizeError(text: string): InputError {
  try {
    tokenize([text]);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("CsvTokenizer", () => {
  it("reads RFC 4180 records: quoted commas, doubled quotes, line breaks inside quotes, CRLF", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",\r\n3,,last';
    expect(tokenize([text])).toEqual([
      { fields: ["a", "b", "c"], line: 1 },
      { fields: ["1", "x, y", 'say "hi"'], line: 2 },
      { fields: ["2", "multi\nline", ""], line: 3 },
      { fields: ["3", "", "last"], line: 5 },
    ]);
  });

  it("skips empty lines, keeps counting them, and drops a byte-order mark", () => {
    expect(tokenize(["\ufeffh1,h2\n\n1,2\r\n\r\n3,4\n"])).toEqual([
      { fields: ["h1", "h2"], line: 1 },
      { fields: ["1", "2"], line: 3 },
      { fields: ["3", "4"], line: 5 },
    ]);
  });

  it("gives the same records however the text is split into chunks", () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.string({ maxLength: 6 }).map((value) => `"${value.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(","));
    const document = fc
      .tuple(fc.array(row, { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n", "\r"))
      .map(([rows, newline]) => rows.join(newline));
    fc.assert(
      fc.property(document, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const whole = tokenize([text]);
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
          (left, right) => left - right,
        );
        const chunks: string[] = [];
        let previous = 0;
        for (const point of points) {
          chunks.push(text.slice(previous, point));
          previous = point;
        }
        chunks.push(text.slice(previous));
        expect(tokenize(chunks)).toEqual(whole);
      }),
    );
  });

  it("names line and column of malformed quoting", () => {
    expect(tokenizeError('a,b\n1,x"y\n')).toMatchObject({ line: 2, column: 2 });
    expect(tokenizeError('a,b\n1,"x"y\n')).toMatchObject({ line: 2, column: 2 });
    const unterminated = tokenizeError('a,b\n1,2\n3,"never closed\nstill open');
    expect(unterminated).toMatchObject({ line: 3, column: 2 });
    expect(unterminated.message).toMatch(/^line 3, column 2: quoted field is never closed/);
  });
});
