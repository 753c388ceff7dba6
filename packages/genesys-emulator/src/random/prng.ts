/**
 * Seeded pseudo-random numbers. Every random choice in the emulator comes from a named stream derived from
 * the one seed, so that one concern (say, how many channels a test opens) cannot shift the draws of another
 * (the arrivals), and the same seed replays the same contact centre.
 */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  integer(min: number, max: number): number;
  /** Exponentially distributed with the given mean (> 0). */
  exponential(mean: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A fresh array with the items in a random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** A version-4-shaped UUID drawn from this stream. */
  uuid(): string;
}

export class EmptyChoiceError extends Error {
  constructor() {
    super("Cannot pick from an empty list");
    this.name = "EmptyChoiceError";
  }
}

/** cyrb53-style string hash folded to 32 bits: spreads (seed, stream name) over the PRNG state space. */
function hashToState(seed: number, streamName: string): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < streamName.length; index++) {
    const code = streamName.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** mulberry32: tiny, fast and good enough for simulation (not for secrets). */
function mulberry32(initialState: number): () => number {
  let state = initialState >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRandomStream(seed: number, streamName: string): RandomStream {
  const next = mulberry32(hashToState(seed, streamName));
  const integer = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new EmptyChoiceError();
    return item;
  };
  return {
    next,
    integer,
    // 1 - next() is in (0, 1], so the logarithm is always finite.
    exponential: (mean) => -Math.log(1 - next()) * mean,
    chance: (probability) => next() < probability,
    pick,
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = integer(0, index);
        const current = copy[index] as T;
        copy[index] = copy[other] as T;
        copy[other] = current;
      }
      return copy;
    },
    uuid: () => {
      const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
