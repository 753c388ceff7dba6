import { describe, expect, it } from "vitest";
import { resolveRosterOptions, rosterKeyPrefix } from "../src/index.js";

describe("rosterKeyPrefix", () => {
  it("puts the roster under the deployment's BullMQ prefix, as a prefix the store accepts", () => {
    expect(rosterKeyPrefix("routing")).toBe("routing:roster");
    expect(resolveRosterOptions({ keyPrefix: rosterKeyPrefix("routing-eu") }).keyPrefix).toBe(
      "routing-eu:roster",
    );
  });
});
