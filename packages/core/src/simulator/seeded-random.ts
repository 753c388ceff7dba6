/** A deterministic pseudo-random source: the same seed gives the same sequence on every machine. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Exponentially distributed with the given mean (inter-arrival and handle times of a Poisson model). */
  exponential(mean: number): number;
  /** Uniform whole number in [min, max]. */
  integer(min: number, max: number): number;
  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, period >= 2^32, passes PractRand to many
 * terabytes), its state filled from the seed by splitmix32 so nearby seeds give unrelated sequences.
 * Not for cryptography.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let mixer = seed >>> 0;
  const splitmix = (): number => {
    mixer = (mixer + 0x9e3779b9) | 0;
    let value = mixer;
    value = Math.imul(value ^ (value >>> 16), 0x21f0aaad);
    value = Math.imul(value ^ (value >>> 15), 0x735a2d97);
    return (value ^ (value >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextUint32 = (): number => {
    const result = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + result) | 0;
    return result >>> 0;
  };
  // Warm-up: the first outputs of sfc32 still show the seed's structure.
  for (let round = 0; round < 12; round++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    // 1 - u lies in (0, 1], so the logarithm is finite.
    exponential: (mean) => -mean * Math.log(1 - next()),
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      if (items.length === 0 || items.length !== weights.length) {
        throw new RangeError("weighted: items and weights must be non-empty and of equal length");
      }
      let total = 0;
      for (const weight of weights) total += weight;
      let target = next() * total;
      let chosen = items.length - 1;
      for (let index = 0; index < items.length; index++) {
        target -= weights[index] ?? 0;
        if (target < 0) {
          chosen = index;
          break;
        }
      }
      // In bounds by construction; the cast only tells the compiler what the length check proved.
      return items[chosen] as T;
    },
  };
}
