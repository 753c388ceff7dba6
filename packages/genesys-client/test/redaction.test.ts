import { describe, expect, it } from "vitest";
import { createRedactor } from "../src/redaction.js";

describe("createRedactor", () => {
  it("scrubs known secrets, remembered tokens and any Authorization value", () => {
    const redactor = createRedactor(["a-long-client-secret"]);
    redactor.remember("token-value-123456");
    const text =
      "secret=a-long-client-secret token=token-value-123456 header=Bearer abc.def-ghi Basic Zm9vOmJhcg==";
    expect(redactor.redact(text)).toBe(
      "secret=[REDACTED] token=[REDACTED] header=Bearer [REDACTED] Basic [REDACTED]",
    );
  });

  it("forgets the oldest tokens after a while but keeps the fixed secrets", () => {
    const redactor = createRedactor(["fixed-secret-value"]);
    for (let i = 0; i < 20; i++) redactor.remember(`rotating-token-${i}`);
    expect(redactor.redact("rotating-token-19 fixed-secret-value")).toBe("[REDACTED] [REDACTED]");
  });

  it("does not mangle text with values too short to be real credentials", () => {
    const redactor = createRedactor(["b"]);
    redactor.remember("x");
    expect(redactor.redact("service.unavailable")).toBe("service.unavailable");
  });
});
