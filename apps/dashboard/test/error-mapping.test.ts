import { AgentRosterError, PolicyConfigError } from "@routing/core";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mapDashboardError } from "../src/http/error-mapping.js";

describe("mapDashboardError", () => {
  it("answers core's and the catalog's input errors with a 4xx naming the field", () => {
    const roster = new AgentRosterError("proficiency must be from 0 to 5", {
      agentIndex: 3,
      field: "skills.billing",
    });
    expect(mapDashboardError(roster)?.toBody().error).toMatchObject({
      code: "invalid-agents",
      field: "agents[3].skills.billing",
    });
    expect(mapDashboardError(new PolicyConfigError("topN", "must be at least 1"))).toMatchObject({
      status: 400,
      code: "invalid-options",
      field: "topN",
    });
    const payload = z.object({ queueId: z.string() }).safeParse({});
    if (payload.success) throw new Error("expected a payload error");
    expect(mapDashboardError(new JobPayloadError("skills.adjust", payload.error))).toMatchObject({
      status: 400,
      code: "invalid-job-payload",
      field: "queueId",
    });
    expect(mapDashboardError(new UnknownJobError("nope"))).toMatchObject({
      status: 404,
      code: "unknown-job",
    });
  });

  it("leaves anything else to the kit's 500", () => {
    expect(mapDashboardError(new Error("ECONNREFUSED"))).toBeUndefined();
  });
});
