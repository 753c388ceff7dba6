import type { QueueMember } from "@routing/genesys-client";
import { describe, expect, it } from "vitest";
import { toCandidateAgent } from "../src/genesys/queue-candidates.js";

describe("toCandidateAgent", () => {
  it("keeps only active skills and languages and the routing status Genesys sent", () => {
    const member: QueueMember = {
      id: "user-1",
      name: "Ada",
      user: {
        id: "user-1",
        name: "Ada",
        skills: [
          { id: "billing", proficiency: 4, state: "active" },
          { id: "sales", proficiency: 5, state: "inactive" },
          { id: "claims", proficiency: 2 },
        ],
        languages: [
          { id: "en", proficiency: 5, state: "active" },
          { id: "fr", proficiency: 3, state: "deleted" },
        ],
      },
      routingStatus: { status: "IDLE", startTime: "2025-01-06T08:00:00.000Z" },
    };
    expect(toCandidateAgent(member)).toEqual({
      id: "user-1",
      name: "Ada",
      skills: { billing: 4, claims: 2 },
      languages: ["en"],
      routingStatus: { status: "IDLE", startTime: "2025-01-06T08:00:00.000Z" },
    });
  });

  it("leaves the status unknown when Genesys sent none, so ranking on status excludes the agent", () => {
    expect(toCandidateAgent({ id: "user-2" })).toEqual({
      id: "user-2",
      name: undefined,
      skills: {},
      languages: [],
      routingStatus: undefined,
    });
  });
});
