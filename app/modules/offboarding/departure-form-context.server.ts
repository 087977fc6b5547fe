import type { CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { dateContextSelection, readDateContext } from "./date-window.server";
import { readTaskOwnerOptions, taskOwnerOptionsSelection } from "./departure-tasks-admin.server";

/**
 * What a departure page's forms need besides the departure, in one round trip: HR's date window, the
 * company holidays around the recorded last day and any usual one HR may move it to (for the "not a
 * working day" warning), and the owners a new task may get. Each was a query of its own (four with
 * the owners' teams and people); a query costs the server more than most of what it returns.
 */
export async function loadDepartureFormContext(db: DB, today: CalendarDay, lastDay: CalendarDay) {
  const row = await db.selectNoFrom((eb) => [...dateContextSelection(today, lastDay)(eb), ...taskOwnerOptionsSelection(eb)]).executeTakeFirstOrThrow();
  return { ...readDateContext(row), owners: readTaskOwnerOptions(row) };
}
