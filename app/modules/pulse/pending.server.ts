import type { CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { pulseAnswerToken } from "./pulse-links.server";

/**
 * The pulse a person could answer now, for the alumni home: one they were sent (their delivery is
 * queued, not skipped), still taking answers (open, its closing day not past), and not answered yet.
 * The newest one when there are several. One query.
 */
export async function pendingPulseFor(db: DB, userId: string, today: CalendarDay): Promise<{ answerPath: string; closesOn: CalendarDay } | null> {
  const row = await db
    .selectFrom("pulse_deliveries as d")
    .innerJoin("pulses as p", "p.id", "d.pulse_id")
    .select(["p.id", "p.closes_on"])
    .where("d.user_id", "=", userId)
    .where("d.status", "=", "queued")
    .where("p.status", "in", ["sending", "open"])
    .where("p.closes_on", ">=", today)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("pulse_answers as a").select("a.user_id").whereRef("a.pulse_id", "=", "p.id").where("a.user_id", "=", userId))))
    .orderBy("p.send_at", "desc")
    .limit(1)
    .executeTakeFirst();
  // The same signed path the pulse email links to (pulse-links.server.ts); the person is signed in here.
  return row ? { answerPath: `/pulse/${pulseAnswerToken({ pulseId: row.id, userId })}`, closesOn: row.closes_on } : null;
}
