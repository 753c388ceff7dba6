import type { RandomStream } from "../random/prng.js";
import type { ResolvedContactCentreOptions } from "./contact-centre-options.js";
import type { AgentModel, MediaType, QueueModel } from "./model.js";
import type { Organisation } from "./organisation.js";

export interface ArrivalRequest {
  queueId: string;
  mediaType: MediaType;
  skillIds: string[];
  languageId: string | undefined;
  priority: number;
}

function drawMediaType(random: RandomStream, mix: ResolvedContactCentreOptions["mediaMix"]): MediaType {
  const total = mix.call + mix.message + mix.chat;
  const draw = random.next() * total;
  if (draw < mix.call) return "call";
  if (draw < mix.call + mix.message) return "message";
  return "chat";
}

/**
 * What the next spontaneous customer asks for. Requirements are drawn so that at least one queue member
 * could serve them (whether that member is free is another matter).
 */
export function drawArrival(
  random: RandomStream,
  organisation: Organisation,
  options: ResolvedContactCentreOptions,
): ArrivalRequest {
  const queue: QueueModel = random.pick(organisation.queues);
  const mediaType = drawMediaType(random, options.mediaMix);
  const members = queue.memberIds.flatMap((id) => organisation.agents.filter((agent) => agent.id === id));
  const wantsSkill = random.chance(0.7);
  const [primaryLanguage, ...otherLanguages] = organisation.languages;
  const language =
    primaryLanguage === undefined || random.chance(0.2)
      ? undefined
      : otherLanguages.length > 0 && random.chance(0.3)
        ? random.pick(otherLanguages)
        : primaryLanguage;
  const canServe = (agent: AgentModel, skillIds: string[], languageId: string | undefined): boolean =>
    skillIds.every((id) => agent.skills.has(id)) &&
    (languageId === undefined || agent.languages.has(languageId));

  let skillIds = wantsSkill ? [queue.primarySkillId] : [];
  let languageId = language?.id;
  if (!members.some((agent) => canServe(agent, skillIds, languageId))) languageId = undefined;
  if (!members.some((agent) => canServe(agent, skillIds, languageId))) skillIds = [];
  return { queueId: queue.id, mediaType, skillIds, languageId, priority: 0 };
}
