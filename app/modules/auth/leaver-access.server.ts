import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";

/**
 * Whether a leaver's own access is over: the sign-in rule (magic-link.server refuses generic links
 * after the last day) and the alumni transition (which acts once it is over) ask the same question.
 * Here in auth, below alumni, because sign-in must not depend on the alumni domain.
 */

/** True once every current departure of the person ended before `today`; false with none. */
export async function leaverAccessEnded(db: DB, userId: string, today: CalendarDay = todayIn(getEnv().COMPANY_TIME_ZONE, new Date())): Promise<boolean> {
  const row = await db
    .selectFrom("departures")
    .select((eb) => eb.fn.max("last_day").as("lastDay"))
    .where("leaver_user_id", "=", userId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();
  const lastDay = row?.lastDay as CalendarDay | null | undefined;
  return typeof lastDay === "string" && lastDay < today;
}
