/**
 * Compose's variable interpolation, as documented (https://docs.docker.com/reference/compose-file/interpolation/):
 * $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt},
 * nesting inside the default/alternative, and $$ for a literal $. Enough to prove which variables a
 * compose file requires; the real Compose remains the authority where a Docker engine runs.
 */
export class MissingVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`required variable ${variable} is missing a value: ${detail}`);
  }
}

export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== "$") {
      out += char;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const end = closingBrace(text, i + 2);
      out += expand(text.slice(i + 2, end), env);
      i = end + 1;
      continue;
    }
    const name = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(text.slice(i + 1))?.[0];
    if (name === undefined) {
      out += "$";
      i++;
      continue;
    }
    out += env[name] ?? "";
    i += 1 + name.length;
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return i;
  }
  throw new Error(`unterminated \${ in ${text}`);
}

function expand(body: string, env: Readonly<Record<string, string | undefined>>): string {
  const match = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (match === null) throw new Error(`invalid interpolation format: \${${body}}`);
  const [, name = "", operator, operand = ""] = match;
  const value = env[name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== "";
  switch (operator) {
    case undefined:
      return value ?? "";
    case ":-":
      return isNonEmpty ? value : interpolate(operand, env);
    case "-":
      return isSet ? value : interpolate(operand, env);
    case ":?":
      if (!isNonEmpty) throw new MissingVariableError(name, interpolate(operand, env));
      return value;
    case "?":
      if (!isSet) throw new MissingVariableError(name, interpolate(operand, env));
      return value;
    case ":+":
      return isNonEmpty ? interpolate(operand, env) : "";
    case "+":
      return isSet ? interpolate(operand, env) : "";
    default:
      throw new Error(`invalid interpolation operator ${operator}`);
  }
}

/** Interpolates every string of a parsed compose document (values only, as Compose does). */
export function interpolateDocument(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateDocument(item, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateDocument(item, env)]),
    );
  }
  return value;
}
