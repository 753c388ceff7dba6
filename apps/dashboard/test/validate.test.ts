import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "../src/http/api-error.js";
import { toApiError } from "../src/http/error-mapping.js";
import { formatFieldPath, validate } from "../src/http/validate.js";

function thrown(call: () => unknown): ApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("validate", () => {
  const schema = z.strictObject({
    agents: z.array(z.strictObject({ skills: z.record(z.string(), z.number().max(5)) })),
  });

  it("names the first bad field in core's notation", () => {
    const error = thrown(() => validate(schema, { agents: [{ skills: {} }, { skills: { billing: 7 } }] }));
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({
      code: "invalid_request",
      field: "agents[1].skills.billing",
    });
  });

  it("names an unknown key itself, so a typo in an option name is not silently ignored", () => {
    const error = thrown(() => validate(schema, { agents: [{ skills: {}, skils: {} }] }));
    expect(error.toBody().error).toMatchObject({
      field: "agents[0].skils",
      message: 'unknown field "agents[0].skils"',
    });
  });

  it("calls a missing body `body`", () => {
    expect(thrown(() => validate(schema, undefined)).toBody().error.field).toBe("body");
  });

  it("formats paths", () => {
    expect(formatFieldPath(["interactions", "generate", "count"])).toBe("interactions.generate.count");
    expect(formatFieldPath([2, "id"])).toBe("[2].id");
  });
});

describe("toApiError", () => {
  it("hides unknown errors behind a 500 that says nothing about them", () => {
    const answer = toApiError(new Error("ECONNREFUSED 10.0.0.7:6379 password=..."));
    expect(answer.status).toBe(500);
    expect(answer.message).not.toContain("10.0.0.7");
  });
});
