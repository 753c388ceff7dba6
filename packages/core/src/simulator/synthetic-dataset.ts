import type { AgentProfile } from "../model.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import type { SimulatedInteraction } from "./types.js";

export interface LanguageMix {
  readonly language: string;
  /** Relative share of interactions requesting it. */
  readonly interactionShare: number;
  /** Probability that an agent speaks it. */
  readonly agentShare: number;
}

export const DEFAULT_SYNTHETIC_SKILLS: readonly string[] = Object.freeze([
  "billing",
  "technical-support",
  "sales",
  "claims",
  "retention",
  "onboarding",
]);

export const DEFAULT_SYNTHETIC_LANGUAGES: readonly LanguageMix[] = Object.freeze([
  { language: "en-US", interactionShare: 0.7, agentShare: 0.95 },
  { language: "es-US", interactionShare: 0.2, agentShare: 0.35 },
  { language: "fr-CA", interactionShare: 0.1, agentShare: 0.2 },
]);

export interface SyntheticDatasetOptions {
  readonly interactions: number;
  readonly agents: number;
  /** Default 1. */
  readonly seed?: number;
  /**
   * Offered load per agent: the Poisson arrival rate is targetOccupancy × agents / meanHandleSeconds.
   * Skill and language mismatches leave some agents idle, so measured occupancy comes out lower.
   * Default 0.9.
   */
  readonly targetOccupancy?: number;
  /** Mean of the exponential handle time. Default 300. */
  readonly meanHandleSeconds?: number;
  /** Mean of the exponential patience; null = nobody abandons. Default 120. */
  readonly meanPatienceSeconds?: number | null;
  /** Default DEFAULT_SYNTHETIC_SKILLS. */
  readonly skills?: readonly string[];
  /** Default DEFAULT_SYNTHETIC_LANGUAGES; an empty list means interactions request no language. */
  readonly languages?: readonly LanguageMix[];
}

export interface SyntheticDataset {
  readonly agents: readonly AgentProfile[];
  readonly arrivalRatePerSecond: number;
  /** A fresh, identical sequence on every call, sorted by arrival (ids `i-1`, `i-2`, ...). */
  interactions(): Generator<SimulatedInteraction>;
}

/**
 * A seeded synthetic contact centre: every agent has a primary skill (round robin, proficiency 3–5) and
 * each other skill with probability 0.35 (proficiency 1–5), speaks each language with its agentShare
 * (at least the first one), and has a CSAT between 0.55 and 0.95. Interactions arrive as a Poisson
 * process, request a uniformly chosen skill and a language by share, and have exponential handle and
 * patience times. Times are rounded to milliseconds / tenths of a second so they survive a CSV round trip.
 */
export function generateSyntheticDataset(options: SyntheticDatasetOptions): SyntheticDataset {
  const interactionCount = wholeNumber("interactions", options.interactions);
  const agentCount = wholeNumber("agents", options.agents);
  const seed = options.seed ?? 1;
  const occupancy = options.targetOccupancy ?? 0.9;
  const meanHandle = options.meanHandleSeconds ?? 300;
  const meanPatience = options.meanPatienceSeconds === undefined ? 120 : options.meanPatienceSeconds;
  const skills = options.skills ?? DEFAULT_SYNTHETIC_SKILLS;
  const languages = options.languages ?? DEFAULT_SYNTHETIC_LANGUAGES;
  if (skills.length === 0) throw new RangeError("generateSyntheticDataset: at least one skill is needed");
  if (!(occupancy > 0) || !(meanHandle > 0) || (meanPatience !== null && !(meanPatience > 0))) {
    throw new RangeError("generateSyntheticDataset: occupancy, handle and patience means must be > 0");
  }

  const agents = generateAgents(createSeededRandom(seed), agentCount, skills, languages);
  const arrivalRatePerSecond = agentCount === 0 ? 0 : (occupancy * agentCount) / meanHandle;
  const languageCodes = languages.map((mix) => mix.language);
  const languageWeights = languages.map((mix) => mix.interactionShare);

  function* interactions(): Generator<SimulatedInteraction> {
    // A different stream from the roster's, so changing the roster size does not reshuffle the traffic.
    const random = createSeededRandom(seed ^ 0x5bd1e995);
    const meanGap = arrivalRatePerSecond > 0 ? 1 / arrivalRatePerSecond : 1;
    let clock = 0;
    for (let index = 1; index <= interactionCount; index++) {
      clock += random.exponential(meanGap);
      const requiredSkill = skills[random.integer(0, skills.length - 1)] ?? "";
      const requiredLanguage =
        languageCodes.length > 0 ? random.weighted(languageCodes, languageWeights) : undefined;
      const handleSeconds = Math.max(1, roundTo(random.exponential(meanHandle), 10));
      const patienceSeconds =
        meanPatience === null ? undefined : roundTo(random.exponential(meanPatience), 10);
      yield {
        id: `i-${index}`,
        arrivalSeconds: roundTo(clock, 1000),
        requiredSkill,
        requiredLanguage,
        handleSeconds,
        patienceSeconds,
      };
    }
  }

  return { agents, arrivalRatePerSecond, interactions };
}

function generateAgents(
  random: SeededRandom,
  count: number,
  skills: readonly string[],
  languages: readonly LanguageMix[],
): AgentProfile[] {
  const width = String(count).length;
  const agents: AgentProfile[] = [];
  for (let index = 0; index < count; index++) {
    const primary = index % skills.length;
    const agentSkills: Record<string, number> = {};
    skills.forEach((skill, skillIndex) => {
      if (skillIndex === primary) agentSkills[skill] = random.integer(3, 5);
      else if (random.next() < 0.35) agentSkills[skill] = random.integer(1, 5);
    });
    const spoken = languages.filter((mix) => random.next() < mix.agentShare).map((mix) => mix.language);
    const first = languages[0];
    if (spoken.length === 0 && first !== undefined) spoken.push(first.language);
    const number = String(index + 1).padStart(width, "0");
    agents.push({
      id: `agent-${number}`,
      name: `Agent ${number}`,
      skills: agentSkills,
      languages: spoken,
      csat: roundTo(0.55 + 0.4 * random.next(), 100),
    });
  }
  return agents;
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`generateSyntheticDataset: ${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

function roundTo(value: number, perUnit: number): number {
  return Math.round(value * perUnit) / perUnit;
}
