import type { Theme } from "~/modules/sentiment/analyse";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DepartureType, SurveyKind } from "../../../db/schema";
import { addCounts, addHistograms, countsFromDistribution, emptyHistogram, enpsFromCounts, enpsMarginOfError, type EnpsCounts } from "./enps";

/**
 * HR's eNPS dashboard and `GET /api/v1/metrics/enps`: the read model's types and the pure rules
 * that turn sums into figures (no `.server`: the page's components import the types).
 *
 * Every figure sums two parts, never averages them: confidential responses (the rollups) and whole
 * released anonymous blocks (docs/decisions/008). A confidential part of 1 to k − 1 respondents is
 * withheld: the figure then rests on whole blocks only and says so, or, with no block either, is the
 * coded marker `{ suppressed: true, reason: "fewer_than_k", k }` with no counts at all
 * (docs/decisions/026).
 */

export interface EnpsDashboardFilters {
  /** First and last month included, "YYYY-MM-01". */
  fromMonth?: string;
  toMonth?: string;
  /** The department and everything under it. */
  departmentId?: string;
  departureType?: DepartureType;
  surveyId?: string;
  surveyKind?: SurveyKind;
}

/** A group too small to show: never its counts. */
export interface SuppressedFigure {
  suppressed: true;
  reason: "fewer_than_k";
  /** The k in force when it was read (anonymity settings). */
  k: number;
}

export interface EnpsFigureShown {
  suppressed: false;
  /** Scored respondents: the n of the eNPS and of its margin. */
  respondents: number;
  counts: EnpsCounts;
  /** −100 to 100; null when nobody gave a score. */
  enps: number | null;
  /** 95% margin of error, ± points; null when nobody gave a score. */
  marginOfError: number | null;
  /** How many gave each score, index = score 0–10. */
  histogram: number[];
  /** What it sums: confidential respondents, and anonymous respondents in whole blocks. */
  sources: { confidential: number; anonymous: number; anonymousBlocks: number };
  /** The confidential part had fewer than k respondents and is left out: the figure is whole blocks only. */
  confidentialWithheld: boolean;
}

export type EnpsFigure = EnpsFigureShown | SuppressedFigure;

export interface ThemeFigureShown {
  suppressed: false;
  comments: number;
  /** Mean sentiment in [−1, 1], three decimals. */
  averageSentiment: number;
  labels: { negative: number; neutral: number; positive: number };
  sources: { confidential: number; anonymous: number };
  confidentialWithheld: boolean;
}
export type ThemeFigure = ThemeFigureShown | SuppressedFigure;

export interface DepartmentBar {
  /** Null: responses of people recorded without a department. */
  departmentId: string | null;
  name: string | null;
  /** subtree: the department and everything under it; own: the chosen department's own responses; unassigned: no department. */
  scope: "subtree" | "own" | "unassigned";
  exit: EnpsFigure;
  pulse: EnpsFigure;
}

export interface EnpsDashboard {
  filters: EnpsDashboardFilters;
  /** k: the smallest group shown (anonymity settings). */
  k: number;
  /** (a) Per month, exit and pulse side by side. Confidential: the month answered; anonymous: the month of the block's release. */
  overTime: { month: string; exit: EnpsFigure; pulse: EnpsFigure }[];
  /** (c, d) The whole selection: its 0–10 histogram and its promoter / passive / detractor split. */
  totals: { exit: EnpsFigure; pulse: EnpsFigure };
  /** (b) Bars: the chosen department's own responses and one per child subtree (or the top of the tree). */
  byDepartment: DepartmentBar[];
  /** (e) Comments per theme, exit and pulse together. */
  themes: { theme: Theme | string; figure: ThemeFigure }[];
  anonymous: {
    /** Whole blocks the selection contains. */
    blocks: number;
    /** Blocks the department or departure-type filter would cut: left out whole. */
    blocksLeftOut: number;
    /** Blocks inside the selection that no single department bar contains (they span several). */
    blocksInNoBar: number;
  };
  /**
   * (f) HR's own departure records (departures: reason, regrettable, last day), not survey answers:
   * filtered by period (month of the last day), department and departure type; survey filters do not
   * apply. Cancelled departures are left out.
   */
  departures: {
    source: "departure_records";
    reasons: { reasonId: string | null; code: string | null; label: LocalizedText | null; count: number }[];
    regrettable: { regrettable: number; notRegrettable: number; unknown: number };
    volumeByMonth: { month: string; count: number }[];
  };
}

