import { ContactCentreError } from "./contact-centre-error.js";
import type { AgentModel, ConversationModel, LanguageModel, QueueModel, SkillModel } from "./model.js";
import type { Organisation } from "./organisation.js";

/** Priority range Genesys accepts on PATCH /api/v2/routing/conversations/{id}. */
export const PRIORITY_LIMIT = 25_000_000;

/** Everything in the contact centre found by id, and the checks that turn a bad id into a named error. */
export interface Directory {
  readonly queues: ReadonlyMap<string, QueueModel>;
  readonly agents: ReadonlyMap<string, AgentModel>;
  readonly skills: ReadonlyMap<string, SkillModel>;
  readonly languages: ReadonlyMap<string, LanguageModel>;
  readonly conversations: Map<string, ConversationModel>;
  requireConversation(id: string): ConversationModel;
  requireAgent(id: string): AgentModel;
  checkSkillIds(skillIds: readonly string[], field: string): void;
  checkLanguageId(languageId: string | undefined, field: string): void;
  checkPriority(priority: number | undefined, field: string): void;
}

export function createDirectory(organisation: Organisation): Directory {
  const queues = new Map(organisation.queues.map((queue) => [queue.id, queue]));
  const agents = new Map(organisation.agents.map((agent) => [agent.id, agent]));
  const skills = new Map(organisation.skills.map((skill) => [skill.id, skill]));
  const languages = new Map(organisation.languages.map((language) => [language.id, language]));
  const conversations = new Map<string, ConversationModel>();
  return {
    queues,
    agents,
    skills,
    languages,
    conversations,
    requireConversation(id) {
      const conversation = conversations.get(id);
      if (conversation === undefined) {
        throw new ContactCentreError("not-found", `Conversation ${id} not found`, { entityId: id });
      }
      return conversation;
    },
    requireAgent(id) {
      const agent = agents.get(id);
      if (agent === undefined)
        throw new ContactCentreError("not-found", `User ${id} not found`, { entityId: id });
      return agent;
    },
    checkSkillIds(skillIds, field) {
      skillIds.forEach((id, index) => {
        if (!skills.has(id)) {
          throw new ContactCentreError("unknown-reference", `Skill ${id} does not exist`, {
            field: `${field}[${index}]`,
            entityId: id,
          });
        }
      });
    },
    checkLanguageId(languageId, field) {
      if (languageId !== undefined && !languages.has(languageId)) {
        throw new ContactCentreError("unknown-reference", `Language ${languageId} does not exist`, {
          field,
          entityId: languageId,
        });
      }
    },
    checkPriority(priority, field) {
      if (priority !== undefined && (!Number.isInteger(priority) || Math.abs(priority) > PRIORITY_LIMIT)) {
        throw new ContactCentreError(
          "invalid-value",
          `priority must be an integer between -${PRIORITY_LIMIT} and ${PRIORITY_LIMIT}`,
          { field },
        );
      }
    },
  };
}
