import gammainc from "@stdlib/math-base-special-gammainc";
import chiSquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";

/** Below this lower-tail probability, 1 − cdf keeps at least ~15 significant digits. */
const DIRECT_COMPLEMENT_LIMIT = 0.9;

/**
 * Upper-tail probability P(X ≥ statistic) of the chi-square distribution with `degreesOfFreedom`: the
 * p-value of a chi-square test.
 *
 * 1 − cdf loses relative precision as the cdf approaches 1 and becomes exactly 0 once it rounds to 1
 * (statistic ≈ 75 for df = 1), so small tails are taken from the regularised upper incomplete gamma
 * function Q(df/2, x/2) directly, which stays accurate down to the smallest doubles.
 */
export function chiSquareUpperTail(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0) || !Number.isFinite(degreesOfFreedom)) {
    throw new RangeError(
      `chiSquareUpperTail: degrees of freedom must be a finite number > 0, got ${degreesOfFreedom}`,
    );
  }
  if (Number.isNaN(statistic)) throw new RangeError("chiSquareUpperTail: statistic is NaN");
  if (statistic <= 0) return 1;
  if (statistic === Number.POSITIVE_INFINITY) return 0;
  const lowerTail = chiSquareCdf(statistic, degreesOfFreedom);
  if (lowerTail < DIRECT_COMPLEMENT_LIMIT) return 1 - lowerTail;
  return gammainc(statistic / 2, degreesOfFreedom / 2, true, true);
}

export interface ChiSquareTestResult {
  /** Pearson's statistic Σ (observed − expected)² / expected. */
  readonly statistic: number;
  /** Categories − 1 (0 when there are fewer than two categories). */
  readonly degreesOfFreedom: number;
  /** P(X ≥ statistic) under the null hypothesis; 1 when there is nothing to test. */
  readonly pValue: number;
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against the uniform expectation
 * (total / categories in each), as `scipy.stats.chisquare(observed)` computes it.
 *
 * With fewer than two categories or no observations at all there is no evidence against uniformity:
 * statistic 0, p-value 1.
 */
export function chiSquareUniformTest(observed: ArrayLike<number>): ChiSquareTestResult {
  const categories = observed.length;
  let total = 0;
  for (let index = 0; index < categories; index++) {
    const count = observed[index] ?? Number.NaN;
    if (!Number.isFinite(count) || count < 0) {
      throw new RangeError(
        `chiSquareUniformTest: count at index ${index} must be a finite number >= 0, got ${count}`,
      );
    }
    total += count;
  }
  const degreesOfFreedom = Math.max(categories - 1, 0);
  if (categories < 2 || total === 0) return { statistic: 0, degreesOfFreedom, pValue: 1 };
  const expected = total / categories;
  let statistic = 0;
  for (let index = 0; index < categories; index++) {
    const deviation = (observed[index] ?? 0) - expected;
    statistic += (deviation * deviation) / expected;
  }
  return { statistic, degreesOfFreedom, pValue: chiSquareUpperTail(statistic, degreesOfFreedom) };
}
