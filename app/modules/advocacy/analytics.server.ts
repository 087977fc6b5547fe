import { sql } from "kysely";
import type { FeedKind } from "../../../db/schema";
import { addCalendarDays, todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { clicksCte, sharesCte, standings, startOfDay, type Standing } from "./activity.server";
import { clicksPerShare, earnedMediaValueMinor, type AdvocacySettings, type AnalyticsPeriod } from "./rules";
import { getAdvocacySettings } from "./settings.server";

export { advocacySignals, type AdvocacySignal } from "./activity.server";

/**
 * HR's share analytics (issue 11, ADR 021) over a period of company days ending today: per item,
 * per source, the opted-in advocates and the earned media value. Every number is aggregated in SQL,
 * a fixed number of queries whatever the data: the settings, the items (with the period's totals
 * as window sums over all items, not only the rows shown), the sources, and the advocates.
 */

/** The items table shows the 50 with the most clicks, then shares; the totals count every item. */
export const ANALYTICS_ITEMS_MAX = 50;
export const ANALYTICS_SOURCES_MAX = 20;
export const ANALYTICS_ADVOCATES_MAX = 100;

export interface ItemRow {
  id: string;
  title: string;
  kind: FeedKind;
  /** Null for a company post written by HR. */
  sourceName: string | null;
  linkedin: number;
  x: number;
  facebook: number;
  shares: number;
  clicks: number;
  clicksPerShare: number | null;
}

export interface SourceRow {
  /** Null: HR's company posts, one row. */
  sourceId: string | null;
  name: string | null;
  shares: number;
  clicks: number;
}

export interface ShareAnalytics {
  period: AnalyticsPeriod;
  fromDay: CalendarDay;
  today: CalendarDay;
  settings: AdvocacySettings;
  totals: { items: number; linkedin: number; x: number; facebook: number; shares: number; clicks: number; clicksPerShare: number | null };
  items: ItemRow[];
  sources: SourceRow[];
  /** Null when HR switched the leaderboard off: then nobody is listed by name. */
  advocates: Standing[] | null;
  emv: { currency: string; minor: number };
}

interface ItemSqlRow {
  id: string;
  title: string;
  kind: FeedKind;
  source_name: string | null;
  linkedin: number;
  x: number;
  facebook: number;
  shares: number;
  clicks: number;
  item_count: number;
  total_linkedin: number;
  total_x: number;
  total_facebook: number;
  total_shares: number;
  total_clicks: number;
}

/** `per_item (feed_item_id, linkedin, x, facebook, shares, clicks)`: the period's shares and counted clicks. */
function perItemSql(timeZone: string, fromDay: CalendarDay) {
  const since = startOfDay(fromDay, timeZone);
  return sql`
    ${sharesCte(timeZone)},
    ${clicksCte(timeZone, since)},
    per_item as (
      select feed_item_id,
        sum(linkedin)::int as linkedin, sum(x)::int as x, sum(facebook)::int as facebook,
        sum(shares)::int as shares, sum(clicks)::int as clicks
      from (
        select feed_item_id, (channel = 'linkedin')::int as linkedin, (channel = 'x')::int as x, (channel = 'facebook')::int as facebook, 1 as shares, 0 as clicks
        from shares
        where shared_at >= ${since}
        union all
        select feed_item_id, 0, 0, 0, 0, clicks from clicks
      ) as e
      group by feed_item_id
    )`;
}

export async function shareAnalytics(
  db: DB,
  input: { period: AnalyticsPeriod; now?: Date; timeZone?: string },
): Promise<ShareAnalytics> {
  const timeZone = input.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, input.now ?? new Date());
  const fromDay = addCalendarDays(today, -(input.period - 1));
  const settings = await getAdvocacySettings(db);

  const itemsQuery = sql<ItemSqlRow>`
    with ${perItemSql(timeZone, fromDay)}
    select fi.id, fi.title, fi.kind, src.name as source_name, p.linkedin, p.x, p.facebook, p.shares, p.clicks,
      (count(*) over ())::int as item_count,
      (sum(p.linkedin) over ())::int as total_linkedin,
      (sum(p.x) over ())::int as total_x,
      (sum(p.facebook) over ())::int as total_facebook,
      (sum(p.shares) over ())::int as total_shares,
      (sum(p.clicks) over ())::int as total_clicks
    from per_item as p
    join feed_items as fi on fi.id = p.feed_item_id
    left join feed_sources as src on src.id = fi.source_id
    order by p.clicks desc, p.shares desc, fi.title, fi.id
    limit ${ANALYTICS_ITEMS_MAX}
  `.execute(db);

  const sourcesQuery = sql<SourceRow>`
    with ${perItemSql(timeZone, fromDay)}
    select fi.source_id as "sourceId", src.name, sum(p.shares)::int as shares, sum(p.clicks)::int as clicks
    from per_item as p
    join feed_items as fi on fi.id = p.feed_item_id
    left join feed_sources as src on src.id = fi.source_id
    group by fi.source_id, src.name
    order by clicks desc, shares desc, src.name nulls first
    limit ${ANALYTICS_SOURCES_MAX}
  `.execute(db);

  const advocatesQuery = settings.leaderboardEnabled
    ? standings(db, { fromDay, timeZone, rules: settings.points, limit: ANALYTICS_ADVOCATES_MAX })
    : Promise.resolve(null);

  const [items, sources, advocates] = await Promise.all([itemsQuery, sourcesQuery, advocatesQuery]);
  const first = items.rows[0];
  const totals = {
    items: first?.item_count ?? 0,
    linkedin: first?.total_linkedin ?? 0,
    x: first?.total_x ?? 0,
    facebook: first?.total_facebook ?? 0,
    shares: first?.total_shares ?? 0,
    clicks: first?.total_clicks ?? 0,
  };
  return {
    period: input.period,
    fromDay,
    today,
    settings,
    totals: { ...totals, clicksPerShare: clicksPerShare(totals.shares, totals.clicks) },
    items: items.rows.map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.kind,
      sourceName: row.source_name,
      linkedin: row.linkedin,
      x: row.x,
      facebook: row.facebook,
      shares: row.shares,
      clicks: row.clicks,
      clicksPerShare: clicksPerShare(row.shares, row.clicks),
    })),
    sources: sources.rows,
    advocates,
    emv: { currency: settings.emv.currency, minor: earnedMediaValueMinor(totals.shares, totals.clicks, settings.emv) },
  };
}
