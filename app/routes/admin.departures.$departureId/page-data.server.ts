import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import {
  findDepartureDetail,
  groupTasksByCategory,
  listDepartureTaskViews,
  summariseTasks,
} from "~/modules/offboarding/departure-queries.server";
import { loadDepartureFormContext } from "~/modules/offboarding/departure-form-context.server";
import { listDepartureTimeline, TIMELINE_LIMIT } from "~/modules/offboarding/timeline.server";
import { exitFlowStatus } from "~/modules/responses/exit-flow-status.server";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/** What the page says after a change (the action redirects here with ?notice=…, no resubmission on reload). */
const noticeSchema = z.object({
  notice: z.enum(["created", "existed", "updated", "cancelled", "taskAdded", "taskUpdated", "taskRemoved", "personalEmailSaved", "personalEmailRemoved"]),
  redated: z.coerce.number().int().min(0).max(100_000).optional(),
});

/** Everything the departure page shows, in the viewer's language; null when there is no such departure. */
export async function loadDeparturePage(departureId: string, url: URL, locale: AppLocale) {
  const db = getDb();
  const departure = await findDepartureDetail(db, departureId, locale);
  if (!departure) return null;
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone);
  const [tasks, timeline, exitFlow, reference] = await Promise.all([
    listDepartureTaskViews(db, departure, today, locale),
    listDepartureTimeline(db, departure.id, { locale }),
    exitFlowStatus(db, departure.id, today),
    loadDepartureFormContext(db, today, departure.lastDay),
  ]);
  const { window, holidays, owners } = reference;
  const notice = noticeSchema.safeParse({
    notice: url.searchParams.get("notice") ?? undefined,
    redated: url.searchParams.get("redated") ?? undefined,
  });
  return {
    locale,
    timeZone,
    dateContext: { today, window },
    holidays,
    departure,
    progress: summariseTasks(tasks),
    groups: groupTasksByCategory(tasks),
    timeline,
    // Sent with the data: a .server module's constants do not exist in the browser.
    timelineLimit: TIMELINE_LIMIT,
    exitFlow,
    owners,
    notice: notice.success ? notice.data : null,
  };
}
