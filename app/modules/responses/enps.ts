/**
 * eNPS arithmetic, shared by the server and the pages (no `.server` suffix).
 *
 * The score is computed from counts (% promoters − % detractors of the scored responses), never by
 * averaging the scores of groups: two groups of different sizes would otherwise weigh the same.
 */

import { enpsCategory } from "~/modules/surveys/answers";

// The bands (9–10 promoter, 7–8 passive, 0–6 detractor) are the survey module's; one definition.
export { enpsCategory, type EnpsCategory } from "~/modules/surveys/answers";

export interface EnpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** −100 to 100, rounded to a whole number; null when nobody gave a score. */
export function enpsFromCounts({ promoters, passives, detractors }: EnpsCounts): number | null {
  const scored = promoters + passives + detractors;
  if (scored === 0) return null;
  // Rounding once at the end: Math.round(-0.5) is -0, which prints as "0" anyway.
  return Math.round(((promoters - detractors) / scored) * 100) || 0;
}

/** Counts per category from a 0–10 distribution (index = score). */
export function countsFromDistribution(distribution: readonly number[]): EnpsCounts {
  const counts: EnpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  distribution.forEach((count, score) => {
    const category = enpsCategory(score);
    if (category === "promoter") counts.promoters += count;
    else if (category === "passive") counts.passives += count;
    else counts.detractors += count;
  });
  return counts;
}
