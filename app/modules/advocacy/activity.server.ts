import { sql, type RawBuilder } from "kysely";
import { getEnv } from "~/utils/env.server";
import type { DB } from "~/utils/db.server";
import type { CalendarDay } from "~/utils/calendar-days";
import type { PointsRules } from "./rules";

/**
 * The SQL every advocacy number is built from (ADR 021), so that points, the leaderboard, HR's
 * analytics and the advocacy signals count the same way:
 *
 * - `shares`: one row per tracked link of a feed item with at least one share intent (pressing
 *   twice is one share), at the time of its first intent and on that company day;
 * - `clicks`: the clicks on those links, one per (link, IP hash, company day), a click without an
 *   IP hash on its own, per link and day.
 *
 * Both are common table expressions to put in a `with`; `shares` must come first.
 */

/** The company day of a timestamp column. */
function dayOf(column: RawBuilder<unknown>, timeZone: string) {
  return sql`(${column} at time zone ${timeZone})::date`;
}

/** The instant a company day starts. */
export function startOfDay(day: CalendarDay, timeZone: string) {
  return sql`((cast(${day} as date))::timestamp at time zone ${timeZone})`;
}

/**
 * `shares (link_id, user_id, feed_item_id, channel, shared_at, day)`. `where` narrows the links
 * (alias `l`, tracked_links) before the grouping, such as to one person.
 */
export function sharesCte(timeZone: string, where: RawBuilder<unknown> = sql`true`) {
  return sql`shares as (
    select l.id as link_id, l.user_id, l.feed_item_id, l.channel, min(i.created_at) as shared_at, ${dayOf(sql`min(i.created_at)`, timeZone)} as day
    from share_intents as i
    join tracked_links as l on l.id = i.link_id
    where l.feed_item_id is not null and (${where})
    group by l.id
  )`;
}

/** `clicks (link_id, user_id, feed_item_id, day, clicks)`: the counted clicks from `since` on (all when null). */
export function clicksCte(timeZone: string, since: RawBuilder<unknown> | null) {
  return sql`clicks as (
    select c.link_id, s.user_id, s.feed_item_id, c.day, (count(distinct c.ip_hash) + count(*) filter (where c.ip_hash is null))::int as clicks
    from (
      select link_id, ip_hash, ${dayOf(sql`clicked_at`, timeZone)} as day
      from link_clicks
      where link_id in (select link_id from shares)${since ? sql` and clicked_at >= ${since}` : sql``}
    ) as c
    join shares as s on s.link_id = c.link_id
    group by c.link_id, s.user_id, s.feed_item_id, c.day
  )`;
}

/** The points rules as SQL: numbers, or the columns of a `settings` CTE (settingsCte). */
export function rulesSql(rules: PointsRules | "settings") {
  if (rules === "settings") {
    return {
      perShare: sql`(select points_per_share from settings)`,
      perClick: sql`(select points_per_click from settings)`,
      cap: sql`(select points_daily_cap from settings)`,
    };
  }
  return { perShare: sql`${rules.pointsPerShare}::int`, perClick: sql`${rules.pointsPerClick}::int`, cap: sql`${rules.dailyCap}::int` };
}

/**
 * `daily (user_id, day, shares, clicks, points)`: needs `shares` and `clicks` (and `settings` for
 * the rules of the settings row). Shares count from `fromDay` on; clicks as `clicks` selected them.
 */
export function dailyCte(rules: PointsRules | "settings", fromDay: CalendarDay | null) {
  const { perShare, perClick, cap } = rulesSql(rules);
  return sql`daily as (
    select e.user_id, e.day, sum(e.shares)::int as shares, sum(e.clicks)::int as clicks,
      least(${cap}, sum(e.shares)::int * ${perShare} + sum(e.clicks)::int * ${perClick}) as points
    from (
      select user_id, day, 1 as shares, 0 as clicks from shares${fromDay ? sql` where day >= cast(${fromDay} as date)` : sql``}
      union all
      select user_id, day, 0, clicks from clicks
    ) as e
    group by e.user_id, e.day
  )`;
}

export interface Standing {
  userId: string;
  name: string;
  rank: number;
  points: number;
  shares: number;
  clicks: number;
}

/**
 * The alumni who opted into the leaderboard (and did not leave the network) with any share or
 * counted click from `fromDay` on, best points first, the first `limit` (and `alsoUserId`'s row
 * wherever it is); `rank` is shared by equal points. One query.
 */
export async function standings(
  db: DB,
  input: { fromDay: CalendarDay; timeZone: string; rules: PointsRules; limit: number; /** Listed even beyond the limit, when on the board. */ alsoUserId?: string },
): Promise<Standing[]> {
  const { fromDay, timeZone, rules, limit } = input;
  const { rows } = await sql<Standing>`
    with optins as (
      select p.user_id, u.name
      from alumni_profiles as p
      join users as u on u.id = p.user_id
      where p.leaderboard_opt_in and p.status <> 'left'
    ),
    ${sharesCte(timeZone, sql`l.user_id in (select user_id from optins)`)},
    ${clicksCte(timeZone, startOfDay(fromDay, timeZone))},
    ${dailyCte(rules, fromDay)},
    totals as (
      select user_id, sum(points)::int as points, sum(shares)::int as shares, sum(clicks)::int as clicks
      from daily
      group by user_id
    )
    select "userId", name, rank, points, shares, clicks
    from (
      select o.user_id as "userId", o.name, (rank() over (order by t.points desc))::int as rank,
        row_number() over (order by t.points desc, o.name, o.user_id) as position, t.points, t.shares, t.clicks
      from totals as t
      join optins as o on o.user_id = t.user_id
      where t.shares + t.clicks > 0
    ) as ranked
    where position <= ${limit}${input.alsoUserId ? sql` or "userId" = ${input.alsoUserId}` : sql``}
    order by position
  `.execute(db);
  return rows;
}

export interface AdvocacySignal {
  shares: number;
  clicks: number;
}

/**
 * For the advocacy score (issue 13): each person's shares (first intent from `since` on) and
 * counted clicks (from `since` on), in one query. People without any are absent from the map.
 */
export async function advocacySignals(db: DB, userIds: readonly string[], since: Date, timeZone: string = getEnv().COMPANY_TIME_ZONE): Promise<Map<string, AdvocacySignal>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await sql<{ userId: string; shares: number; clicks: number }>`
    with ${sharesCte(timeZone, sql`l.user_id = any(${[...userIds]}::uuid[])`)},
    ${clicksCte(timeZone, sql`${since.toISOString()}::timestamptz`)}
    select e.user_id as "userId", sum(e.shares)::int as shares, sum(e.clicks)::int as clicks
    from (
      select user_id, 1 as shares, 0 as clicks from shares where shared_at >= ${since.toISOString()}::timestamptz
      union all
      select user_id, 0, clicks from clicks
    ) as e
    group by e.user_id
  `.execute(db);
  return new Map(rows.map((row) => [row.userId, { shares: row.shares, clicks: row.clicks }]));
}
