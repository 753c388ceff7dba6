import { PolicyConfigError } from "../errors.js";
import { AgentRosterError } from "../input/agents-json.js";
import { interactionInputError } from "../input/interaction-ids.js";
import type { AgentProfile } from "../model.js";
import {
  blendFairness,
  type FairnessTermOptions,
  fairnessTermOf,
  resolveFairnessTerm,
} from "../scoring/fairness-term.js";
import { DEFAULT_SCORING_OPTIONS, type ScoringOptions } from "../scoring/score-agent.js";
import { TimedEventQueue } from "./event-queue.js";
import { policyRank } from "./policy-rank.js";
import {
  RequirementPool,
  WAITING_ARRIVAL,
  WAITING_DEADLINE,
  WAITING_HANDLE,
  WAITING_SEQUENCE,
} from "./requirement-pool.js";
import { buildReport } from "./simulation-report.js";
import type {
  RoutingPolicyName,
  SimulatedInteraction,
  SimulationOptions,
  SimulationProgress,
  SimulationReport,
} from "./types.js";

export const DEFAULT_TARGET_SECONDS = 20;
export const DEFAULT_PROGRESS_EVERY = 10_000;

/**
 * Discrete-event replay of interactions against a roster under one routing policy.
 *
 * Feed interactions in arrival order with `offer`, then call `finish` once for the report. The clock
 * jumps from event to event: completions come from a binary-heap event queue, arrivals from the caller.
 * At equal times completions go first, so an agent freed at t can take an interaction arriving at t.
 *
 * Abandonment needs no event of its own: an interaction that gives up frees nothing and changes no
 * other interaction's fate, so it is settled when it would be served (an agent reaching it after its
 * deadline finds it gone) or when the run ends. It is answered when an agent takes it within its
 * patience (wait <= patience), abandoned otherwise.
 */
export class RoutingSimulation {
  private readonly policy: RoutingPolicyName;
  private readonly scoring: ScoringOptions;
  private readonly targetSeconds: number;
  private readonly onProgress: ((progress: SimulationProgress) => void) | undefined;
  private readonly progressEvery: number;
  private readonly totalInteractions: number | undefined;
  /** The weighted policy's fairness term; undefined (the default) leaves every code path as it was. */
  private readonly fairness: FairnessTermOptions | undefined;
  /** With the fairness term: per pool, its eligible agents, and when each agent last became idle. */
  private readonly poolMembers: Int32Array[] = [];
  private readonly idleSinceSeconds: Float64Array;

  private readonly agentCount: number;
  private readonly busy: Uint8Array;
  /** Bumped each time an agent becomes idle; idle-queue records carry it to detect staleness. */
  private readonly idleEpoch: Int32Array;
  /** Global order in which agents last became idle (for seeding pools created mid-run). */
  private readonly idleOrder: Float64Array;
  private readonly handled: Float64Array;
  private readonly busySeconds: Float64Array;
  /** Per agent, flattened (pool, tier) pairs of every requirement it is eligible for. */
  private readonly memberships: number[][];
  private readonly pools: RequirementPool[] = [];
  /** skill -> language ("" = any) -> pool index. */
  private readonly poolIndex = new Map<string, Map<string, number>>();
  private readonly completions: TimedEventQueue;

  private nextIdleOrder = 0;
  private waitingRecords = 0;
  private now = Number.NEGATIVE_INFINITY;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private finished = false;

