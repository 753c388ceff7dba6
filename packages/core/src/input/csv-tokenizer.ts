import { InputError } from "./input-error.js";

/** One CSV record with the physical line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  /** 1-based; a quoted field spanning lines makes the next record start further down. */
  readonly line: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = "\ufeff";

/**
 * Incremental RFC 4180 tokenizer: feed text chunks as they arrive, get back the records they complete.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; records end at LF, CRLF or a lone CR;
 * empty lines are skipped; a leading byte-order mark is dropped. Strict where RFC 4180 is: a quote inside
 * an unquoted field, text after a closing quote, or an unterminated quote is an `InputError` naming line
 * and column (the field's 1-based position).
 *
 * Only the unfinished tail of a chunk is carried over, so memory stays bounded by the longest record.
 */
export class CsvTokenizer {
  private pending = "";
  private line = 1;
  private started = false;
  private deferredError: InputError | undefined;

  /**
   * Records completed by `chunk`. When a malformed record follows good ones, the good ones are returned
   * first and the error is thrown by the next call, so a caller can read the header before it has to
   * report on the rows below it.
   */
  push(chunk: string): CsvRecord[] {
    return this.parseOrDefer(chunk, false);
  }

  /** Records left at the end of the input (a last line without a line break). Call once. */
  end(): CsvRecord[] {
    return this.parseOrDefer("", true);
  }

  private parseOrDefer(chunk: string, final: boolean): CsvRecord[] {
    if (this.deferredError !== undefined) throw this.deferredError;
    const records: CsvRecord[] = [];
    try {
      this.parse(chunk, final, records);
    } catch (error) {
      if (!(error instanceof InputError) || records.length === 0) throw error;
      this.deferredError = error;
    }
    return records;
  }

  private parse(chunk: string, final: boolean, records: CsvRecord[]): void {
    let text = this.pending === "" ? chunk : this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    }
    let position = 0;
    while (position < text.length) {
      const first = text.charCodeAt(position);
      if (first === LINE_FEED || first === CARRIAGE_RETURN) {
        const next = lineBreakEnd(text, position, final);
        if (next < 0) break;
        position = next;
        this.line++;
        continue;
      }
      const parsed = this.parseRecord(text, position, final);
      if (parsed === undefined) break;
      records.push({ fields: parsed.fields, line: this.line });
      this.line += 1 + parsed.innerLineBreaks;
      position = parsed.next;
    }
    this.pending = text.slice(position);
  }

  /** Parses the record starting at `start`; undefined when the text ends before the record does. */
  private parseRecord(
    text: string,
    start: number,
    final: boolean,
  ): { fields: string[]; next: number; innerLineBreaks: number } | undefined {
    const fields: string[] = [];
    let innerLineBreaks = 0;
    let position = start;
    for (;;) {
      const column = fields.length + 1;
      if (position < text.length && text.charCodeAt(position) === QUOTE) {
        let value = "";
        let segmentStart = position + 1;
        for (;;) {
          const quote = text.indexOf('"', segmentStart);
          if (quote < 0) {
            if (!final) return undefined;
            throw new InputError("quoted field is never closed", {
              line: this.line + innerLineBreaks,
              column,
            });
          }
          if (quote + 1 >= text.length && !final) return undefined; // "" escape or closing quote: undecided
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(segmentStart, quote + 1);
            segmentStart = quote + 2;
            continue;
          }
          value += text.slice(segmentStart, quote);
          position = quote + 1;
          break;
        }
        innerLineBreaks += countLineBreaks(value);
        fields.push(value);
        if (position < text.length) {
          const after = text.charCodeAt(position);
          if (after !== COMMA && after !== LINE_FEED && after !== CARRIAGE_RETURN) {
            throw new InputError(`unexpected ${JSON.stringify(text[position])} after a closing quote`, {
              line: this.line + innerLineBreaks,
              column,
            });
          }
        }
      } else {
        let end = position;
        while (end < text.length) {
          const code = text.charCodeAt(end);
          if (code === COMMA || code === LINE_FEED || code === CARRIAGE_RETURN) break;
          if (code === QUOTE) {
            throw new InputError(
              "quote inside an unquoted field (quote the whole field and double the quote)",
              {
                line: this.line + innerLineBreaks,
                column,
              },
            );
          }
          end++;
        }
        if (end >= text.length && !final) return undefined;
        fields.push(text.slice(position, end));
        position = end;
      }
      if (position >= text.length) return { fields, next: position, innerLineBreaks };
      const separator = text.charCodeAt(position);
      if (separator === COMMA) {
        position++;
        continue;
      }
      const next = lineBreakEnd(text, position, final);
      if (next < 0) return undefined;
      return { fields, next, innerLineBreaks };
    }
  }
}

/** Index after the line break at `position`, or -1 when a CR ends the text and an LF might follow. */
function lineBreakEnd(text: string, position: number, final: boolean): number {
  if (text.charCodeAt(position) === LINE_FEED) return position + 1;
  if (position + 1 < text.length)
    return text.charCodeAt(position + 1) === LINE_FEED ? position + 2 : position + 1;
  return final ? position + 1 : -1;
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === LINE_FEED) count++;
    else if (code === CARRIAGE_RETURN && value.charCodeAt(index + 1) !== LINE_FEED) count++;
  }
  return count;
}
