import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { idleMsAt, parseIsoTimestampMs } from "./idle-time.js";

const NOW = Date.parse("2024-05-01T10:00:00.000Z");

describe("idleMsAt", () => {
  it("measures an IDLE agent from its Genesys ISO startTime", () => {
    expect(idleMsAt({ status: "IDLE", startTime: "2024-05-01T09:58:30.000Z" }, NOW, "a")).toBe(90_000);
  });

  it("accepts epoch milliseconds", () => {
    expect(idleMsAt({ status: "IDLE", startTime: NOW - 1234 }, NOW, "a")).toBe(1234);
  });

  it.each(["INTERACTING", "NOT_RESPONDING", "OFF_QUEUE", "COMMUNICATING"] as const)(
    "gives 0 for an agent who is %s, however long ago that began",
    (status) => {
      expect(idleMsAt({ status, startTime: NOW - 3_600_000 }, NOW, "a")).toBe(0);
    },
  );

  it("gives 0 when the status or its start time is unknown", () => {
    expect(idleMsAt(undefined, NOW, "a")).toBe(0);
    expect(idleMsAt({ status: "IDLE" }, NOW, "a")).toBe(0);
  });

  it("gives 0, not a negative figure, for a start time after now (clock skew)", () => {
    expect(idleMsAt({ status: "IDLE", startTime: "2024-05-01T10:00:05.000Z" }, NOW, "a")).toBe(0);
  });

  it.each([["yesterday"], [""], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    "throws InvalidInputError naming the agent for start time %s",
    (startTime) => {
      expect(() => idleMsAt({ status: "IDLE", startTime }, NOW, "agent-7")).toThrow(InvalidInputError);
      expect(() => idleMsAt({ status: "IDLE", startTime }, NOW, "agent-7")).toThrow(
        expect.objectContaining({ field: "agents[agent-7].routingStatus.startTime" }),
      );
    },
  );
});

describe("parseIsoTimestampMs", () => {
  const instant = fc.date({
    min: new Date("1900-01-01T00:00:00Z"),
    max: new Date("2200-12-31T23:59:59Z"),
    noInvalidDate: true,
  });

  it("agrees with Date.parse on Genesys-style UTC timestamps (property)", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 3 }), (date, fractionDigits) => {
        const full = date.toISOString(); // 2024-05-01T09:30:00.123Z
        const text =
          fractionDigits === 3
            ? full
            : `${full.slice(0, 19)}${fractionDigits === 0 ? "" : full.slice(19, 20 + fractionDigits)}Z`;
        expect(parseIsoTimestampMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads 1–9 fraction digits as milliseconds, truncating beyond 3", () => {
    expect(parseIsoTimestampMs("2024-05-01T09:30:00.12Z")).toBe(Date.parse("2024-05-01T09:30:00.120Z"));
    expect(parseIsoTimestampMs("2024-05-01T09:30:00.1Z")).toBe(Date.parse("2024-05-01T09:30:00.100Z"));
    expect(parseIsoTimestampMs("2024-05-01T09:30:00.123456789Z")).toBe(
      Date.parse("2024-05-01T09:30:00.123Z"),
    );
  });

  it("falls back to Date.parse for month ends, leap days, offsets and 24:00", () => {
    for (const text of [
      "2024-02-29T12:00:00Z",
      "2023-02-29T12:00:00Z",
      "2024-01-31T23:59:59.999Z",
      "2024-05-01T11:30:00+02:00",
      "2024-05-01T24:00:00Z",
    ]) {
      expect(Object.is(parseIsoTimestampMs(text), Date.parse(text))).toBe(true);
    }
  });

  it.each([
    "2024-13-01T00:00:00Z",
    "2024-05-01T25:00:00Z",
    "2024-05-01T09:60:00Z",
    "2024-05-01T09:30:00.Z",
    "2024-05-01X09:30:00Z",
    "2024-0a-01T00:00:00Z",
    "not a date",
  ])("returns NaN for %s", (text) => {
    expect(parseIsoTimestampMs(text)).toBeNaN();
  });
});
