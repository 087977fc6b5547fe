import { sql, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { inSegmentSql } from "~/modules/scoring/segments.server";
import { ADVOCACY_AUDIENCE_SEGMENTS, type Audience } from "./audience";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";

/**
 * The newsletter's eligible recipients, as one SELECT that both the count shown before sending and
 * the snapshot (an INSERT … SELECT) use, so what HR is shown is what is sent:
 *
 * - alumni whose profile is active and whose personal email is confirmed;
 * - whose latest `newsletter` row in the consent ledger is a grant (no row, or a later withdrawal,
 *   means no);
 * - whose lower-cased address is not suppressed (unsubscribed, bounced, complained, added by HR);
 * - who want every issue, or (`monthly`, docs/decisions/032) are not already a recipient of an
 *   issue started this calendar month in the company's time zone: a recipient row still pending or
 *   submitted counts (an issue being sent now included); a failed or suppressed one does not, since
 *   that mail never reached them;
 * - narrowed by the issue's audience: the departure's department (with its sub-departments) and leaving year (the calendar year
 *   of its last day), and the share-feed or advocacy segment.
 *
 * One row per mailbox (the same address on two profiles gets one copy), in the language of the
 * person's account. Columns: user_id, email, locale.
 */
export function eligibleRecipients(audience: Audience): RawBuilder<{ user_id: string; email: string; locale: "en" | "fr" }> {
  const filters: RawBuilder<unknown>[] = [];
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  if (audience.departmentIds?.length) {
    // A department stands for its whole subtree, as everywhere HR filters by department.
    filters.push(sql`and d.department_id in (
      with recursive chosen as (
        select id from departments where id = any(${audience.departmentIds}::uuid[])
        union
        select child.id from departments child join chosen on child.parent_id = chosen.id
      ) select id from chosen)`);
  }
  if (audience.leavingYears?.length) filters.push(sql`and extract(year from d.last_day)::int = any(${audience.leavingYears}::int[])`);
  if (audience.segment === "sharers" || audience.segment === "nonSharers") {
    const shared = sql`exists (select 1 from share_intents si join tracked_links l on l.id = si.link_id where l.user_id = p.user_id)`;
    filters.push(audience.segment === "sharers" ? sql`and ${shared}` : sql`and not ${shared}`);
  } else if (audience.segment) {
    filters.push(sql`and ${inSegmentSql(ADVOCACY_AUDIENCE_SEGMENTS[audience.segment], sql.ref("p.user_id"))}`);
  }
  return sql<{ user_id: string; email: string; locale: "en" | "fr" }>`
    select distinct on (lower(p.personal_email)) p.user_id, p.personal_email as email, u.locale
    from alumni_profiles p
    join users u on u.id = p.user_id
    left join departures d on d.id = p.departure_id
    where p.status = 'active'
      and p.personal_email_confirmed_at is not null
      and (select c.granted from consent_events c
           where c.user_id = p.user_id and c.purpose = 'newsletter'
           order by c.id desc limit 1) is true
      and not ${addressSuppressedSql(sql`p.personal_email`)}
      and (p.newsletter_frequency = 'every_issue' or not exists (
        select 1 from newsletter_recipients r join newsletter_issues i on i.id = r.issue_id
        where r.user_id = p.user_id and r.status in ('pending', 'submitted')
          and i.started_at >= (date_trunc('month', now() at time zone ${timeZone}) at time zone ${timeZone})))
      ${sql.join(filters, sql` `)}
    order by lower(p.personal_email), p.user_id
  `;
}

/** How many people an issue with this audience would reach now (shown before scheduling). */
export async function countAudience(db: DB, audience: Audience): Promise<number> {
  const { rows } = await sql<{ count: string | number }>`select count(*) as count from (${eligibleRecipients(audience)}) eligible`.execute(db);
  return Number(rows[0]?.count ?? 0);
}
