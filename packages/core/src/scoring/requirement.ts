import { describeValue, InvalidInputError } from "../errors.js";
import type { RoutingRequirement } from "./score-agent.js";

/** Throws `InvalidInputError` unless the requirement lists skill ids and an optional language id. */
export function validateRequirement(
  requirement: RoutingRequirement,
  field = "requirement",
): RoutingRequirement {
  if (!Array.isArray(requirement.requiredSkills)) {
    throw new InvalidInputError(
      `${field}.requiredSkills`,
      `expected a list, got ${describeValue(requirement.requiredSkills)}`,
    );
  }
  for (const [index, skill] of requirement.requiredSkills.entries()) {
    if (typeof skill !== "string" || skill === "") {
      throw new InvalidInputError(
        `${field}.requiredSkills[${index}]`,
        `expected a skill id, got ${describeValue(skill)}`,
      );
    }
  }
  const language: unknown = requirement.requiredLanguage;
  if (language !== undefined && (typeof language !== "string" || language === "")) {
    throw new InvalidInputError(
      `${field}.requiredLanguage`,
      `expected a language id, got ${describeValue(language)}`,
    );
  }
  return requirement;
}
