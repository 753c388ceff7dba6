/**
 * Binary min-heap of timed events carrying an integer payload (the simulator's event queue).
 *
 * Equal times come out in insertion order, so a run never depends on heap layout. Keys and payloads
 * live in parallel typed arrays: no object per event, nothing for the garbage collector on a hot path
 * that runs once per answered interaction.
 */
export class TimedEventQueue {
  private times: Float64Array;
  private sequences: Float64Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSequence = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(1, initialCapacity);
    this.times = new Float64Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] ?? Number.POSITIVE_INFINITY);
  }

  /** Payload of the earliest event; -1 when empty. */
  peekPayload(): number {
    return this.count === 0 ? -1 : (this.payloads[0] ?? -1);
  }

  push(time: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const sequence = this.nextSequence++;
    let hole = this.count++;
    const { times, sequences, payloads } = this;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent] ?? 0;
      if (parentTime < time || (parentTime === time && (sequences[parent] ?? 0) < sequence)) break;
      times[hole] = parentTime;
      sequences[hole] = sequences[parent] ?? 0;
      payloads[hole] = payloads[parent] ?? 0;
      hole = parent;
    }
    times[hole] = time;
    sequences[hole] = sequence;
    payloads[hole] = payload;
  }

  /** Removes the earliest event and returns its payload; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const { times, sequences, payloads } = this;
    const top = payloads[0] ?? -1;
    const last = --this.count;
    if (last === 0) return top;
    const time = times[last] ?? 0;
    const sequence = sequences[last] ?? 0;
    const payload = payloads[last] ?? 0;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && earlier(times, sequences, right, child)) child = right;
      const childTime = times[child] ?? 0;
      if (time < childTime || (time === childTime && sequence < (sequences[child] ?? 0))) break;
      times[hole] = childTime;
      sequences[hole] = sequences[child] ?? 0;
      payloads[hole] = payloads[child] ?? 0;
      hole = child;
    }
    times[hole] = time;
    sequences[hole] = sequence;
    payloads[hole] = payload;
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const sequences = new Float64Array(capacity);
    const payloads = new Int32Array(capacity);
    times.set(this.times);
    sequences.set(this.sequences);
    payloads.set(this.payloads);
    this.times = times;
    this.sequences = sequences;
    this.payloads = payloads;
  }
}

function earlier(times: Float64Array, sequences: Float64Array, left: number, right: number): boolean {
  const leftTime = times[left] ?? 0;
  const rightTime = times[right] ?? 0;
  return leftTime < rightTime || (leftTime === rightTime && (sequences[left] ?? 0) < (sequences[right] ?? 0));
}
