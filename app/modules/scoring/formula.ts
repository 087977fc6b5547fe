import { differenceInCalendarDays, parseISO } from "date-fns";
import type { CalendarDay } from "~/utils/calendar-days";

/**
 * The advocacy score (issue 13, docs/decisions/029), pure: what a person's signals weigh today.
 *
 *   score = round( W_nps · N · decay(age of the latest answer, H_nps)
 *                + W_sentiment · S
 *                + W_engagement · E ),  clamped to −100…100
 *
 * - N, the latest eNPS answer (exit or pulse), as its distance from the middle of the passives:
 *   clamp((answer − 7.5) / 2.5, −1, 1). 10 → 1, 9 → 0.6, 8 → 0.2, 7 → −0.2, 6 → −0.6, 0–5 → −1.
 * - S, the comments' sentiment: Σ sᵢ·decay(ageᵢ, H_comments) / max(1, Σ decay(ageᵢ, H_comments)),
 *   so one fresh comment counts fully, several average, and old ones fade towards 0.
 * - E, engagement: min(1, P / P_full) with P = Σ points·decay(age, H_engagement) over shares,
 *   clicks their shares earned and newsletter clicks (points per kind set by HR).
 * - decay(age, H) = 0.5^(age / H): a signal one half-life old counts half.
 *
 * Everything decays towards 0, the middle of the passives, never towards a side. Segments: no
 * signal at all → unknown; score ≥ promoterMin → promoter; score ≤ detractorMax → detractor; else
 * passive. With the default weights (50/20/30) and thresholds (±30) a fresh answer alone gives the
 * eNPS class: 9 → 30 (promoter), 8 → 10, 7 → −10 (passive), 6 → −30 (detractor).
 */

export const SEGMENTS = ["promoter", "passive", "detractor", "unknown"] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface ScoringSettings {
  weights: { nps: number; sentiment: number; engagement: number };
  thresholds: { promoterMin: number; detractorMax: number };
  halfLifeDays: { nps: number; comments: number; engagement: number };
  points: { share: number; earnedClick: number; newsletterClick: number; full: number };
  /** The reason counts shares and clicks of this many days (today included). */
  reasonWindowDays: number;
}

export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  weights: { nps: 50, sentiment: 20, engagement: 30 },
  thresholds: { promoterMin: 30, detractorMax: -30 },
  halfLifeDays: { nps: 365, comments: 365, engagement: 90 },
  points: { share: 4, earnedClick: 1, newsletterClick: 2, full: 20 },
  reasonWindowDays: 90,
};

/** What HR may set (the migration's checks say the same). */
export const SCORING_LIMITS = {
  weight: { min: 0, max: 100 },
  promoterMin: { min: 1, max: 100 },
  detractorMax: { min: -100, max: -1 },
  halfLifeDays: { min: 1, max: 3650 },
  points: { min: 0, max: 100 },
  fullPoints: { min: 1, max: 1000 },
  reasonWindowDays: { min: 7, max: 365 },
} as const;

export type AnswerSource = "exit" | "pulse";

/** A person's confidential signals: never an anonymous answer (signals.server.ts reads none). */
export interface PersonSignals {
  /** eNPS answers, any order. */
  answers: { source: AnswerSource; score: number; at: Date }[];
  /** The sentiment of each free-text answer or pulse comment, in [−1, 1]. */
  comments: { sentiment: number; at: Date }[];
  /** Counted per company day. */
  engagement: { kind: EngagementKind; day: CalendarDay; count: number }[];
}

export const ENGAGEMENT_KINDS = ["share", "earnedClick", "newsletterClick"] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export type CommentTone = "positive" | "neutral" | "negative";

/** The main clause of the reason, then the counts that follow it (reason.ts puts them into words). */
export type ReasonCode = "npsExit" | "npsPulse" | "comments" | "engagement" | "noSignals";

export interface ReasonValues {
  /** The latest eNPS answer (npsExit, npsPulse). */
  nps?: number;
  /** The comments' overall tone, when there are comments. */
  tone?: CommentTone;
  /** Within the reason window. */
  shares: number;
  earnedClicks: number;
  newsletterClicks: number;
  days: number;
}

/** What the score was made of: stored with it (`advocacy_scores.inputs`) for HR and for debugging. */
export interface ScoreInputs {
  nps: { score: number; source: AnswerSource; at: string; decay: number } | null;
  sentiment: { comments: number; value: number };
  engagement: { shares: number; earnedClicks: number; newsletterClicks: number; points: number; level: number };
  components: { nps: number; sentiment: number; engagement: number };
}

