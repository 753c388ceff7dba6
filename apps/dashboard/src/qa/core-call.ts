import { InvalidInputError, PolicyConfigError } from "@routing/core";
import { badRequest } from "@routing/http-kit";

/** How core's field names (relative to its own arguments) map onto the request body's. */
export interface FieldMapping {
  /** For PolicyConfigError: core names the option (`topN`), the body has it under `options`. */
  readonly config?: (field: string) => string;
  /** For InvalidInputError. */
  readonly input?: (field: string) => string;
}

export const under =
  (prefix: string) =>
  (field: string): string =>
    `${prefix}.${field}`;

/**
 * Runs a core policy, turning its PolicyConfigError / InvalidInputError into a 400 that names the field
 * as the caller wrote it. Core validates its own values, so the dashboard does not repeat its rules.
 */
export function callCore<T>(call: () => T, mapping: FieldMapping = {}): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof PolicyConfigError) {
      throw badRequest("invalid-options", error.message, {
        field: mapping.config?.(error.field) ?? error.field,
      });
    }
    if (error instanceof InvalidInputError) {
      throw badRequest("invalid-input", error.message, {
        field: mapping.input?.(error.field) ?? error.field,
      });
    }
    throw error;
  }
}
