import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB } from "~/utils/db.server";
import type { CalendarDay } from "~/utils/calendar-days";
import { DomainFailure } from "~/utils/failures";
import type { ActorOptions } from "./settings-actor";

/**
 * The company's holidays, which business-day offsets skip. Changing them affects the tasks dated
 * from now on (and open tasks re-dated when a departure's dates change), never the dates already
 * given to tasks.
 */

export interface HolidayYear {
  year: number;
  count: number;
}

/** The years that have holidays, newest first, for the year navigation. */
export async function listHolidayYears(db: DB): Promise<HolidayYear[]> {
  const rows = await db
    .selectFrom("company_holidays")
    .select([sql<number>`extract(year from day)::int`.as("year"), sql<string>`count(*)`.as("count")])
    .groupBy(sql`extract(year from day)`)
    .orderBy("year", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => ({ year: Number(row.year), count: Number(row.count) }));
}

/** One year's holidays in date order (a year is bounded: at most 366 rows). */
export async function listHolidays(db: DB, year: number): Promise<{ day: CalendarDay; name: string }[]> {
  return db
    .selectFrom("company_holidays")
    .select(["day", "name"])
    .where("day", ">=", `${year}-01-01`)
    .where("day", "<=", `${year}-12-31`)
    .orderBy("day")
    .execute();
}

export async function addHoliday(input: { day: CalendarDay; name: string }, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const existing = await trx.selectFrom("company_holidays").select("name").where("day", "=", input.day).executeTakeFirst();
      if (existing) throw DomainFailure.conflict("day", "holiday.dayTaken", { name: existing.name });
      await trx.insertInto("company_holidays").values({ day: input.day, name: input.name }).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "holiday.added",
        subjectType: "company_holiday",
        subjectId: input.day,
        data: { day: input.day, name: input.name },
      });
    });
}

export async function removeHoliday(day: CalendarDay, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const removed = await trx.deleteFrom("company_holidays").where("day", "=", day).returning(["day", "name"]).executeTakeFirst();
      if (!removed) throw DomainFailure.notFound("common.notFound");
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "holiday.removed",
        subjectType: "company_holiday",
        subjectId: day,
        data: { day: removed.day, name: removed.name },
      });
    });
}
