/**
 * eNPS arithmetic, the one definition (pure; no `.server` suffix: pages use it too).
 *
 * eNPS = % promoters − % detractors of the scored respondents, from −100 to +100. Groups are combined
 * by adding their counts and computing the score again, never by averaging the scores of groups: two
 * groups of different sizes would otherwise weigh the same.
 *
 * The 95% margin of error comes from the variance of the promoter/detractor split. Each respondent
 * contributes +1 (promoter), 0 (passive) or −1 (detractor); eNPS/100 is the mean of those values. With
 * p = promoters / n and d = detractors / n, the variance of one value is
 *   E[x²] − E[x]² = (p + d) − (p − d)²,
 * so the standard error of the mean is √(var / n) and the margin, in eNPS points, is
 *   MoE = 1.96 · √(var / n) · 100.
 * n is the number of scored respondents. The normal approximation is poor for small n (a single
 * promoter gives ±0); the figure is still computed, and views decide what to show below k.
 */

import { enpsCategory } from "~/modules/surveys/answers";

export { enpsCategory, type EnpsCategory } from "~/modules/surveys/answers";

export interface EnpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** The z value of a two-sided 95% interval. */
export const Z_95 = 1.96;

/** 11 zeros: how many gave each score, index = score 0–10. */
export function emptyHistogram(): number[] {
  return Array.from({ length: 11 }, () => 0);
}

export function emptyCounts(): EnpsCounts {
  return { promoters: 0, passives: 0, detractors: 0 };
}

export function scoredOf({ promoters, passives, detractors }: EnpsCounts): number {
  return promoters + passives + detractors;
}

/** −100 to 100, rounded to a whole number; null when nobody gave a score. */
export function enpsFromCounts(counts: EnpsCounts): number | null {
  const scored = scoredOf(counts);
  if (scored === 0) return null;
  // Rounding once at the end: Math.round(-0.5) is -0, which prints as "0" anyway.
  return Math.round(((counts.promoters - counts.detractors) / scored) * 100) || 0;
}

/**
 * The 95% margin of error of the eNPS, in ± points (see the top of this file), rounded to one
 * decimal; null when nobody gave a score.
 */
export function enpsMarginOfError(counts: EnpsCounts): number | null {
  const n = scoredOf(counts);
  if (n === 0) return null;
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  // Floating point can leave a tiny negative where the variance is exactly 0 (everyone in one class).
  const variance = Math.max(0, p + d - (p - d) ** 2);
  return Math.round(Z_95 * Math.sqrt(variance / n) * 100 * 10) / 10;
}

export interface EnpsStatistics {
  /** Scored respondents: the n of the eNPS and of its margin. */
  respondents: number;
  counts: EnpsCounts;
  enps: number | null;
  /** ± points, 95%. */
  marginOfError: number | null;
}

export function enpsStatistics(counts: EnpsCounts): EnpsStatistics {
  return { respondents: scoredOf(counts), counts: { ...counts }, enps: enpsFromCounts(counts), marginOfError: enpsMarginOfError(counts) };
}

/** Counts per category from a 0–10 distribution (index = score). */
export function countsFromDistribution(distribution: readonly number[]): EnpsCounts {
  const counts = emptyCounts();
  distribution.forEach((count, score) => {
    const category = enpsCategory(score);
    if (category === "promoter") counts.promoters += count;
    else if (category === "passive") counts.passives += count;
    else counts.detractors += count;
  });
  return counts;
}

/** Groups combined: counts added, never scores averaged. */
export function addCounts(...groups: readonly EnpsCounts[]): EnpsCounts {
  const total = emptyCounts();
  for (const group of groups) {
    total.promoters += group.promoters;
    total.passives += group.passives;
    total.detractors += group.detractors;
  }
  return total;
}

/** Element-wise sum of 0–10 histograms. */
export function addHistograms(...histograms: ReadonlyArray<readonly number[]>): number[] {
  const total = emptyHistogram();
  for (const histogram of histograms) histogram.forEach((count, score) => (total[score]! += count));
  return total;
}
