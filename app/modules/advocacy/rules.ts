import { todayIn, type CalendarDay } from "~/utils/calendar-days";

/**
 * The rules of points and earned media value (issue 11, ADR 021), pure so that browser, server and
 * tests agree. The database computes points with the same rules in SQL (points.server.ts); the
 * reference model `pointsByDay` below is what the integration tests compare that SQL against.
 */

export interface PointsRules {
  pointsPerShare: number;
  pointsPerClick: number;
  /** The most points one person earns in one day (company time zone). */
  dailyCap: number;
}

export interface EmvRates {
  /** ISO 4217 code. */
  currency: string;
  /** Cost per thousand impressions, in minor units (cents). */
  cpmMinor: number;
  /** Cost per click, in minor units (cents). */
  cpcMinor: number;
  /** Impressions a share is assumed to earn: no network reports them for a shared link. */
  impressionsPerShare: number;
}

export interface AdvocacySettings {
  leaderboardEnabled: boolean;
  points: PointsRules;
  emv: EmvRates;
}

/** The migration's defaults (db/migrations/2026-12-07T1010_shares_and_points.ts); read when the row is missing. */
export const DEFAULT_ADVOCACY_SETTINGS: AdvocacySettings = {
  leaderboardEnabled: true,
  points: { pointsPerShare: 5, pointsPerClick: 10, dailyCap: 100 },
  emv: { currency: "EUR", cpmMinor: 1000, cpcMinor: 150, impressionsPerShare: 300 },
};

/** The limits the database checks too (the migration's check constraints). */
export const ADVOCACY_LIMITS = {
  pointsPerShare: { min: 0, max: 1000 },
  pointsPerClick: { min: 0, max: 1000 },
  dailyCap: { min: 0, max: 100_000 },
  /** Major units (the form); stored ×100. */
  rateMajor: { min: 0, max: 100_000 },
  impressionsPerShare: { min: 0, max: 1_000_000 },
} as const;

/** The periods HR's analytics offer, in days (today included). */
export const ANALYTICS_PERIODS = [7, 30, 90] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];
export const DEFAULT_ANALYTICS_PERIOD: AnalyticsPeriod = 30;

/** The leaderboard's window, in days (today included). */
export const LEADERBOARD_DAYS = 30;
export const LEADERBOARD_SIZE = 10;

export interface LeaderboardRow {
  rank: number;
  name: string;
  points: number;
  isYou: boolean;
}

/** What the alumni home shows (points.server.ts `alumniPointsView`); plain data, as a loader serialises it. */
export interface AlumniPointsView {
  points: { today: number; last30Days: number; total: number };
  /** Every share the person made (all time). */
  shares: number;
  /** The counted clicks their shares earned (all time; one per link, visitor and day). */
  clicks: number;
  /** HR's cap on one day's points, to explain the rule. */
  dailyCap: number;
  /** Null when HR switched the leaderboard off. */
  leaderboard: null | { optedIn: boolean; rows: LeaderboardRow[] };
}

/** One day's points: what the shares and clicks of that day earn, never more than the cap. */
export function dayPoints(shares: number, clicks: number, rules: PointsRules): number {
  return Math.min(rules.dailyCap, shares * rules.pointsPerShare + clicks * rules.pointsPerClick);
}

export interface ShareEvent {
  linkId: string;
  /** Every press of a share button on this link; the share is the first. */
  intentsAt: readonly Date[];
}

export interface ClickEvent {
  linkId: string;
  clickedAt: Date;
  ipHash: string | null;
}

export interface DayTally {
  shares: number;
  clicks: number;
  points: number;
}

/**
 * The reference model of one person's points, day by day (company days): a link with intents is
 * one share, on the day of its first intent; a click counts once per (link, IP hash, day), and a
 * click without an IP hash counts on its own; only clicks on the person's shares count. The SQL of
 * points.server.ts must give the same numbers (tests/integration/advocacy/points.test.ts).
 */
export function pointsByDay(shares: readonly ShareEvent[], clicks: readonly ClickEvent[], rules: PointsRules, timeZone: string): Map<CalendarDay, DayTally> {
  const days = new Map<CalendarDay, DayTally>();
  const tally = (day: CalendarDay) => {
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { shares: 0, clicks: 0, points: 0 }));
    return entry;
  };
  const shared = new Set<string>();
  for (const share of shares) {
    if (share.intentsAt.length === 0) continue;
    shared.add(share.linkId);
    const first = Math.min(...share.intentsAt.map((at) => at.getTime()));
    tally(todayIn(timeZone, new Date(first))).shares += 1;
  }
  const seen = new Set<string>();
  for (const click of clicks) {
    if (!shared.has(click.linkId)) continue;
    const day = todayIn(timeZone, click.clickedAt);
    if (click.ipHash !== null) {
      const key = `${click.linkId}|${click.ipHash}|${day}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    tally(day).clicks += 1;
  }
  for (const entry of days.values()) entry.points = dayPoints(entry.shares, entry.clicks, rules);
  return days;
}

/**
 * Earned media value in minor units, rounded to the nearest: shares × impressions per share ÷ 1000
 * × CPM + clicks × CPC.
 */
export function earnedMediaValueMinor(shares: number, clicks: number, rates: Pick<EmvRates, "cpmMinor" | "cpcMinor" | "impressionsPerShare">): number {
  return Math.round((shares * rates.impressionsPerShare * rates.cpmMinor) / 1000 + clicks * rates.cpcMinor);
}

/** Clicks per share, or null without a share (no division by zero on the page). */
export function clicksPerShare(shares: number, clicks: number): number | null {
  return shares === 0 ? null : clicks / shares;
}
