import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { sendEmail } from "~/modules/email/send-email.server";
import type { DEFAULT_TEAMS } from "~/modules/offboarding/defaults.server";
import { loadHolidays } from "~/modules/offboarding/holidays.server";
import { addBusinessDays, isBusinessDay, todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { FOLLOW_UP_TASK } from "./follow-up-task";
import { addressSuppressedSql } from "~/modules/email/suppressed-addresses.server";

/**
 * What a segment leads to (docs/decisions/029), once per person and route, ever:
 *
 * - a promoter who is an active alumnus with a confirmed address, whose latest `share_feed` choice
 *   is a grant and whose address is not suppressed gets ONE ambassador invitation email. Dropping to
 *   passive and coming back does not send another: the ledger row stays;
 * - a detractor gets ONE follow-up task for the People team on their latest departure. The task
 *   says nothing of the score or the answers (task owners who are not HR admins may read it); HR
 *   admins see why on the segments page;
 * - passives and unknowns: nothing (the newsletter they chose, if any).
 *
 * The ledger (`advocacy_routes`, primary key (user, route)) is written in the same transaction as
 * the email or the task, by an `insert … select … on conflict do nothing` that re-checks the
 * segment: of two runs at once only one inserts, and only that one writes the email or the task.
 */

export const AMBASSADOR_ROUTE = "ambassador_invitation";
export const FOLLOW_UP_ROUTE = "detractor_follow_up";

/** The team that owns follow-ups: the People team of the default teams, created when missing. */
export const FOLLOW_UP_TEAM: (typeof DEFAULT_TEAMS)[number] = "People team";

/** A follow-up is due this many business days after it is created. */
export const FOLLOW_UP_BUSINESS_DAYS = 5;

export interface RoutingOutcome {
  ambassadorInvitations: number;
  followUpTasks: number;
}

interface AmbassadorCandidate {
  user_id: string;
  name: string;
  email: string;
  locale: "en" | "fr";
}

/** Promoters who may be invited and were never invited. One query. */
async function ambassadorCandidates(db: DB): Promise<AmbassadorCandidate[]> {
  const { rows } = await sql<AmbassadorCandidate>`
    select s.user_id, u.name, p.personal_email as email, u.locale
    from advocacy_scores as s
    join users as u on u.id = s.user_id
    join alumni_profiles as p on p.user_id = s.user_id
    where s.segment = 'promoter'
      and u.role = 'alumnus' and u.status = 'active'
      and p.status = 'active' and p.personal_email_confirmed_at is not null
      and (select c.granted from consent_events as c
           where c.user_id = s.user_id and c.purpose = 'share_feed'
           order by c.id desc limit 1) is true
      and not ${addressSuppressedSql(sql`p.personal_email`)}
      and not exists (select 1 from advocacy_routes as r where r.user_id = s.user_id and r.route = ${AMBASSADOR_ROUTE})
    order by s.computed_at, s.user_id
  `.execute(db);
  return rows;
}

interface FollowUpCandidate {
  user_id: string;
  departure_id: string;
}

/** Detractors with a departure who have no follow-up yet, each with their latest departure. One query. */
async function followUpCandidates(db: DB): Promise<FollowUpCandidate[]> {
  const { rows } = await sql<FollowUpCandidate>`
    select s.user_id, d.id as departure_id
    from advocacy_scores as s
    join lateral (
      select id from departures
      where leaver_user_id = s.user_id and status <> 'cancelled'
      order by last_day desc, created_at desc
      limit 1
    ) as d on true
    where s.segment = 'detractor'
      and not exists (select 1 from advocacy_routes as r where r.user_id = s.user_id and r.route = ${FOLLOW_UP_ROUTE})
    order by s.computed_at, s.user_id
  `.execute(db);
  return rows;
}

/**
 * Inserts the ledger row if the person is still in `segment` and was never routed this way; true
 * when this call inserted it (and so owns the side effect).
 */
async function claimRoute(trx: DB, userId: string, route: string, segment: "promoter" | "detractor"): Promise<boolean> {
  const { rows } = await sql<{ user_id: string }>`
    insert into advocacy_routes (user_id, route, score)
    select s.user_id, ${route}, s.score from advocacy_scores as s where s.user_id = ${userId} and s.segment = ${segment}
    on conflict (user_id, route) do nothing
    returning user_id
  `.execute(trx);
  return rows.length > 0;
}

async function inviteAmbassador(db: DB, candidate: AmbassadorCandidate): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimRoute(trx, candidate.user_id, AMBASSADOR_ROUTE, "promoter"))) return false;
    const appUrl = getAppUrl();
    const { emailId } = await sendEmail({
      trx,
      to: candidate.email,
      template: "ambassador-invitation",
      props: { feedUrl: `${appUrl}/alumni`, preferencesUrl: `${appUrl}/alumni/preferences`, name: candidate.name },
      locale: candidate.locale,
      userId: candidate.user_id,
    });
    await trx.updateTable("advocacy_routes").set({ email_id: emailId }).where("user_id", "=", candidate.user_id).where("route", "=", AMBASSADOR_ROUTE).execute();
    await recordAudit(trx, { actorUserId: null, action: "scoring.ambassador_invited", subjectType: "user", subjectId: candidate.user_id });
    return true;
  });
}

