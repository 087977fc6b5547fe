import { sql, type ExpressionBuilder } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { recordAudit } from "~/modules/auth/audit.server";
import type { CalendarDay } from "~/utils/calendar-days";
import type { Database, DB } from "~/utils/db.server";
import { DEFAULT_DATE_WINDOW, type DateWindow } from "./date-window";

/** HR's window of usual departure dates (date-window.ts), stored in one row. */

export async function getDateWindow(db: DB): Promise<DateWindow & { updatedAt: Date }> {
  const row = await db.selectFrom("departure_date_settings").select(["past_days", "future_days", "updated_at"]).executeTakeFirst();
  // The migration inserts the row; a database emptied by hand falls back to the defaults.
  if (!row) return { ...DEFAULT_DATE_WINDOW, updatedAt: new Date(0) };
  return { pastDays: row.past_days, futureDays: row.future_days, updatedAt: row.updated_at };
}

/**
 * HR's window and the company holidays a form's dates can fall on (from the earliest usual day, or
 * `around` if earlier, to the latest usual day, or `around` if later), as two JSON columns of a query
 * without a table: a page reads them in one round trip, with whatever else it selects beside them.
 * `readDateContext` turns the row into values.
 */
export function dateContextSelection(today: CalendarDay, around: CalendarDay = today) {
  const setting = (column: "past_days" | "future_days") =>
    sql<number>`coalesce((select ${sql.ref(column)} from departure_date_settings), ${column === "past_days" ? DEFAULT_DATE_WINDOW.pastDays : DEFAULT_DATE_WINDOW.futureDays}::int)`;
  return (eb: ExpressionBuilder<Database, never>) => [
    jsonObjectFrom(eb.selectFrom("departure_date_settings").select(["past_days", "future_days"])).as("date_window"),
    jsonArrayFrom(
      eb
        .selectFrom("company_holidays")
        .select(["day", "name"])
        .where("day", ">=", sql<CalendarDay>`least(${around}::date, ${today}::date - ${setting("past_days")})`)
        .where("day", "<=", sql<CalendarDay>`greatest(${around}::date, ${today}::date + ${setting("future_days")})`)
        .orderBy("day"),
    ).as("holidays"),
  ];
}

/** HR's window and the holidays within it (or reaching `around`), in one query. */
export async function loadDateContext(db: DB, today: CalendarDay, around: CalendarDay = today) {
  return readDateContext(await db.selectNoFrom(dateContextSelection(today, around)).executeTakeFirstOrThrow());
}

export function readDateContext(row: {
  date_window: { past_days: number; future_days: number } | null;
  holidays: Array<{ day: CalendarDay; name: string }>;
}): { window: DateWindow; holidays: Array<{ day: CalendarDay; name: string }> } {
  const window = row.date_window ? { pastDays: row.date_window.past_days, futureDays: row.date_window.future_days } : DEFAULT_DATE_WINDOW;
  return { window, holidays: row.holidays };
}

/** Saves the window (already validated by dateWindowSchema) and audits the change with its before and after. */
export async function updateDateWindow(db: DB, input: DateWindow & { actorUserId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getDateWindow(trx);
    const values = { past_days: input.pastDays, future_days: input.futureDays, updated_by: input.actorUserId };
    await trx
      .insertInto("departure_date_settings")
      .values({ id: true, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: "departure_dates.window_changed",
      subjectType: "departure_date_settings",
      data: {
        before: { pastDays: before.pastDays, futureDays: before.futureDays },
        after: { pastDays: input.pastDays, futureDays: input.futureDays },
      },
    });
  });
}
