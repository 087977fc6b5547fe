import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { DB } from "~/utils/db.server";
import { ROLES, type Role } from "~/modules/auth/users.server";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { departureFiguresSelection, readDepartureFigures, type DepartureFigures } from "~/modules/offboarding/departure-queries.server";
import { getEnv } from "~/utils/env.server";

/** What the HR home page can count today: accounts, email traffic and departures. */
export interface AdminOverview {
  /** Accounts per role, every status included (invited, active, disabled). */
  peopleByRole: Record<Role, number>;
  totalPeople: number;
  /** The window the email counts cover. */
  emailWindowDays: number;
  /** Emails created in the window, whatever became of them. */
  emailsInWindow: number;
  /** Emails created in the window that could not be delivered. */
  failedEmailsInWindow: number;
  /** Departures in progress, last days coming up, overdue checklist tasks. */
  departures: DepartureFigures;
}

export const EMAIL_WINDOW_DAYS = 7;

export async function getAdminOverview(
  db: DB,
  now: Date = new Date(),
  today: CalendarDay = todayIn(getEnv().COMPANY_TIME_ZONE, now),
): Promise<AdminOverview> {
  const since = new Date(now.getTime() - EMAIL_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  // Every count in one round trip: each is a subquery of a query without a table.
  const row = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(eb.selectFrom("users").select(["role", sql<number>`count(*)::int`.as("count")]).groupBy("role")).as("roles"),
      jsonObjectFrom(
        eb
          .selectFrom("emails")
          .select([sql<number>`count(*)::int`.as("total"), sql<number>`(count(*) filter (where status = 'failed'))::int`.as("failed")])
          .where("created_at", ">=", since),
      ).as("emails"),
      ...departureFiguresSelection(today)(eb),
    ])
    .executeTakeFirstOrThrow();
  const roleRows = row.roles;
  const emailRow = { total: row.emails?.total ?? 0, failed: row.emails?.failed ?? 0 };
  const departures = readDepartureFigures(row);

  const peopleByRole = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
  for (const row of roleRows) peopleByRole[row.role] = Number(row.count);
  return {
    peopleByRole,
    totalPeople: Object.values(peopleByRole).reduce((sum, count) => sum + count, 0),
    emailWindowDays: EMAIL_WINDOW_DAYS,
    emailsInWindow: Number(emailRow.total),
    failedEmailsInWindow: Number(emailRow.failed),
    departures,
  };
}