/** The People team's id, created when it is missing (a second run at once finds the first one's). */
async function followUpTeamId(trx: DB): Promise<string> {
  const find = () => trx.selectFrom("teams").select("id").where(sql<string>`lower(name)`, "=", FOLLOW_UP_TEAM.toLowerCase()).executeTakeFirst();
  const existing = await find();
  if (existing) return existing.id;
  await trx.insertInto("teams").values({ name: FOLLOW_UP_TEAM }).onConflict((oc) => oc.doNothing()).execute();
  return (await find())!.id;
}

/**
 * How many business days from `from` to `to` (negative when `to` is earlier): the offset that
 * dates a task anchored on the last day to `to`, so that it keeps its place if the dates move.
 */
export function businessDaysBetween(from: CalendarDay, to: CalendarDay, holidays: ReadonlySet<CalendarDay>): number {
  if (to === from) return 0;
  const step = to > from ? 1 : -1;
  let offset = 0;
  while (addBusinessDays(from, offset, holidays) !== to) {
    offset += step;
    // `to` is a business day (addBusinessDays's result): a bounded walk, a guard for the impossible.
    if (Math.abs(offset) > 100_000) throw new RangeError(`No business-day offset from ${from} to ${to}`);
  }
  return offset;
}

async function createFollowUp(db: DB, candidate: FollowUpCandidate, today: CalendarDay): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimRoute(trx, candidate.user_id, FOLLOW_UP_ROUTE, "detractor"))) return false;
    const departure = await trx.selectFrom("departures").select(["last_day"]).where("id", "=", candidate.departure_id).forUpdate().executeTakeFirstOrThrow();
    const holidays = await loadHolidays(trx);
    const due = addBusinessDays(today, FOLLOW_UP_BUSINESS_DAYS, holidays);
    const lastDay = isBusinessDay(departure.last_day, holidays) ? departure.last_day : addBusinessDays(departure.last_day, 0, holidays);
    const teamId = await followUpTeamId(trx);
    const { next } = await trx
      .selectFrom("departure_tasks")
      .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as("next"))
      .where("departure_id", "=", candidate.departure_id)
      .executeTakeFirstOrThrow();
    const task = await trx
      .insertInto("departure_tasks")
      .values({
        departure_id: candidate.departure_id,
        template_task_id: null,
        title_en: FOLLOW_UP_TASK.title.en,
        title_fr: FOLLOW_UP_TASK.title.fr,
        description_en: FOLLOW_UP_TASK.description.en,
        description_fr: FOLLOW_UP_TASK.description.fr,
        category: "communication",
        owner_user_id: null,
        owner_team_id: teamId,
        anchor: "last_day",
        offset_business_days: businessDaysBetween(lastDay, due, holidays),
        before_last_day: false,
        position: Number(next),
        due_date: due,
      })
      .returning(["id", "category", "due_date"])
      .executeTakeFirstOrThrow();
    await trx.updateTable("advocacy_routes").set({ task_id: task.id }).where("user_id", "=", candidate.user_id).where("route", "=", FOLLOW_UP_ROUTE).execute();
    await trx.updateTable("departures").set({ updated_at: new Date() }).where("id", "=", candidate.departure_id).execute();
    // The departure's history shows the task like any added task; the score stays out of it.
    await recordAudit(trx, {
      actorUserId: null,
      action: "departure.task_added",
      subjectType: "departure",
      subjectId: candidate.departure_id,
      data: {
        taskId: task.id,
        title: FOLLOW_UP_TASK.title.en,
        titleFr: FOLLOW_UP_TASK.title.fr,
        category: task.category,
        changes: { due_date: [null, task.due_date] },
      },
    });
    return true;
  });
}

/** Routes every promoter and detractor not yet routed. Safe to run several times at once. */
export async function routeSegments(db: DB, options: { now?: Date; timeZone: string }): Promise<RoutingOutcome> {
  const today = todayIn(options.timeZone, options.now ?? new Date());
  const outcome: RoutingOutcome = { ambassadorInvitations: 0, followUpTasks: 0 };
  for (const candidate of await ambassadorCandidates(db)) {
    if (await inviteAmbassador(db, candidate)) outcome.ambassadorInvitations += 1;
  }
  for (const candidate of await followUpCandidates(db)) {
    if (await createFollowUp(db, candidate, today)) outcome.followUpTasks += 1;
  }
  return outcome;
}
