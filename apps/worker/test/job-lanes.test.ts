import { JOB_CATALOG, type JobName } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { callOptions } from "../src/handler-context.js";
import { JOB_LANES } from "../src/job-lanes.js";

describe("JOB_LANES: the budget lane of every job's Genesys calls", () => {
  it.each(Object.entries(JOB_CATALOG) as [JobName, { queue: string }][])(
    "%s: decisions on the decision lane, background work never on it",
    (name, definition) => {
      if (definition.queue === "decisions") expect(JOB_LANES[name]).toBe("decision");
      else expect(JOB_LANES[name]).not.toBe("decision");
    },
  );

  it("names the lanes of the background work the budget keeps apart", () => {
    expect(JOB_LANES["notifications.recover"]).toBe("recovery");
    expect(JOB_LANES["roster.seed"]).toBe("roster");
    expect(JOB_LANES["roster.reconcile"]).toBe("reconciliation");
    expect(JOB_LANES["roster.skills-refresh"]).toBe("skills");
    expect(JOB_LANES["skills.adjust"]).toBe("skills");
  });

  it("callOptions passes the lane and the signal to every call", () => {
    const signal = new AbortController().signal;
    expect(callOptions({ signal, lane: "recovery" })).toEqual({ signal, lane: "recovery" });
    expect(callOptions({ signal: undefined })).toEqual({});
  });
});
