/**
 * FIFO of (agent, idle epoch) records for one tier of one requirement, in the order agents became idle.
 * A record is live while its agent is idle with the same epoch; others are stale and skipped (lazy
 * deletion), and `sweep` removes them in place once they pile up.
 */
export class IdleQueue {
  private agents: Int32Array;
  private epochs: Int32Array;
  private head = 0;
  private tail = 0;

  constructor(initialCapacity: number) {
    const capacity = Math.max(4, initialCapacity);
    this.agents = new Int32Array(capacity);
    this.epochs = new Int32Array(capacity);
  }

  get length(): number {
    return this.tail - this.head;
  }

  push(agent: number, epoch: number): void {
    if (this.tail === this.agents.length) this.makeRoom();
    this.agents[this.tail] = agent;
    this.epochs[this.tail] = epoch;
    this.tail++;
  }

  /**
   * Removes records up to and including the first live one and returns its agent, or -1 when the
   * queue holds no live record. `busy[agent]` is 1 while the agent works; `currentEpochs[agent]` is its
   * current idle epoch.
   */
  takeFirstLive(busy: Uint8Array, currentEpochs: Int32Array): number {
    const { agents, epochs } = this;
    while (this.head < this.tail) {
      const index = this.head++;
      const agent = agents[index] ?? 0;
      if (busy[agent] === 0 && currentEpochs[agent] === epochs[index]) return agent;
    }
    return -1;
  }

  /** Drops stale records in place, keeping live ones in order. */
  sweep(busy: Uint8Array, currentEpochs: Int32Array): void {
    const { agents, epochs } = this;
    let written = 0;
    for (let index = this.head; index < this.tail; index++) {
      const agent = agents[index] ?? 0;
      const epoch = epochs[index] ?? 0;
      if (busy[agent] !== 0 || currentEpochs[agent] !== epoch) continue;
      agents[written] = agent;
      epochs[written] = epoch;
      written++;
    }
    this.head = 0;
    this.tail = written;
  }

  /** Slides the records to the front, or doubles the arrays when they are mostly in use. */
  private makeRoom(): void {
    const count = this.tail - this.head;
    if (count <= this.agents.length >> 1) {
      this.agents.copyWithin(0, this.head, this.tail);
      this.epochs.copyWithin(0, this.head, this.tail);
    } else {
      const agents = new Int32Array(this.agents.length * 2);
      const epochs = new Int32Array(this.agents.length * 2);
      agents.set(this.agents.subarray(this.head, this.tail));
      epochs.set(this.epochs.subarray(this.head, this.tail));
      this.agents = agents;
      this.epochs = epochs;
    }
    this.head = 0;
    this.tail = count;
  }
}
