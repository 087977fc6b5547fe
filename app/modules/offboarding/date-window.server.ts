import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { DEFAULT_DATE_WINDOW, type DateWindow } from "./date-window";

/** HR's window of usual departure dates (date-window.ts), stored in one row. */

export async function getDateWindow(db: DB): Promise<DateWindow & { updatedAt: Date }> {
  const row = await db.selectFrom("departure_date_settings").select(["past_days", "future_days", "updated_at"]).executeTakeFirst();
  // The migration inserts the row; a database emptied by hand falls back to the defaults.
  if (!row) return { ...DEFAULT_DATE_WINDOW, updatedAt: new Date(0) };
  return { pastDays: row.past_days, futureDays: row.future_days, updatedAt: row.updated_at };
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
