import type { CandidateAgent } from "@routing/core";
import type { CallOptions, GenesysClient, QueueMember } from "@routing/genesys-client";
import { isActive } from "./active-entries.js";

/** A queue member as core's ranking sees it: active skills and languages, routing status as Genesys sent it. */
export function toCandidateAgent(member: QueueMember): CandidateAgent {
  const user = member.user;
  const status = member.routingStatus ?? user?.routingStatus;
  const skills: Record<string, number> = {};
  for (const skill of user?.skills ?? []) {
    if (isActive(skill)) skills[skill.id] = skill.proficiency;
  }
  return {
    id: user?.id ?? member.id,
    name: user?.name ?? member.name,
    skills,
    languages: (user?.languages ?? []).filter(isActive).map((language) => language.id),
    routingStatus:
      status?.status === undefined
        ? undefined
        : {
            status: status.status,
            ...(status.startTime === undefined ? {} : { startTime: status.startTime }),
          },
  };
}

/**
 * Every joined member of a queue with its routing status, skills and languages, in one paged listing
 * (`GET /api/v2/routing/queues/{queueId}/members?expand=...`), instead of a request per agent.
 */
export async function loadQueueCandidates(
  client: GenesysClient,
  queueId: string,
  options: CallOptions,
): Promise<CandidateAgent[]> {
  const candidates: CandidateAgent[] = [];
  for await (const member of client.routing.listQueueMembers(queueId, {
    ...options,
    expand: ["routingStatus", "skills", "languages"],
    joined: true,
  })) {
    candidates.push(toCandidateAgent(member));
  }
  return candidates;
}
