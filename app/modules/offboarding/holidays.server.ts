import type { DB } from "~/utils/db.server";
import type { CalendarDay } from "~/utils/calendar-days";

/** The company's holidays as a set of calendar days, for business-day arithmetic. */
export async function loadHolidays(db: DB): Promise<Set<CalendarDay>> {
  const rows = await db.selectFrom("company_holidays").select("day").execute();
  return new Set(rows.map((r) => r.day));
}

