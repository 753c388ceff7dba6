import { randomUUID } from "node:crypto";
import { DEFAULT_EMULATOR_CREDENTIALS } from "@routing/genesys-emulator";
import { emulatorTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import {
  createGenesysClient,
  GENESYS_ENDPOINTS,
  type GenesysClient,
  type RateBudgetRequest,
} from "../src/index.js";

type ApiGroup = "analytics" | "conversations" | "notifications" | "routing" | "users";

/** One call of each method of the client, with arguments that pass validation (the answer may be a 404). */
const CALLS: {
  readonly [Group in ApiGroup]: {
    readonly [Method in keyof GenesysClient[Group]]: (client: GenesysClient) => Promise<unknown>;
  };
} = {
  analytics: {
    queryConversationAggregates: (c) =>
      c.analytics.queryConversationAggregates({ interval: INTERVAL, metrics: ["tHandle"] }),
    querySurveyAggregates: (c) =>
      c.analytics.querySurveyAggregates({ interval: INTERVAL, metrics: ["oSurveyTotalScore"] }),
    queryConversationDetails: (c) => c.analytics.queryConversationDetails({ interval: INTERVAL }),
    listConversationDetails: (c) => drain(c.analytics.listConversationDetails({ interval: INTERVAL })),
  },
  conversations: {
    assignConversation: (c) => c.conversations.assignConversation(randomUUID(), randomUUID()),
    getConversation: (c) => c.conversations.getConversation(randomUUID()),
    replaceParticipantWithQueue: (c) =>
      c.conversations.replaceParticipantWithQueue(randomUUID(), randomUUID(), { queueId: randomUUID() }),
    patchConversationParticipant: (c) =>
      c.conversations.patchConversationParticipant(randomUUID(), randomUUID(), { wrapupSkipped: true }),
  },
  notifications: {
    createChannel: (c) => c.notifications.createChannel(),
    putSubscriptions: (c) => c.notifications.putSubscriptions(randomUUID(), ["v2.users.x.presence"]),
  },
  routing: {
    listQueueMembers: (c) => drain(c.routing.listQueueMembers(randomUUID())),
    listQueues: (c) => drain(c.routing.listQueues()),
    getQueue: (c) => c.routing.getQueue(randomUUID()),
    listSkills: (c) => drain(c.routing.listSkills()),
    patchRoutingConversation: (c) => c.routing.patchRoutingConversation(randomUUID(), { priority: 1 }),
  },
  users: {
    getUser: (c) => c.users.getUser(randomUUID()),
    getUserRoutingSkills: (c) => drain(c.users.getUserRoutingSkills(randomUUID())),
    putUserRoutingSkill: (c) => c.users.putUserRoutingSkill(randomUUID(), randomUUID(), 3),
    patchUserRoutingSkillsBulk: (c) =>
      c.users.patchUserRoutingSkillsBulk(randomUUID(), [{ id: randomUUID(), proficiency: 3 }]),
  },
};

const INTERVAL = "2026-01-01T00:00:00.000Z/2026-01-02T00:00:00.000Z";

async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const _item of items) {
    // every page
  }
}

const key = (request: { method: string; pathTemplate: string }) =>
  `${request.method} ${request.pathTemplate}`;

describe("GENESYS_ENDPOINTS: the closed set of the client's API endpoints", () => {
  emulatorTest(
    "every method of the client calls only listed endpoints, and every listed one is called",
    async ({ emulator }) => {
      const called = new Set<string>();
      const client = createGenesysClient({
        ...DEFAULT_EMULATOR_CREDENTIALS,
        apiBaseUrl: emulator.apiBaseUrl,
        loginBaseUrl: emulator.loginBaseUrl,
        maxRetries: 0,
        // The budget sees every API request before it leaves: the truth about what a method calls.
        rateBudget: { acquire: async (request: RateBudgetRequest) => void called.add(key(request)) },
      });
      for (const group of Object.keys(CALLS) as ApiGroup[]) {
        // A method added to the client without a call here fails the type check and this line.
        expect(Object.keys(client[group]).sort()).toEqual(Object.keys(CALLS[group]).sort());
        for (const call of Object.values(CALLS[group]) as ((c: GenesysClient) => Promise<unknown>)[]) {
          await call(client).catch(() => undefined);
        }
      }
      expect([...called].sort()).toEqual(GENESYS_ENDPOINTS.map(key).sort());
    },
  );
});