export interface AdvocacyScore {
  score: number;
  segment: Segment;
  reason: { code: ReasonCode; values: ReasonValues };
  inputs: ScoreInputs;
}

const DAY_MS = 86_400_000;

/** 0.5^(age / halfLife); a signal from the future (clock skew) counts fully. */
export function decay(ageDays: number, halfLifeDays: number): number {
  if (ageDays <= 0) return 1;
  return 0.5 ** (ageDays / halfLifeDays);
}

/** An eNPS answer as a distance from the middle of the passives, −1…1. */
export function npsLevel(answer: number): number {
  return Math.min(1, Math.max(-1, (answer - 7.5) / 2.5));
}

export function segmentOf(score: number, hasSignals: boolean, thresholds: ScoringSettings["thresholds"]): Segment {
  if (!hasSignals) return "unknown";
  if (score >= thresholds.promoterMin) return "promoter";
  if (score <= thresholds.detractorMax) return "detractor";
  return "passive";
}

/** The tone of a sentiment value, with the analyser's neutral band. */
export function toneOf(sentiment: number): CommentTone {
  if (sentiment > 0.05) return "positive";
  if (sentiment < -0.05) return "negative";
  return "neutral";
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export function scorePerson(signals: PersonSignals, settings: ScoringSettings, now: Date, today: CalendarDay): AdvocacyScore {
  const ageOf = (at: Date) => (now.getTime() - at.getTime()) / DAY_MS;

  const latest = signals.answers.reduce<PersonSignals["answers"][number] | null>((best, answer) => (!best || answer.at > best.at ? answer : best), null);
  const npsDecay = latest ? decay(ageOf(latest.at), settings.halfLifeDays.nps) : 0;
  const npsComponent = latest ? settings.weights.nps * npsLevel(latest.score) * npsDecay : 0;

  let weighted = 0;
  let weights = 0;
  for (const comment of signals.comments) {
    const d = decay(ageOf(comment.at), settings.halfLifeDays.comments);
    weighted += Math.max(-1, Math.min(1, comment.sentiment)) * d;
    weights += d;
  }
  const sentiment = signals.comments.length > 0 ? weighted / Math.max(1, weights) : 0;
  const sentimentComponent = settings.weights.sentiment * sentiment;

  const pointsPer: Record<EngagementKind, number> = {
    share: settings.points.share,
    earnedClick: settings.points.earnedClick,
    newsletterClick: settings.points.newsletterClick,
  };
  const todayDate = parseISO(today);
  const windowStart = settings.reasonWindowDays - 1;
  const totals = { share: 0, earnedClick: 0, newsletterClick: 0 };
  const inWindow = { share: 0, earnedClick: 0, newsletterClick: 0 };
  let points = 0;
  for (const entry of signals.engagement) {
    const age = differenceInCalendarDays(todayDate, parseISO(entry.day));
    points += pointsPer[entry.kind] * entry.count * decay(age, settings.halfLifeDays.engagement);
    totals[entry.kind] += entry.count;
    if (age <= windowStart) inWindow[entry.kind] += entry.count;
  }
  const level = Math.min(1, points / settings.points.full);
  const engagementComponent = settings.weights.engagement * level;

  const hasSignals = latest !== null || signals.comments.length > 0 || totals.share + totals.earnedClick + totals.newsletterClick > 0;
  const score = Math.max(-100, Math.min(100, Math.round(npsComponent + sentimentComponent + engagementComponent)));
  const segment = segmentOf(score, hasSignals, settings.thresholds);

  const code: ReasonCode = latest
    ? latest.source === "exit"
      ? "npsExit"
      : "npsPulse"
    : signals.comments.length > 0
      ? "comments"
      : hasSignals
        ? "engagement"
        : "noSignals";
  const values: ReasonValues = {
    ...(latest ? { nps: latest.score } : {}),
    ...(signals.comments.length > 0 ? { tone: toneOf(sentiment) } : {}),
    shares: inWindow.share,
    earnedClicks: inWindow.earnedClick,
    newsletterClicks: inWindow.newsletterClick,
    days: settings.reasonWindowDays,
  };

  return {
    score,
    segment,
    reason: { code, values },
    inputs: {
      nps: latest ? { score: latest.score, source: latest.source, at: latest.at.toISOString(), decay: round(npsDecay) } : null,
      sentiment: { comments: signals.comments.length, value: round(sentiment) },
      engagement: { shares: totals.share, earnedClicks: totals.earnedClick, newsletterClicks: totals.newsletterClick, points: round(points, 2), level: round(level) },
      components: { nps: round(npsComponent, 2), sentiment: round(sentimentComponent, 2), engagement: round(engagementComponent, 2) },
    },
  };
}