  private offered = 0;
  private answered = 0;
  private abandoned = 0;
  private unserved = 0;
  private delayed = 0;
  private answeredWithinTarget = 0;
  private totalWait = 0;
  private startSeconds = Number.NaN;
  private endSeconds = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly agents: readonly AgentProfile[],
    options: SimulationOptions,
  ) {
    if (agents.length === 0) {
      throw new AgentRosterError("the roster is empty: a simulation needs at least one agent");
    }
    this.policy = options.policy;
    this.scoring = options.scoring ?? DEFAULT_SCORING_OPTIONS;
    this.fairness = resolveFairnessTerm(this.scoring.fairness, "scoring.fairness");
    if (this.fairness !== undefined && this.policy !== "weighted") {
      throw new PolicyConfigError(
        "scoring.fairness",
        `the fairness term belongs to the weighted policy, not ${this.policy}`,
      );
    }
    this.targetSeconds = options.targetSeconds ?? DEFAULT_TARGET_SECONDS;
    if (!Number.isFinite(this.targetSeconds) || this.targetSeconds < 0) {
      throw new RangeError(`targetSeconds must be a finite number >= 0, got ${this.targetSeconds}`);
    }
    this.onProgress = options.onProgress;
    this.progressEvery = Math.max(1, Math.floor(options.progressEvery ?? DEFAULT_PROGRESS_EVERY));
    this.totalInteractions = options.totalInteractions;

    const count = agents.length;
    this.agentCount = count;
    this.busy = new Uint8Array(count);
    this.idleEpoch = new Int32Array(count);
    this.idleOrder = new Float64Array(count);
    this.handled = new Float64Array(count);
    this.busySeconds = new Float64Array(count);
    this.idleSinceSeconds = new Float64Array(this.fairness === undefined ? 0 : count).fill(Number.NaN);
    this.memberships = Array.from({ length: count }, () => []);
    this.completions = new TimedEventQueue(Math.max(16, count));
    // Everyone starts idle; roster order decides who has been idle "longest" at the start.
    for (let agent = 0; agent < count; agent++) this.idleOrder[agent] = this.nextIdleOrder++;
  }

  /** Replays one interaction; interactions must come in non-decreasing arrival order. */
  offer(interaction: SimulatedInteraction): void {
    if (this.finished) throw new Error("RoutingSimulation: offer() after finish()");
    const arrival = this.validate(interaction);
    this.advanceTo(arrival);
    this.now = arrival;
    this.lastArrival = arrival;
    if (this.offered === 0) this.startSeconds = arrival;
    this.offered++;
    if (arrival > this.endSeconds) this.endSeconds = arrival;

    const pool = this.poolFor(interaction.requiredSkill, interaction.requiredLanguage);
    const patience = interaction.patienceSeconds;
    const deadline = patience === undefined ? Number.POSITIVE_INFINITY : arrival + patience;
    if (pool.eligibleAgents === 0) {
      // Nobody can ever take it: it waits out its patience, or it is never served at all.
      if (deadline === Number.POSITIVE_INFINITY) {
        this.unserved++;
      } else {
        this.abandoned++;
        if (deadline > this.endSeconds) this.endSeconds = deadline;
      }
    } else {
      const agent =
        this.fairness === undefined
          ? this.takeIdleAgent(pool)
          : this.takeFairestIdleAgent(pool, this.poolMembers[pool.index], this.fairness);
      if (agent >= 0) {
        this.markBusy(agent);
        this.serve(agent, interaction.handleSeconds, 0);
      } else {
        this.delayed++;
        pool.waiting.push4(this.offered, arrival, interaction.handleSeconds, deadline);
        this.waitingRecords++;
      }
    }
    if (this.onProgress !== undefined && this.offered % this.progressEvery === 0) this.reportProgress();
  }

  /** Runs the clock until every interaction has left and returns the report. Call once. */
  finish(): SimulationReport {
    if (this.finished) throw new Error("RoutingSimulation: finish() called twice");
    this.finished = true;
    this.advanceTo(Number.POSITIVE_INFINITY);
    // Whatever still waits had no eligible agent left to free up before its deadline.
    for (const pool of this.pools) {
      const { waiting } = pool;
      while (waiting.length > 0) {
        const deadline = waiting.headField(WAITING_DEADLINE);
        if (deadline === Number.POSITIVE_INFINITY) {
          this.unserved++;
        } else {
          this.abandoned++;
          if (deadline > this.endSeconds) this.endSeconds = deadline;
        }
        waiting.shift();
      }
    }
    this.waitingRecords = 0;
    if (this.onProgress !== undefined) this.reportProgress();
    return buildReport({
      policy: this.policy,
      fairnessTerm: this.fairness,
      agents: this.agents,
      handled: this.handled,
      busySeconds: this.busySeconds,
      interactions: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      unserved: this.unserved,
      delayed: this.delayed,
      answeredWithinTarget: this.answeredWithinTarget,
      totalWaitSeconds: this.totalWait,
      targetSeconds: this.targetSeconds,
      startSeconds: this.offered === 0 ? 0 : this.startSeconds,
      endSeconds: this.offered === 0 ? 0 : this.endSeconds,
    });
  }

  private validate(interaction: SimulatedInteraction): number {
    const { arrivalSeconds, handleSeconds, patienceSeconds, requiredSkill } = interaction;
    if (typeof arrivalSeconds !== "number" || !Number.isFinite(arrivalSeconds)) {
      this.reject(interaction, "arrival_time", `arrival time must be a finite number, got ${arrivalSeconds}`);
    }
    if (arrivalSeconds < this.lastArrival) {
      this.reject(
        interaction,
        "arrival_time",
        `arrives at ${arrivalSeconds} s, before the previous interaction (${this.lastArrival} s): interactions must be sorted by arrival time`,
      );
    }
    if (typeof handleSeconds !== "number" || !Number.isFinite(handleSeconds) || handleSeconds <= 0) {
      this.reject(
        interaction,
        "handle_seconds",
        `handle time must be a finite number > 0, got ${handleSeconds}`,
      );
    }
    if (patienceSeconds !== undefined && !(typeof patienceSeconds === "number" && patienceSeconds >= 0)) {
      this.reject(interaction, "patience_seconds", `patience must be a number >= 0, got ${patienceSeconds}`);
    }
    if (typeof requiredSkill !== "string" || requiredSkill === "") {
      this.reject(interaction, "required_skill", "required skill must be a non-empty string");
    }
    return arrivalSeconds;
  }

  private reject(interaction: SimulatedInteraction, field: string, reason: string): never {
    throw interactionInputError(interaction, this.offered + 1, field, reason);
  }

  /** Processes every completion up to and including `time`. */
  private advanceTo(time: number): void {
    const { completions } = this;
    while (completions.size > 0 && completions.peekTime() <= time) {
      this.now = completions.peekTime();
      this.release(completions.pop());
    }
  }

  /** An agent finished: it takes the longest-waiting interaction it is eligible for, or goes idle. */
  private release(agent: number): void {
    if (this.waitingRecords > 0) {
      const pool = this.oldestWaitingPoolFor(agent);
      if (pool !== undefined) {
        const { waiting } = pool;
        const arrival = waiting.headField(WAITING_ARRIVAL);
        const handle = waiting.headField(WAITING_HANDLE);
        waiting.shift();
        this.waitingRecords--;
        this.serve(agent, handle, this.now - arrival);
        return;
      }
    }
    this.markIdle(agent);
  }

  private oldestWaitingPoolFor(agent: number): RequirementPool | undefined {
    const membership = this.memberships[agent] ?? [];
    let oldest: RequirementPool | undefined;
    let oldestSequence = Number.POSITIVE_INFINITY;
    for (let index = 0; index < membership.length; index += 2) {
      const pool = this.pools[membership[index] ?? -1];
      if (pool === undefined) continue;
      const { waiting } = pool;
      // Interactions whose deadline passed hung up before this agent got to them.
      while (waiting.length > 0 && waiting.headField(WAITING_DEADLINE) < this.now) {
        waiting.shift();
        this.waitingRecords--;
        this.abandoned++;
      }
      if (waiting.length === 0) continue;
      const sequence = waiting.headField(WAITING_SEQUENCE);
      if (sequence < oldestSequence) {
        oldestSequence = sequence;
        oldest = pool;
      }
    }
    return oldest;
  }

  private serve(agent: number, handleSeconds: number, waitSeconds: number): void {
    this.answered++;
    this.totalWait += waitSeconds;
    if (waitSeconds <= this.targetSeconds) this.answeredWithinTarget++;
    this.handled[agent] = (this.handled[agent] ?? 0) + 1;
    this.busySeconds[agent] = (this.busySeconds[agent] ?? 0) + handleSeconds;
    const done = this.now + handleSeconds;
    if (done > this.endSeconds) this.endSeconds = done;
    this.completions.push(done, agent);
  }

  /** The best-ranked idle eligible agent, longest idle within its tier; -1 when none is idle. */
  private takeIdleAgent(pool: RequirementPool): number {
    const tier = pool.bestIdleTier();
    if (tier < 0) return -1;
    // idleCounts[tier] > 0 guarantees a live record; stale ones ahead of it are dropped on the way.
    return pool.idleQueues[tier]?.takeFirstLive(this.busy, this.idleEpoch) ?? -1;
  }

  private markBusy(agent: number): void {
    this.busy[agent] = 1;
    const membership = this.memberships[agent] ?? [];
    for (let index = 0; index < membership.length; index += 2) {
      this.pools[membership[index] ?? -1]?.removeIdle(membership[index + 1] ?? -1);
    }
  }

  private markIdle(agent: number): void {
    this.busy[agent] = 0;
    if (this.fairness !== undefined) this.idleSinceSeconds[agent] = this.now;
    const epoch = (this.idleEpoch[agent] ?? 0) + 1;
    this.idleEpoch[agent] = epoch;
    this.idleOrder[agent] = this.nextIdleOrder++;
    const membership = this.memberships[agent] ?? [];
    for (let index = 0; index < membership.length; index += 2) {
      const pool = this.pools[membership[index] ?? -1];
      if (pool === undefined) continue;
      const tier = membership[index + 1] ?? -1;
      pool.addIdle(tier, agent, epoch, this.busy, this.idleEpoch);
    }
  }

  /**
   * The weighted policy with the fairness term: among idle eligible agents, the highest weighted score
   * blended with the agent's fairness term now (idle time since it last finished, or its occupancy since
   * the run began), ties to the agent idle longest. The rank changes as time passes, so tiers cannot
   * decide; the pool's eligible agents are scanned (O(eligible) per arrival, only with the term on).
   */
  private takeFairestIdleAgent(
    pool: RequirementPool,
    members: Int32Array | undefined,
    fairness: FairnessTermOptions,
  ): number {
    if (members === undefined || pool.bestIdleTier() < 0) return -1;
    const { busy, idleOrder, busySeconds, idleSinceSeconds } = this;
    const elapsed = this.now - this.startSeconds;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestOrder = Number.POSITIVE_INFINITY;
    for (let index = 0; index < members.length; index++) {
      const agent = members[index] ?? -1;
      if (agent < 0 || busy[agent] !== 0) continue;
      // Everyone is idle from the first arrival until its first interaction ends.
      const idleSince = idleSinceSeconds[agent] ?? Number.NaN;
      const idleMs = (this.now - (Number.isNaN(idleSince) ? this.startSeconds : idleSince)) * 1000;
      const occupancy = elapsed > 0 ? (busySeconds[agent] ?? 0) / elapsed : 0;
      const term = fairnessTermOf(fairness, idleMs, occupancy);
      const score = blendFairness(pool.ranks[agent] ?? 0, term, fairness.weight);
      const order = idleOrder[agent] ?? 0;
      if (score > bestScore || (score === bestScore && order < bestOrder)) {
        best = agent;
        bestScore = score;
        bestOrder = order;
      }
    }
    return best;
  }

  private poolFor(skill: string, language: string | undefined): RequirementPool {
    let byLanguage = this.poolIndex.get(skill);
    if (byLanguage === undefined) {
      byLanguage = new Map();
      this.poolIndex.set(skill, byLanguage);
    }
    const languageKey = language ?? "";
    const existing = byLanguage.get(languageKey);
    if (existing !== undefined) {
      const pool = this.pools[existing];
      if (pool !== undefined) return pool;
    }
    const index = this.pools.length;
    const pool = this.createPool(skill, language === "" ? undefined : language, index);
    this.pools.push(pool);
    byLanguage.set(languageKey, index);
    return pool;
  }

  /** Ranks every agent once for a requirement (ranks never change during a run) and seeds idle queues. */
  private createPool(skill: string, language: string | undefined, index: number): RequirementPool {
    const ranks = new Float64Array(this.agentCount);
    for (let agent = 0; agent < this.agentCount; agent++) {
      const profile = this.agents[agent];
      if (profile !== undefined)
        ranks[agent] = policyRank(this.policy, profile, skill, language, this.scoring);
    }
    const pool = new RequirementPool(ranks, index);
    if (this.fairness !== undefined) {
      const members: number[] = [];
      for (let agent = 0; agent < this.agentCount; agent++) if ((ranks[agent] ?? 0) > 0) members.push(agent);
      this.poolMembers[index] = Int32Array.from(members);
    }
    const idleAgents: number[] = [];
    for (let agent = 0; agent < this.agentCount; agent++) {
      const tier = pool.tierOfAgent[agent] ?? -1;
      if (tier < 0) continue;
      this.memberships[agent]?.push(index, tier);
      if (this.busy[agent] === 0) idleAgents.push(agent);
    }
    // Agents already idle join in the order they became idle, as if the pool had existed all along.
    idleAgents.sort((left, right) => (this.idleOrder[left] ?? 0) - (this.idleOrder[right] ?? 0));
    for (const agent of idleAgents) {
      pool.addIdle(
        pool.tierOfAgent[agent] ?? -1,
        agent,
        this.idleEpoch[agent] ?? 0,
        this.busy,
        this.idleEpoch,
      );
    }
    return pool;
  }

  private reportProgress(): void {
    this.onProgress?.(
      this.totalInteractions === undefined
        ? { processed: this.offered }
        : { processed: this.offered, total: this.totalInteractions },
    );
  }
}