// Combining ------------------------------------------------------------------------------------

export interface EnpsPart {
  responses: number;
  counts: EnpsCounts;
  histogram: number[];
}
export interface AnonymousEnpsPart extends EnpsPart {
  blocks: number;
}

export const emptyPart = (): AnonymousEnpsPart => ({ responses: 0, counts: { promoters: 0, passives: 0, detractors: 0 }, histogram: emptyHistogram(), blocks: 0 });

export function addPart<T extends EnpsPart & { blocks?: number }>(into: T, part: EnpsPart & { blocks?: number }): T {
  into.responses += part.responses;
  into.counts = addCounts(into.counts, part.counts);
  into.histogram = addHistograms(into.histogram, part.histogram);
  if (into.blocks !== undefined) into.blocks += part.blocks ?? 0;
  return into;
}

const scored = (part: EnpsPart) => part.counts.promoters + part.counts.passives + part.counts.detractors;

/** The figure of one group: confidential + whole blocks, the confidential part withheld below k. */
export function enpsFigure(confidential: EnpsPart, anonymous: AnonymousEnpsPart, k: number): EnpsFigure {
  const confidentialScored = scored(confidential);
  const withheld = confidentialScored > 0 && confidentialScored < k;
  const anonymousScored = scored(anonymous);
  if (withheld && anonymousScored === 0) return { suppressed: true, reason: "fewer_than_k", k };
  const counts = withheld ? anonymous.counts : addCounts(confidential.counts, anonymous.counts);
  const histogram = withheld ? [...anonymous.histogram] : addHistograms(confidential.histogram, anonymous.histogram);
  return {
    suppressed: false,
    respondents: counts.promoters + counts.passives + counts.detractors,
    counts,
    enps: enpsFromCounts(counts),
    marginOfError: enpsMarginOfError(counts),
    histogram,
    sources: { confidential: withheld ? 0 : confidentialScored, anonymous: anonymousScored, anonymousBlocks: anonymous.blocks },
    confidentialWithheld: withheld,
  };
}

export interface ThemePart {
  comments: number;
  /** Sentiment sum in whole units of 1/10,000 (exact). */
  units: number;
  negative: number;
  neutral: number;
  positive: number;
}
export const emptyThemePart = (): ThemePart => ({ comments: 0, units: 0, negative: 0, neutral: 0, positive: 0 });

export function themeFigure(confidential: ThemePart, anonymous: ThemePart, k: number): ThemeFigure {
  const withheld = confidential.comments > 0 && confidential.comments < k;
  if (withheld && anonymous.comments === 0) return { suppressed: true, reason: "fewer_than_k", k };
  const parts = withheld ? [anonymous] : [confidential, anonymous];
  const sum = (key: keyof ThemePart) => parts.reduce((total, part) => total + part[key], 0);
  const comments = sum("comments");
  return {
    suppressed: false,
    comments,
    averageSentiment: comments === 0 ? 0 : Math.round(sum("units") / comments / 10) / 1000,
    labels: { negative: sum("negative"), neutral: sum("neutral"), positive: sum("positive") },
    sources: { confidential: withheld ? 0 : confidential.comments, anonymous: anonymous.comments },
    confidentialWithheld: withheld,
  };
}

/** A part from a histogram alone (the class counts follow from it). */
export function partFromHistogram(responses: number, histogram: number[]): EnpsPart {
  return { responses, counts: countsFromDistribution(histogram), histogram };
}
