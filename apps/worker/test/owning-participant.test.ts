import type { Conversation, ConversationParticipant } from "@routing/genesys-client";
import { describe, expect, it } from "vitest";
import { owningParticipant } from "../src/handoff/owning-participant.js";

function participant(id: string, purpose: string, state: string): ConversationParticipant {
  return { id, purpose, messages: [{ id: `m-${id}`, state }] };
}

const conversation = (...participants: ConversationParticipant[]): Conversation => ({
  id: "c",
  participants,
});

describe("owningParticipant: who replace/queue must name", () => {
  it.each([
    [
      "a flow-held bot conversation: the flow",
      [participant("cu", "customer", "connected"), participant("wf", "workflow", "connected")],
      "wf",
    ],
    [
      "a waiting conversation: the latest acd leg",
      [
        participant("cu", "customer", "connected"),
        participant("wf", "workflow", "disconnected"),
        participant("q1", "acd", "disconnected"),
        participant("q2", "acd", "connected"),
      ],
      "q2",
    ],
    [
      "an answered conversation: the agent, not the acd",
      [
        participant("cu", "customer", "connected"),
        participant("q", "acd", "connected"),
        participant("ag", "agent", "connected"),
      ],
      "ag",
    ],
  ])("%s", (_label, participants, expected) => {
    expect(owningParticipant(conversation(...participants))).toMatchObject({
      kind: "found",
      participant: { id: expected },
      namedIgnored: false,
    });
  });

  it("never names the customer, even when the sender did", () => {
    const resolved = owningParticipant(
      conversation(participant("cu", "customer", "connected"), participant("wf", "workflow", "connected")),
      "cu",
    );
    expect(resolved).toMatchObject({ kind: "found", participant: { id: "wf" }, namedIgnored: true });
  });

  it("uses the sender's participant when it may own the conversation", () => {
    const resolved = owningParticipant(
      conversation(
        participant("cu", "customer", "connected"),
        participant("q", "acd", "connected"),
        participant("ag", "agent", "connected"),
      ),
      "q",
    );
    expect(resolved).toMatchObject({ kind: "found", participant: { id: "q" }, namedIgnored: false });
  });

  it("finds nobody in an ended conversation, or one with only the customer", () => {
    expect(
      owningParticipant(
        conversation(
          participant("cu", "customer", "disconnected"),
          participant("wf", "workflow", "disconnected"),
        ),
      ),
    ).toEqual({ kind: "none" });
    expect(owningParticipant(conversation(participant("cu", "customer", "connected")))).toEqual({
      kind: "none",
    });
    expect(owningParticipant({ id: "c" })).toEqual({ kind: "none" });
  });
});
