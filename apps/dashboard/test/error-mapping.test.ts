import { AgentRosterError, PolicyConfigError } from "@routing/core";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mapDashboardError } from "../src/http/error-mapping.js";

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** What ioredis rejects with when Redis answers an error (redis-errors' ReplyError). */
const replyError = (message: string) => named("ReplyError", message);

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
    // Redis answered, with an error: a bug, not an outage.
    expect(
      mapDashboardError(replyError("WRONGTYPE Operation against a key holding the wrong kind of value")),
    ).toBeUndefined();
    expect(mapDashboardError(new Error("boom", { cause: new Error("still boom") }))).toBeUndefined();
  });

  it.each([
    [
      "ioredis out of retries",
      named("MaxRetriesPerRequestError", "Reached the max retries per request limit (which is 20)."),
    ],
    ["a closed connection", new Error("Connection is closed.")],
    ["no offline queue", new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ["a command timeout", new Error("Command timed out")],
    [
      "a refused socket",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }),
    ],
    ["Redis still loading", replyError("LOADING Redis is loading the dataset in memory")],
    ["wrapped", new Error("could not read the throttle", { cause: new Error("Connection is closed.") })],
  ])("answers Redis out of reach (%s) with a 503 dependency-unavailable and Retry-After", (_case, error) => {
    const answer = mapDashboardError(error);
    expect(answer).toMatchObject({
      status: 503,
      code: "dependency-unavailable",
      headers: { "Retry-After": "5" },
    });
    expect(answer?.toBody().error).toEqual({
      code: "dependency-unavailable",
      field: null,
      message: "the dashboard cannot reach its data store right now: try again shortly",
    });
  });
});
