import type { RandomStream } from "../random/prng.js";
import type { ResolvedContactCentreOptions } from "./contact-centre-options.js";
import type { AgentModel, LanguageModel, QueueModel, SkillModel } from "./model.js";
import { ON_QUEUE } from "./presence.js";

export interface Organisation {
  readonly skills: readonly SkillModel[];
  readonly languages: readonly LanguageModel[];
  readonly queues: readonly QueueModel[];
  readonly agents: readonly AgentModel[];
}

const QUEUE_NAMES = ["Sales", "Support", "Billing", "Retention", "Claims", "Technical", "VIP", "Collections"];
const SKILL_NAMES = [
  "Billing",
  "Technical Support",
  "Sales",
  "Retention",
  "Claims",
  "Hardware",
  "Software",
  "Networking",
  "VIP Care",
  "Onboarding",
];
const LANGUAGE_NAMES = ["English", "Spanish", "French", "German", "Portuguese", "Italian"];
const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Mateo",
  "Sofia",
  "Lucas",
  "Amelia",
  "Ethan",
  "Mia",
  "Leo",
  "Chloe",
  "Omar",
  "Priya",
  "Hiro",
  "Zara",
  "Diego",
  "Nina",
  "Jonas",
  "Aisha",
  "Felix",
  "Grace",
  "Ivan",
  "Maya",
  "Ravi",
  "Elena",
  "Tomas",
  "Yuki",
  "Kofi",
];
const LAST_NAMES = [
  "Thompson",
  "Garcia",
  "Chen",
  "Mueller",
  "Okafor",
  "Silva",
  "Novak",
  "Rossi",
  "Kim",
  "Patel",
  "Dubois",
  "Jensen",
  "Haddad",
  "Lopez",
  "Schmidt",
  "Nakamura",
  "Murphy",
  "Costa",
  "Ivanova",
  "Walker",
];

const MIN_MEMBERS_PER_QUEUE = 3;
/** Fixed so the organisation (and anything showing these dates) is identical for a seed. */
const ORGANISATION_CREATED = "2024-01-15T09:00:00.000Z";

function agentNames(count: number, random: RandomStream): string[] {
  const firsts = random.shuffle(FIRST_NAMES);
  const lasts = random.shuffle(LAST_NAMES);
  const used = new Map<string, number>();
  return Array.from({ length: count }, (_, index) => {
    const first = firsts[index % firsts.length] ?? "Agent";
    const last = lasts[(index + Math.floor(index / firsts.length)) % lasts.length] ?? "Smith";
    const base = `${first} ${last}`;
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    return seen === 0 ? base : `${base} ${seen + 1}`;
  });
}

/** Builds the whole organisation from the seed: same seed and options, same ids, names and traits. */
export function generateOrganisation(
  options: ResolvedContactCentreOptions,
  random: RandomStream,
  now: number,
): Organisation {
  const skills: SkillModel[] = SKILL_NAMES.slice(0, options.skillCount).map((name) => ({
    id: random.uuid(),
    name,
    dateModified: ORGANISATION_CREATED,
  }));
  const languages: LanguageModel[] = LANGUAGE_NAMES.slice(0, options.languageCount).map((name) => ({
    id: random.uuid(),
    name,
    dateModified: ORGANISATION_CREATED,
  }));
  const queues: QueueModel[] = QUEUE_NAMES.slice(0, options.queueCount).map((name, index) => ({
    id: random.uuid(),
    name,
    description: `${name} queue`,
    dateCreated: ORGANISATION_CREATED,
    primarySkillId: (skills[index % skills.length] as SkillModel).id,
    manualAssignmentEnabled: !options.queuesWithoutManualAssignment.includes(name),
    memberIds: [],
  }));
  const [primaryLanguage] = languages;

  const agents: AgentModel[] = agentNames(options.agentCount, random).map((name) => {
    const agentSkills = new Map<string, { proficiency: number; state: "active" }>();
    const skillTotal = random.integer(2, Math.min(4, skills.length));
    for (const skill of random.shuffle(skills).slice(0, skillTotal)) {
      agentSkills.set(skill.id, { proficiency: random.integer(0, 5), state: "active" });
    }
    const agentLanguages = new Map<string, { proficiency: number; state: "active" }>();
    for (const language of languages) {
      const speaks = language === primaryLanguage ? random.chance(0.9) : random.chance(0.3);
      if (speaks) agentLanguages.set(language.id, { proficiency: random.integer(2, 5), state: "active" });
    }
    if (agentLanguages.size === 0 && primaryLanguage !== undefined) {
      agentLanguages.set(primaryLanguage.id, { proficiency: random.integer(2, 5), state: "active" });
    }
    const onQueue = random.chance(options.onQueueShare);
    const agent: AgentModel = {
      id: random.uuid(),
      name,
      email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@example.com`,
      skills: agentSkills,
      languages: agentLanguages,
      queueIds: [],
      queuesChangedAt: Date.parse(ORGANISATION_CREATED),
      status: onQueue ? "IDLE" : "OFF_QUEUE",
      // Distinct past start times give "longest idle" a well-defined order from the first second.
      statusSince: now - random.integer(1, 1800) * 1000,
      presence: onQueue ? ON_QUEUE : "Available",
      presenceSince: 0,
      conversationId: undefined,
      wrapUpTimer: undefined,
      quality: 0.55 + random.next() * 0.4,
      pace: 0.75 + random.next() * 0.55,
    };
    agent.presenceSince = agent.statusSince;
    return agent;
  });

  const join = (agent: AgentModel, queue: QueueModel): void => {
    if (agent.queueIds.includes(queue.id)) return;
    agent.queueIds.push(queue.id);
    queue.memberIds.push(agent.id);
    // Most members can serve what their queue is for.
    if (!agent.skills.has(queue.primarySkillId) && random.chance(0.8)) {
      agent.skills.set(queue.primarySkillId, { proficiency: random.integer(1, 5), state: "active" });
    }
  };
  for (const agent of agents) {
    const queueTotal = random.integer(1, Math.min(2, queues.length));
    for (const queue of random.shuffle(queues).slice(0, queueTotal)) join(agent, queue);
  }
  for (const queue of queues) {
    const wanted = Math.min(MIN_MEMBERS_PER_QUEUE, agents.length);
    for (const agent of random.shuffle(agents)) {
      if (queue.memberIds.length >= wanted) break;
      join(agent, queue);
    }
  }
  return { skills, languages, queues, agents };
}
