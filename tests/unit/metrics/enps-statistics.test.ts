import {
  addCounts,
  addHistograms,
  countsFromDistribution,
  enpsFromCounts,
  enpsMarginOfError,
  enpsStatistics,
} from "~/modules/metrics/enps-statistics";
import { enpsFromCounts as reExported } from "~/modules/responses/enps";

/**
 * eNPS and its 95% margin against examples worked by hand:
 * MoE = 1.96 · √((p + d − (p − d)²) / n) · 100, with p and d the promoter and detractor shares.
 */

describe("eNPS from counts", () => {
  it("is % promoters − % detractors of the scored respondents", () => {
    // 5 promoters, 3 passives, 2 detractors: 50% − 20% = 30.
    expect(enpsFromCounts({ promoters: 5, passives: 3, detractors: 2 })).toBe(30);
    expect(enpsFromCounts({ promoters: 10, passives: 0, detractors: 0 })).toBe(100);
    expect(enpsFromCounts({ promoters: 0, passives: 0, detractors: 7 })).toBe(-100);
    // 1 − 2 of 3 = −33.3… → −33.
    expect(enpsFromCounts({ promoters: 1, passives: 0, detractors: 2 })).toBe(-33);
  });

  it("is null when nobody gave a score", () => {
    expect(enpsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
    expect(enpsMarginOfError({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });

  it("combines groups by summing counts, not by averaging their scores", () => {
    const a = { promoters: 9, passives: 0, detractors: 1 }; // 10 people, eNPS 80
    const b = { promoters: 0, passives: 0, detractors: 90 }; // 90 people, eNPS −100
    // Averaging the two scores would say −10; the 100 people say (9 − 91) / 100 = −82.
    expect(enpsFromCounts(addCounts(a, b))).toBe(-82);
  });

  it("is the one definition the responses views use", () => {
    expect(reExported).toBe(enpsFromCounts);
  });
});

describe("the 95% margin of error", () => {
  it("matches hand-computed examples", () => {
    // n = 10, p = .5, d = .2: var = .7 − .09 = .61; 1.96 · √(.061) · 100 = 48.41 → 48.4.
    expect(enpsMarginOfError({ promoters: 5, passives: 3, detractors: 2 })).toBe(48.4);
    // Same split, n = 100: 1.96 · √(.0061) · 100 = 15.31 → 15.3 (ten times the people, √10 narrower).
    expect(enpsMarginOfError({ promoters: 50, passives: 30, detractors: 20 })).toBe(15.3);
    // n = 10, p = d = .3: var = .6; 1.96 · √(.06) · 100 = 48.01 → 48.0.
    expect(enpsMarginOfError({ promoters: 3, passives: 4, detractors: 3 })).toBe(48);
    // n = 2, one promoter and one detractor: var = 1; 1.96 · √(.5) · 100 = 138.59 → 138.6.
    expect(enpsMarginOfError({ promoters: 1, passives: 0, detractors: 1 })).toBe(138.6);
    // n = 400, p = .25, d = .25: var = .5; 1.96 · √(.00125) · 100 = 6.93 → 6.9.
    expect(enpsMarginOfError({ promoters: 100, passives: 200, detractors: 100 })).toBe(6.9);
  });

  it("is zero when everyone is in one class, even for one respondent", () => {
    expect(enpsMarginOfError({ promoters: 12, passives: 0, detractors: 0 })).toBe(0);
    expect(enpsMarginOfError({ promoters: 0, passives: 5, detractors: 0 })).toBe(0);
    expect(enpsMarginOfError({ promoters: 1, passives: 0, detractors: 0 })).toBe(0);
  });

  it("comes with its respondent count", () => {
    expect(enpsStatistics({ promoters: 5, passives: 3, detractors: 2 })).toEqual({
      respondents: 10,
      counts: { promoters: 5, passives: 3, detractors: 2 },
      enps: 30,
      marginOfError: 48.4,
    });
  });
});

describe("histograms", () => {
  it("split into classes at 6/7 and 8/9", () => {
    //            0  1  2  3  4  5  6  7  8  9 10
    const hist = [1, 0, 0, 0, 0, 0, 2, 3, 1, 4, 5];
    expect(countsFromDistribution(hist)).toEqual({ detractors: 3, passives: 4, promoters: 9 });
  });

  it("add element-wise", () => {
    expect(addHistograms([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1])).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3]);
  });
});
