import { describe, expect, it } from "vitest";
import { streamErrorLabel } from "../src/metrics.js";

describe("stream error codes as a metric label", () => {
  it("keeps the stream's known codes and folds anything else into other", () => {
    expect(streamErrorLabel("invalid-frame")).toBe("invalid-frame");
    expect(streamErrorLabel("connect-failed")).toBe("connect-failed");
    expect(streamErrorLabel("made-up-by-a-sender")).toBe("other");
    expect(streamErrorLabel("toString")).toBe("other");
  });
});
