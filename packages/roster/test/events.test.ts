import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseActivityEvent,
  parseMembershipEvent,
  ROSTER_EVENT_REJECTIONS,
  rosterTopicOf,
  rosterTopics,
} from "../src/index.js";
import { iso, T0, uuid } from "./support.js";

const user = uuid();
const queue = uuid();
const activityTopic = rosterTopics.activity(user);
const membershipTopic = rosterTopics.membership(queue);

/** An activity body as platform-client-sdk-python AgentActivityChangedTopicAgentActivity.md lists it. */
const activity = (overrides: Record<string, unknown> = {}) => ({
  id: user,
  routingStatus: { status: "IDLE", startTime: iso(T0) },
  presence: {
    presenceDefinition: { id: uuid(), systemPresence: "On Queue" },
    presenceMessage: "",
    modifiedDate: iso(T0 - 5_000),
  },
  outOfOffice: { active: false, modifiedDate: iso(T0 - 86_400_000) },
  activeQueueIds: [queue],
  dateActiveQueuesChanged: iso(T0 - 3_600_000),
  ...overrides,
});

describe("rosterTopicOf", () => {
  it("tells the two roster topics from any other", () => {
    expect(rosterTopicOf(activityTopic)).toEqual({ kind: "activity", userId: user });
    expect(rosterTopicOf(membershipTopic)).toEqual({ kind: "membership", queueId: queue });
    expect(rosterTopicOf(`v2.routing.queues.${queue}.conversations`)).toBeUndefined();
    expect(rosterTopicOf(`v2.users.${user}.routingStatus`)).toBeUndefined();
  });
});

describe("parseActivityEvent", () => {
  it("reads routing status and presence with their Genesys times", () => {
    expect(parseActivityEvent(activityTopic, activity())).toEqual({
      ok: true,
      observation: {
        userId: user,
        routingStatus: { status: "IDLE", startTimeMs: T0 },
        presence: { systemPresence: "On Queue", modifiedAtMs: T0 - 5_000 },
      },
    });
  });

  it("takes what is there: an event with presence only is a presence change", () => {
    const parsed = parseActivityEvent(activityTopic, activity({ routingStatus: undefined }));
    expect(parsed).toMatchObject({ ok: true, observation: { presence: { systemPresence: "On Queue" } } });
    expect(parsed.ok && parsed.observation.routingStatus).toBeFalsy();
  });

  it.each([
    ["not-an-object", "eventBody", activityTopic, "a string"],
    ["invalid-user-id", "topicName", "v2.users.not-a-uuid.activity", activity()],
    ["id-mismatch", "id", activityTopic, activity({ id: uuid() })],
    ["invalid-user-id", "id", activityTopic, activity({ id: 42 })],
    [
      "invalid-routing-status",
      "routingStatus.status",
      activityTopic,
      activity({ routingStatus: { status: "NAPPING", startTime: iso(T0) } }),
    ],
    ["invalid-routing-status", "routingStatus", activityTopic, activity({ routingStatus: "IDLE" })],
    [
      "invalid-timestamp",
      "routingStatus.startTime",
      activityTopic,
      activity({ routingStatus: { status: "IDLE" } }),
    ],
    [
      "invalid-timestamp",
      "routingStatus.startTime",
      activityTopic,
      activity({ routingStatus: { status: "IDLE", startTime: "yesterday" } }),
    ],
    [
      "invalid-presence",
      "presence.presenceDefinition",
      activityTopic,
      activity({ presence: { modifiedDate: iso(T0) } }),
    ],
    [
      "invalid-presence",
      "presence.presenceDefinition.systemPresence",
      activityTopic,
      activity({ presence: { presenceDefinition: { systemPresence: "" }, modifiedDate: iso(T0) } }),
    ],
    [
      "invalid-timestamp",
      "presence.modifiedDate",
      activityTopic,
      activity({ presence: { presenceDefinition: { systemPresence: "Away" } } }),
    ],
    ["no-usable-fields", "routingStatus", activityTopic, { id: user, activeQueueIds: [] }],
  ] as const)("rejects %s (%s)", (reason, field, topic, body) => {
    expect(parseActivityEvent(topic, body)).toEqual({ ok: false, reason, field });
  });

  it("never throws and rejects only with a reason of the closed set, whatever the body", () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.constant(activityTopic), fc.string()), (body, topic) => {
        const parsed = parseActivityEvent(topic, body);
        if (!parsed.ok) expect(ROSTER_EVENT_REJECTIONS).toContain(parsed.reason);
      }),
    );
  });
});

describe("parseMembershipEvent", () => {
  /** QueueUserEventTopicQueueMember: { id, user: { id }, queueId, joined }. */
  const membership = (overrides: Record<string, unknown> = {}) => ({
    id: user,
    user: { id: user },
    queueId: queue,
    joined: true,
    ...overrides,
  });

  it("reads a join and a leave, versioned by when they were received", () => {
    expect(parseMembershipEvent(membershipTopic, membership(), T0)).toEqual({
      ok: true,
      change: { queueId: queue, userId: user, joined: true, observedAtMs: T0 },
    });
    expect(parseMembershipEvent(membershipTopic, membership({ joined: false }), T0)).toMatchObject({
      ok: true,
      change: { joined: false },
    });
  });

  it.each([
    ["invalid-queue-id", "topicName", "v2.routing.queues.nope.users", membership()],
    ["not-an-object", "eventBody", membershipTopic, null],
    ["id-mismatch", "queueId", membershipTopic, membership({ queueId: uuid() })],
    ["invalid-user-id", "user.id", membershipTopic, membership({ user: { id: "x" } })],
    ["id-mismatch", "id", membershipTopic, membership({ id: uuid() })],
    ["invalid-joined", "joined", membershipTopic, membership({ joined: "true" })],
  ] as const)("rejects %s (%s)", (reason, field, topic, body) => {
    expect(parseMembershipEvent(topic, body, T0)).toEqual({ ok: false, reason, field });
  });
});
