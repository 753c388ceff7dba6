/** Where in a text input a problem was found; every part is optional because not every source has lines. */
export interface InputLocation {
  /** 1-based line of the source text. */
  readonly line?: number | undefined;
  /** 1-based column: the field's position in a CSV row, or the character position in a JSON line. */
  readonly column?: number | undefined;
  /** Name of the column or field (a CSV header name, a JSON property path). */
  readonly field?: string | undefined;
}

/**
 * Bad input data (not a programming error): the message starts with the location, e.g.
 * `line 12, column 5 (handle_seconds): must be a number > 0, got "abc"`, so a CLI can print it as is
 * after the file name.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field: string | undefined;
  /** The message without its location prefix. */
  readonly reason: string;

  constructor(reason: string, location: InputLocation = {}) {
    super(`${formatLocation(location)}${reason}`);
    this.line = location.line;
    this.column = location.column;
    this.field = location.field;
    this.reason = reason;
  }

  /** The same problem at a more precise location (fields left undefined keep their current value). */
  relocated(location: InputLocation): InputError {
    return new InputError(this.reason, {
      line: location.line ?? this.line,
      column: location.column ?? this.column,
      field: location.field ?? this.field,
    });
  }
}

function formatLocation({ line, column, field }: InputLocation): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column ${column}`);
  let location = parts.join(", ");
  if (field !== undefined) location = location === "" ? `field "${field}"` : `${location} (${field})`;
  return location === "" ? "" : `${location}: `;
}
