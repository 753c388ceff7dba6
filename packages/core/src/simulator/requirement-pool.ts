import { IdleQueue } from "./idle-queue.js";
import { StridedFifo } from "./strided-fifo.js";

/** Record layout of `RequirementPool.waiting`. */
export const WAITING_SEQUENCE = 0;
export const WAITING_ARRIVAL = 1;
export const WAITING_HANDLE = 2;
/** arrival + patience; Infinity when the interaction never abandons. */
export const WAITING_DEADLINE = 3;
const WAITING_STRIDE = 4;

/**
 * Everything the simulator keeps for one distinct (skill, language) requirement: eligible agents grouped
 * in tiers of equal rank (tier 0 = best), which agents of each tier are idle, and the interactions
 * waiting for this requirement.
 *
 * Idle agents of a tier are a FIFO rather than a heap keyed by idle-since: agents become idle in clock
 * order, so the key of every insertion is the largest so far and a heap would only ever append. Agents
 * taken through another requirement leave stale records behind; they are skipped when they reach the
 * head (lazy deletion) and swept out when a queue outgrows its tier (amortised O(1)).
 */
export class RequirementPool {
  /** Tier of each agent (roster index), -1 when not eligible. */
  readonly tierOfAgent: Int32Array;
  readonly tierSizes: Int32Array;
  /** Idle agents per tier (live records only). */
  readonly idleCounts: Int32Array;
  readonly idleQueues: IdleQueue[];
  /** Bit t set when tier t has an idle agent, so the best such tier is found a word at a time. */
  readonly nonEmptyTiers: Uint32Array;
  readonly waiting = new StridedFifo(WAITING_STRIDE);
  readonly eligibleAgents: number;
  /** Each agent's rank for this requirement (0 = not eligible). */
  readonly ranks: Float64Array;
  /** This pool's position in the simulation's list of pools. */
  readonly index: number;

  /** `ranks[agent]` > 0 makes the agent eligible; equal ranks share a tier, higher ranks come first. */
  constructor(ranks: Float64Array, index = 0) {
    this.ranks = ranks;
    this.index = index;
    const distinct = [...new Set(ranks.filter((rank) => rank > 0))].sort((left, right) => right - left);
    const tierOfRank = new Map(distinct.map((rank, tier) => [rank, tier]));
    this.tierOfAgent = new Int32Array(ranks.length).fill(-1);
    this.tierSizes = new Int32Array(distinct.length);
    let eligible = 0;
    for (let agent = 0; agent < ranks.length; agent++) {
      const tier = tierOfRank.get(ranks[agent] ?? 0);
      if (tier === undefined) continue;
      this.tierOfAgent[agent] = tier;
      this.tierSizes[tier] = (this.tierSizes[tier] ?? 0) + 1;
      eligible++;
    }
    this.eligibleAgents = eligible;
    this.idleCounts = new Int32Array(distinct.length);
    this.idleQueues = Array.from(this.tierSizes, (size) => new IdleQueue(2 * size + 8));
    this.nonEmptyTiers = new Uint32Array(Math.ceil(distinct.length / 32));
  }

  /** Best tier with an idle agent, -1 when none. */
  bestIdleTier(): number {
    const words = this.nonEmptyTiers;
    for (let word = 0; word < words.length; word++) {
      const bits = words[word] ?? 0;
      if (bits !== 0) return word * 32 + (31 - Math.clz32(bits & -bits));
    }
    return -1;
  }

  /**
   * Queues a newly idle agent. `busy` / `currentEpochs` tell live records from stale ones when the
   * queue is swept: once at least half of it is stale, so each sweep is paid for by the pushes that
   * made the garbage (amortised O(1)).
   */
  addIdle(tier: number, agent: number, epoch: number, busy: Uint8Array, currentEpochs: Int32Array): void {
    const queue = this.idleQueues[tier];
    if (queue === undefined) return;
    queue.push(agent, epoch);
    const count = this.idleCounts[tier] ?? 0;
    this.idleCounts[tier] = count + 1;
    if (count === 0)
      this.nonEmptyTiers[tier >> 5] = (this.nonEmptyTiers[tier >> 5] ?? 0) | (1 << (tier & 31));
    if (queue.length > 2 * (this.tierSizes[tier] ?? 0) + 32) queue.sweep(busy, currentEpochs);
  }

  /** Bookkeeping for an agent of `tier` that stopped being idle; its queue record goes stale. */
  removeIdle(tier: number): void {
    const count = (this.idleCounts[tier] ?? 0) - 1;
    this.idleCounts[tier] = count;
    if (count === 0)
      this.nonEmptyTiers[tier >> 5] = (this.nonEmptyTiers[tier >> 5] ?? 0) & ~(1 << (tier & 31));
  }
}
