import { type AgentProfile, MAX_PROFICIENCY } from "../model.js";
import { InputError } from "./input-error.js";

/**
 * A roster entry that fails validation: names the entry's index in the array, its id when it has a
 * usable one, and the offending field, e.g. `agents[3] (id "a-17"), field "skills.billing": ...`.
 */
export class AgentRosterError extends Error {
  override readonly name = "AgentRosterError";
  /** 0-based position in the JSON array; undefined for problems with the document as a whole. */
  readonly agentIndex: number | undefined;
  readonly agentId: string | undefined;
  /** Dotted path inside the agent, e.g. `skills.billing`, `languages[1]`. */
  readonly field: string | undefined;
  readonly reason: string;

  constructor(reason: string, location: { agentIndex?: number; agentId?: string; field?: string } = {}) {
    const who =
      location.agentIndex === undefined
        ? ""
        : `agents[${location.agentIndex}]${location.agentId === undefined ? "" : ` (id ${JSON.stringify(location.agentId)})`}`;
    const what = location.field === undefined ? "" : `field "${location.field}"`;
    const prefix = [who, what].filter((part) => part !== "").join(", ");
    super(prefix === "" ? reason : `${prefix}: ${reason}`);
    this.agentIndex = location.agentIndex;
    this.agentId = location.agentId;
    this.field = location.field;
    this.reason = reason;
  }
}

/**
 * Parses and validates an agent roster:
 * `[{ "id": "a-1", "name": "Ann", "skills": { "billing": 4 }, "languages": ["en-US"], "csat": 0.8 }]`.
 *
 * At least one agent. id: non-empty string, unique. name: optional string. skills: object of skill -> proficiency 0–5.
 * languages: array of non-empty strings. csat: optional number 0–1 (null or absent = no survey data).
 * Other properties are ignored. Malformed JSON is an `InputError` with line and column; a bad entry is an
 * `AgentRosterError`.
 */
export function parseAgentsJson(text: string): AgentProfile[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 quotes the document in some messages; the location says more than a multi-line excerpt.
    const reason = message.replace(/, ".*" is not valid JSON$/s, "");
    throw new InputError(`invalid JSON: ${reason}`, jsonErrorLocation(text, message));
  }
  return validateAgents(document);
}

/** Validates an already-parsed roster (see `parseAgentsJson` for the rules). */
export function validateAgents(document: unknown): AgentProfile[] {
  if (!Array.isArray(document)) {
    throw new AgentRosterError(`expected a JSON array of agents, got ${describe(document)}`);
  }
  if (document.length === 0) {
    throw new AgentRosterError("the roster is empty: a simulation needs at least one agent");
  }
  const firstIndexOfId = new Map<string, number>();
  return document.map((entry: unknown, agentIndex) => {
    const agent = validateAgent(entry, agentIndex);
    const earlier = firstIndexOfId.get(agent.id);
    if (earlier !== undefined) {
      throw new AgentRosterError(`duplicate id, already used by agents[${earlier}]`, {
        agentIndex,
        agentId: agent.id,
        field: "id",
      });
    }
    firstIndexOfId.set(agent.id, agentIndex);
    return agent;
  });
}

function validateAgent(entry: unknown, agentIndex: number): AgentProfile {
  if (!isPlainObject(entry))
    throw new AgentRosterError(`expected an object, got ${describe(entry)}`, { agentIndex });
  const rawId = entry.id;
  if (typeof rawId !== "string" || rawId.trim() === "") {
    throw new AgentRosterError(`id must be a non-empty string, got ${describe(rawId)}`, {
      agentIndex,
      field: "id",
    });
  }
  const agentId = rawId;
  const fail: (field: string, reason: string) => never = (field, reason) => {
    throw new AgentRosterError(reason, { agentIndex, agentId, field });
  };

  const name = entry.name;
  if (name !== undefined && name !== null && typeof name !== "string") {
    fail("name", `name must be a string, got ${describe(name)}`);
  }

  const rawSkills = entry.skills;
  if (!isPlainObject(rawSkills))
    return fail("skills", `skills must be an object of skill -> 0–5, got ${describe(rawSkills)}`);
  const skills: Record<string, number> = {};
  for (const [skill, proficiency] of Object.entries(rawSkills)) {
    if (skill.trim() === "") fail("skills", "skill names must not be empty");
    if (typeof proficiency !== "number" || !(proficiency >= 0 && proficiency <= MAX_PROFICIENCY)) {
      fail(
        `skills.${skill}`,
        `proficiency must be a number from 0 to ${MAX_PROFICIENCY}, got ${describe(proficiency)}`,
      );
    }
    skills[skill] = proficiency;
  }

  const rawLanguages = entry.languages;
  if (!Array.isArray(rawLanguages)) {
    return fail("languages", `languages must be an array of language ids, got ${describe(rawLanguages)}`);
  }
  const languages = rawLanguages.map((language: unknown, position) => {
    if (typeof language !== "string" || language.trim() === "") {
      return fail(
        `languages[${position}]`,
        `a language must be a non-empty string, got ${describe(language)}`,
      );
    }
    return language;
  });

  const csat = entry.csat;
  if (csat !== undefined && csat !== null && (typeof csat !== "number" || !(csat >= 0 && csat <= 1))) {
    fail("csat", `csat must be a number from 0 to 1 (or null), got ${describe(csat)}`);
  }

  const agent: AgentProfile = {
    id: agentId,
    skills,
    languages,
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof csat === "number" ? { csat } : {}),
  };
  return agent;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}

/** Line and column of a JSON.parse failure, when the engine's message gives a position. */
function jsonErrorLocation(text: string, message: string): { line?: number; column?: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return locate(text, Number(position[1]));
  if (/Unexpected end of JSON input/.test(message)) return locate(text, text.length);
  const offset = firstBadOffset(text);
  return offset === undefined ? {} : locate(text, offset);
}

/**
 * Some engine messages ("Unexpected token 'x', ... is not valid JSON") carry no position. Parsing is
 * left to right, so the shortest prefix that fails for a reason other than ending early ends at the
 * offending character: binary search for it (cheap for a roster-sized document).
 */
function firstBadOffset(text: string): number | undefined {
  const failsEarly = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      const position = /at position (\d+)/.exec(message);
      if (position !== null) return Number(position[1]) < length;
      return !/Unexpected end of JSON input/.test(message);
    }
  };
  if (!failsEarly(text.length)) return undefined;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (failsEarly(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
