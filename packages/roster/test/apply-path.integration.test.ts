/**
 * Property tests of the ingester's apply path against the real Redis scripts: whatever arrives, nothing
 * throws and a rejected event writes nothing; and the writes commute, so two writers applying the same
 * events in different orders, at the same time, leave the roster one writer leaves.
 */
import { ROUTING_STATUSES } from "@routing/core";
import { redisTest } from "@routing/test-utils";
import fc from "fast-check";
import type { Redis } from "ioredis";
import { describe, expect } from "vitest";
import {
  applyRosterEvent,
  createRosterStore,
  type QueueRoster,
  type RosterStore,
  rosterTopics,
} from "../src/index.js";
import { iso, T0, uuid } from "./support.js";

const users = [uuid(), uuid(), uuid(), uuid()];
const queues = [uuid(), uuid()];
const PRESENCES = ["On Queue", "Available", "Away", "Offline"];

interface RosterEvent {
  readonly topic: string;
  readonly body: unknown;
  readonly receivedAtMs: number;
}

// Few distinct times, so that equal stamps (the tie-break) come up often.
const time = fc.integer({ min: 0, max: 8 }).map((step) => T0 + step * 1_000);

const activityEvent: fc.Arbitrary<RosterEvent> = fc
  .record(
    {
      user: fc.constantFrom(...users),
      status: fc.constantFrom(...ROUTING_STATUSES),
      statusAt: time,
      presence: fc.constantFrom(...PRESENCES),
      presenceAt: time,
      parts: fc.constantFrom("both", "status", "presence"),
    },
    { requiredKeys: ["user", "status", "statusAt", "presence", "presenceAt", "parts"] },
  )
  .map(({ user, status, statusAt, presence, presenceAt, parts }) => ({
    topic: rosterTopics.activity(user),
    body: {
      id: user,
      ...(parts === "presence" ? {} : { routingStatus: { status, startTime: iso(statusAt) } }),
      ...(parts === "status"
        ? {}
        : {
            presence: {
              presenceDefinition: { id: uuid(), systemPresence: presence },
              modifiedDate: iso(presenceAt),
            },
          }),
    },
    receivedAtMs: T0,
  }));

const membershipEvent: fc.Arbitrary<RosterEvent> = fc
  .record({
    user: fc.constantFrom(...users),
    queue: fc.constantFrom(...queues),
    joined: fc.boolean(),
    at: time,
  })
  .map(({ user, queue, joined, at }) => ({
    topic: rosterTopics.membership(queue),
    body: { id: user, user: { id: user }, queueId: queue, joined },
    receivedAtMs: at,
  }));

const validEvent = fc.oneof(activityEvent, membershipEvent);

/** A valid event with one top-level field (or the whole body) replaced by anything at all. */
const brokenEvent: fc.Arbitrary<RosterEvent> = fc.oneof(
  fc.record({ event: validEvent, junk: fc.anything() }).map(({ event, junk }) => ({ ...event, body: junk })),
  fc
    .record({
      event: validEvent,
      field: fc.constantFrom("id", "routingStatus", "presence", "user", "queueId", "joined"),
      junk: fc.anything(),
    })
    .map(({ event, field, junk }) => ({ ...event, body: { ...(event.body as object), [field]: junk } })),
  fc.record({ event: activityEvent, junk: fc.anything() }).map(({ event, junk }) => {
    const body = event.body as { routingStatus?: Record<string, unknown> };
    return { ...event, body: { ...body, routingStatus: { ...body.routingStatus, startTime: junk } } };
  }),
);

let runs = 0;
function freshStore(redis: { readonly connection: Redis; readonly prefix: string }): RosterStore {
  runs += 1;
  return createRosterStore(redis.connection, { keyPrefix: `${redis.prefix}:run-${runs}`, now: () => T0 });
}

/** What a decision reads, without the change counter (histories differ in how many changes they took). */
async function contents(store: RosterStore): Promise<unknown> {
  const rosters: QueueRoster[] = await Promise.all(queues.map((queue) => store.readQueueRoster(queue)));
  return rosters.map((roster) => ({
    stale: roster.stale,
    members: [...roster.members].sort((a, b) => (a.id < b.id ? -1 : 1)),
  }));
}

async function applyAll(store: RosterStore, events: readonly RosterEvent[]): Promise<void> {
  for (const event of events) await applyRosterEvent(store, event.topic, event.body, event.receivedAtMs);
}

describe("roster apply path (real Redis, fast-check)", () => {
  redisTest(
    "malformed events are rejected with a reason, never throw, and never change the roster",
    async ({ redis }) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(validEvent, brokenEvent), { maxLength: 25 }), async (events) => {
          const everything = freshStore(redis);
          const acceptedOnly = freshStore(redis);
          for (const event of events) {
            const result = await applyRosterEvent(everything, event.topic, event.body, event.receivedAtMs);
            expect(result.kind).not.toBe("not-roster");
            if (result.kind !== "rejected") {
              await applyRosterEvent(acceptedOnly, event.topic, event.body, event.receivedAtMs);
            }
          }
          expect(await contents(everything)).toEqual(await contents(acceptedOnly));
          for (const roster of await Promise.all(queues.map((queue) => everything.readQueueRoster(queue)))) {
            for (const member of roster.members) {
              expect(users).toContain(member.id);
              if (member.routingStatus !== undefined) {
                expect(ROUTING_STATUSES).toContain(member.routingStatus.status);
                expect(Number.isFinite(member.routingStatus.startTime)).toBe(true);
              }
              if (member.presence !== undefined) expect(PRESENCES).toContain(member.presence.systemPresence);
            }
          }
        }),
        { numRuns: 40 },
      );
    },
  );

  redisTest(
    "two writers applying the same events at once, in any order, give one writer's roster",
    async ({ redis }) => {
      const second = redis.newConnection();
      try {
        await fc.assert(
          fc.asyncProperty(
            fc
              .array(validEvent, { minLength: 1, maxLength: 30 })
              .chain((events) =>
                fc.tuple(
                  fc.constant(events),
                  fc.shuffledSubarray(events, { minLength: events.length }),
                  fc.shuffledSubarray(events, { minLength: events.length }),
                ),
              ),
            async ([events, orderA, orderB]) => {
              const alone = freshStore(redis);
              await applyAll(alone, events);
              // Both writers share one roster (one prefix) through two connections; each takes every event, as
              // two ingester replicas do, each in an order of its own.
              const keyPrefix = `${redis.prefix}:run-${++runs}`;
              const writerA = createRosterStore(redis.connection, { keyPrefix, now: () => T0 });
              const writerB = createRosterStore(second, { keyPrefix, now: () => T0 });
              await Promise.all([applyAll(writerA, orderA), applyAll(writerB, orderB)]);
              expect(await contents(writerA)).toEqual(await contents(alone));
            },
          ),
          { numRuns: 40 },
        );
      } finally {
        await second.quit();
      }
    },
  );
});
