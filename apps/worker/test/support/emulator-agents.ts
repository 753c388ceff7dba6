import type { CandidateAgent } from "@routing/core";
import type { EmulatorSnapshot } from "@routing/genesys-emulator";

type SnapshotAgent = EmulatorSnapshot["agents"][number];

/** What the worker should see of an emulator agent through the API: active skills and languages, status. */
export function candidateFromSnapshot(agent: SnapshotAgent): CandidateAgent {
  return {
    id: agent.id,
    name: agent.name,
    skills: Object.fromEntries(
      agent.skills.filter((skill) => skill.state === "active").map((skill) => [skill.id, skill.proficiency]),
    ),
    languages: agent.languages
      .filter((language) => language.state === "active")
      .map((language) => language.id),
    routingStatus: { status: agent.routingStatus.status, startTime: agent.routingStatus.startTime },
  };
}

export function queueMembers(snapshot: EmulatorSnapshot, queueId: string): SnapshotAgent[] {
  const queue = snapshot.queues.find((candidate) => candidate.id === queueId);
  if (queue === undefined) throw new Error(`no queue ${queueId} in the snapshot`);
  return snapshot.agents.filter((agent) => queue.memberIds.includes(agent.id));
}

export function firstQueue(snapshot: EmulatorSnapshot): EmulatorSnapshot["queues"][number] {
  const [queue] = snapshot.queues;
  if (queue === undefined) throw new Error("the emulator has no queue");
  return queue;
}
