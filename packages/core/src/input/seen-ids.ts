/**
 * The interaction ids a run has seen, to refuse a duplicate. A `Map` of a million id strings doubled the
 * simulator's run time (measured on the 1M-interaction benchmark); this keeps a 64-bit hash of each id
 * and where it was seen in one typed array (open addressing, linear probing, about 24 bytes per id at
 * the 50 % load it grows at), so it costs a hash of the id and a probe or two.
 *
 * Two different ids share a 64-bit hash with probability about n² / 2^65: 3 × 10^-8 for a file of a
 * million rows. The error names the line of the first occurrence, so such a report is easy to check.
 */
export class SeenIds {
  /**
   * Slots of three words, side by side so that a probe touches one cache line: the two hashes and where
   * the id was seen (0 marks an empty slot). Separate arrays cost a cache miss each on large datasets.
   */
  private slots: Uint32Array;
  /** A hash's home slot is its top bits (`first >>> shift`): doubling then keeps the slots' order. */
  private shift: number;
  private capacity: number;
  private count = 0;

  constructor(initialCapacity = 1 << 14) {
    let bits = 4;
    while (1 << bits < initialCapacity && bits < 30) bits++;
    this.capacity = 1 << bits;
    this.shift = 32 - bits;
    this.slots = new Uint32Array(this.capacity * SLOT_WORDS);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Records `id` as seen at `where` (>= 1) and returns 0, or, when it was seen before, leaves it and
   * returns where it was seen first.
   */
  add(id: string, where: number): number {
    // Two independent 32-bit hashes in one pass: FNV-1a, and a murmur-style mix seeded with the length.
    let first = 0x811c9dc5;
    let second = 0x9747b28c ^ id.length;
    for (let index = 0; index < id.length; index++) {
      const code = id.charCodeAt(index);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995);
      second ^= second >>> 15;
    }
    // murmur3's 32-bit finaliser on both, written out: a 32-bit value passed to a function is boxed
    // (V8's small integers have 31 bits), and that allocation per id dominated the cost.
    first ^= first >>> 16;
    first = Math.imul(first, 0x85ebca6b);
    first ^= first >>> 13;
    first = Math.imul(first, 0xc2b2ae35);
    first ^= first >>> 16;
    second ^= second >>> 16;
    second = Math.imul(second, 0x85ebca6b);
    second ^= second >>> 13;
    second = Math.imul(second, 0xc2b2ae35);
    second ^= second >>> 16;
    first >>>= 0;
    second >>>= 0;
    const { slots } = this;
    const last = this.capacity - 1;
    let slot = first >>> this.shift;
    for (;;) {
      const base = slot * SLOT_WORDS;
      const seenAt = slots[base + 2] ?? 0;
      if (seenAt === 0) {
        slots[base] = first;
        slots[base + 1] = second;
        slots[base + 2] = Math.max(1, Math.min(where, 0xffff_ffff));
        break;
      }
      if (slots[base] === first && slots[base + 1] === second) return seenAt;
      slot = slot === last ? 0 : slot + 1;
    }
    this.count++;
    if (this.count * 2 > this.capacity) this.grow();
    return 0;
  }

  /**
   * Doubles the table. Home slots are top bits, so walking the old table in order writes the new one
   * almost in order too (slot i's entries go to 2i or 2i + 1): a sequential pass rather than a cache miss
   * per entry. Entries that wrapped around the end are placed after the walk.
   */
  private grow(): void {
    const old = this.slots;
    const capacity = this.capacity * 2;
    const shift = this.shift - 1;
    const slots = new Uint32Array(capacity * SLOT_WORDS);
    const last = capacity - 1;
    for (let base = 0; base < old.length; base += SLOT_WORDS) {
      const seenAt = old[base + 2] ?? 0;
      if (seenAt === 0) continue;
      const first = old[base] ?? 0;
      let slot = first >>> shift;
      while ((slots[slot * SLOT_WORDS + 2] ?? 0) !== 0) slot = slot === last ? 0 : slot + 1;
      slots[slot * SLOT_WORDS] = first;
      slots[slot * SLOT_WORDS + 1] = old[base + 1] ?? 0;
      slots[slot * SLOT_WORDS + 2] = seenAt;
    }
    this.slots = slots;
    this.capacity = capacity;
    this.shift = shift;
  }
}

const SLOT_WORDS = 3;
