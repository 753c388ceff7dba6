import { describe, expect, it } from "vitest";
import { createLogThrottle } from "../src/log-throttle.js";

describe("log throttle", () => {
  it("lets one line per key per interval through, then says how many it held back", () => {
    let clock = 0;
    const throttle = createLogThrottle(10_000, () => clock);
    expect(throttle.admit("invalid-frame")).toEqual({ suppressed: 0 });
    for (let i = 0; i < 500; i++) expect(throttle.admit("invalid-frame")).toBeUndefined();
    // Another kind of problem is not held back by the first.
    expect(throttle.admit("connect-rejected")).toEqual({ suppressed: 0 });
    clock = 9_999;
    expect(throttle.admit("invalid-frame")).toBeUndefined();
    clock = 10_000;
    expect(throttle.admit("invalid-frame")).toEqual({ suppressed: 501 });
    expect(throttle.admit("invalid-frame")).toBeUndefined();
  });
});
