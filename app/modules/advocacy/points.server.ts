import { sql } from "kysely";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { clicksCte, dailyCte, sharesCte, standings } from "./activity.server";
import { LEADERBOARD_DAYS, LEADERBOARD_SIZE, type AlumniPointsView } from "./rules";
import { settingsCte } from "./settings.server";

export type { AlumniPointsView, LeaderboardRow } from "./rules";

/**
 * An alumnus's points and the leaderboard (issue 11, ADR 021). Computed on read from share intents
 * and clicks (no points ledger): per company day, min(cap, shares × points per share + counted
 * clicks × points per click). Changing a rule changes every past day's points too: that is the
 * price of not storing them, and HR is told so beside the rules.
 */

interface OwnRow {
  leaderboard_enabled: boolean;
  points_per_share: number;
  points_per_click: number;
  points_daily_cap: number;
  opted_in: boolean | null;
  today: number;
  last_30_days: number;
  total: number;
  shares: number;
  clicks: number;
}

/**
 * What the alumni home shows: the settings, the person's opt-in and points in one query, then the
 * leaderboard (top 10 over the last 30 days, opted-in alumni only, and the reader's own row below
 * them when they are on it) in a second when HR has it on.
 */
export async function alumniPointsView(db: DB, userId: string, now: Date = new Date(), timeZone: string = getEnv().COMPANY_TIME_ZONE): Promise<AlumniPointsView> {
  const today = todayIn(timeZone, now);
  const fromDay = addCalendarDays(today, -(LEADERBOARD_DAYS - 1));
  const { rows } = await sql<OwnRow>`
    with settings as (${settingsCte()}),
    ${sharesCte(timeZone, sql`l.user_id = ${userId}`)},
    ${clicksCte(timeZone, null)},
    ${dailyCte("settings", null)}
    select
      settings.leaderboard_enabled, settings.points_per_share, settings.points_per_click, settings.points_daily_cap,
      (select leaderboard_opt_in from alumni_profiles where user_id = ${userId}) as opted_in,
      coalesce((select sum(points) from daily where day = cast(${today} as date)), 0)::int as today,
      coalesce((select sum(points) from daily where day >= cast(${fromDay} as date)), 0)::int as last_30_days,
      coalesce((select sum(points) from daily), 0)::int as total,
      (select count(*) from shares)::int as shares,
      coalesce((select sum(clicks) from clicks), 0)::int as clicks
    from settings
  `.execute(db);
  const own = rows[0]!;
  const view: AlumniPointsView = {
    points: { today: own.today, last30Days: own.last_30_days, total: own.total },
    shares: own.shares,
    clicks: own.clicks,
    dailyCap: own.points_daily_cap,
    leaderboard: null,
  };
  if (!own.leaderboard_enabled) return view;
  const top = await standings(db, {
    fromDay,
    timeZone,
    rules: { pointsPerShare: own.points_per_share, pointsPerClick: own.points_per_click, dailyCap: own.points_daily_cap },
    limit: LEADERBOARD_SIZE,
    // The reader's own row even below the top 10: where one stands is the point of looking.
    alsoUserId: userId,
  });
  return {
    ...view,
    leaderboard: {
      optedIn: own.opted_in === true,
      rows: top.map((row) => ({ rank: row.rank, name: row.name, points: row.points, isYou: row.userId === userId })),
    },
  };
}
