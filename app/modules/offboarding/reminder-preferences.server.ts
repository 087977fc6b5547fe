import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import type { Locale } from "../../../db/schema";

/** When a task owner's daily digest arrives (an hour in the company's time zone) and its language. */
export interface ReminderPreferences {
  reminderHour: number;
  locale: Locale;
}

export async function getReminderPreferences(db: DB, userId: string): Promise<ReminderPreferences | undefined> {
  const row = await db.selectFrom("users").select(["reminder_hour", "locale"]).where("id", "=", userId).executeTakeFirst();
  return row ? { reminderHour: row.reminder_hour, locale: row.locale } : undefined;
}

/** Saves both settings and records the change (the values are not personal data). */
export async function updateReminderPreferences(userId: string, preferences: ReminderPreferences): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("users").select(["reminder_hour", "locale"]).where("id", "=", userId).forUpdate().executeTakeFirst();
      if (!before) return;
      if (before.reminder_hour === preferences.reminderHour && before.locale === preferences.locale) return;
      await trx
        .updateTable("users")
        .set({ reminder_hour: preferences.reminderHour, locale: preferences.locale, updated_at: new Date() })
        .where("id", "=", userId)
        .execute();
      await recordAudit(trx, {
        actorUserId: userId,
        action: "tasks.reminder_preferences_updated",
        subjectType: "user",
        subjectId: userId,
        data: { reminderHour: [before.reminder_hour, preferences.reminderHour], locale: [before.locale, preferences.locale] },
      });
    });
}
