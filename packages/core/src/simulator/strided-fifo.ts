/**
 * FIFO of fixed-width numeric records in a growable ring buffer (a Float64Array): O(1) push and shift
 * without Array#shift's O(n) copying, and without one object per record.
 *
 * Field values are read and written in place through `headField` / `push4`, so callers never allocate.
 */
export class StridedFifo {
  private buffer: Float64Array;
  private capacity: number;
  private head = 0;
  private count = 0;

  constructor(
    readonly stride: number,
    initialCapacity = 16,
  ) {
    this.capacity = Math.max(2, initialCapacity);
    this.buffer = new Float64Array(this.capacity * stride);
  }

  get length(): number {
    return this.count;
  }

  /** Field `field` of the oldest record; NaN when empty. */
  headField(field: number): number {
    if (this.count === 0) return Number.NaN;
    return this.buffer[this.head * this.stride + field] ?? Number.NaN;
  }

  push4(first: number, second: number, third: number, fourth: number): void {
    const offset = this.reserve();
    this.buffer[offset] = first;
    this.buffer[offset + 1] = second;
    this.buffer[offset + 2] = third;
    this.buffer[offset + 3] = fourth;
  }

  /** Drops the oldest record (no-op when empty). */
  shift(): void {
    if (this.count === 0) return;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.count--;
  }

  /** Returns the buffer offset of a fresh slot at the tail. */
  private reserve(): number {
    if (this.count === this.capacity) this.grow();
    let slot = this.head + this.count;
    if (slot >= this.capacity) slot -= this.capacity;
    this.count++;
    return slot * this.stride;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const buffer = new Float64Array(capacity * this.stride);
    // Unroll the ring so the oldest record lands at slot 0.
    const firstPart = this.buffer.subarray(this.head * this.stride);
    buffer.set(firstPart);
    buffer.set(this.buffer.subarray(0, this.head * this.stride), firstPart.length);
    this.buffer = buffer;
    this.capacity = capacity;
    this.head = 0;
  }
}
