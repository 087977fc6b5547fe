import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { errorLogFields, isDomainFailure } from "~/utils/failures";
import { localized, localizedColumns } from "~/modules/i18n/localized-text";
import { sendEmail } from "~/modules/email/send-email.server";
import { logger } from "~/modules/platform/logger.server";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { yieldToEventLoop } from "~/utils/event-loop";
import type { Locale } from "../../../db/schema";
import { DIGEST_TASKS_PER_GROUP, type TaskDigestProps } from "../../../emails/task-digest";
import { ESCALATION_TASKS_LISTED } from "../../../emails/task-escalation";
import { hourIn, todayIn, type CalendarDay } from "~/utils/calendar-days";
import { ACTIVE_DEPARTURE_STATUSES, INBOX_ROLES } from "./inbox.server";
import { digestBucketOf, digestDates, type DigestBucket } from "./task-timing";

/**
 * The hourly reminder run: each task owner gets one digest a day, at the hour they chose (or at the
 * first run after it, when the job could not run at that hour), listing their open tasks that are
 * overdue, due in two days or due in seven days. Team tasks go to every member of the team.
 * Then tasks that had to be done before the leaver's last day and are still open on it are escalated,
 * once, to every HR admin. Cancelled and completed departures never remind.
 *
 * Only active accounts with a task inbox (INBOX_ROLES) are written to. A colleague who has left and
 * is an alumnus or a leaver now keeps the tasks assigned to them, but is never mailed about them:
 * HR's departure page marks those tasks for reassignment (listDepartureTaskViews, needsNewOwner).
 *
 * Idempotent: a digest is claimed by inserting (user, day) into task_digests in the same transaction
 * as the email, so a second run the same day (or a concurrent one) sends nothing new; a task is
 * escalated by setting escalated_at in the same transaction as the HR emails.
 */

export interface ReminderRunOptions {
  /** The instant the run acts for (tests pass a fixed one). */
  now?: Date;
  timeZone?: string;
}

export interface ReminderRunResult {
  today: CalendarDay;
  hour: number;
  digestsSent: number;
  tasksEscalated: number;
  escalationEmailsSent: number;
}


export async function runReminders(options: ReminderRunOptions = {}): Promise<ReminderRunResult> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, now);
  const hour = hourIn(timeZone, now);
  const digestsSent = await sendDigests(today, hour);
  const escalation = await escalateMissedLastDays(today, now);
  const result = { today, hour, digestsSent, ...escalation };
  logger.info(result, "task reminders run");
  return result;
}

interface DigestRow {
  user_id: string;
  email: string;
  user_name: string;
  locale: Locale;
  title_en: string;
  title_fr: string;
  due_date: CalendarDay;
  employee_name: string;
  team_name: string | null;
}

/**
 * Every (recipient, task) pair due in a digest now: open tasks of active departures due in exactly 7
 * or 2 days or already overdue, for owners whose hour has come today and who have no digest yet.
 * One query; team tasks fan out to the members through team_members.
 */
function digestRows(db: DB, today: CalendarDay, hour: number): Promise<DigestRow[]> {
  const { inTwoDays, inSevenDays } = digestDates(today);
  return db
    .selectFrom("departure_tasks")
    .innerJoin("departures", "departures.id", "departure_tasks.departure_id")
    .leftJoin("team_members", "team_members.team_id", "departure_tasks.owner_team_id")
    // Owners are a person or a team, never both: the person, or each member of the team.
    .innerJoin("users", (join) => join.on(sql<boolean>`users.id = coalesce(departure_tasks.owner_user_id, team_members.user_id)`))
    .leftJoin("teams", "teams.id", "departure_tasks.owner_team_id")
    .select([
      "users.id as user_id",
      "users.email",
      "users.name as user_name",
      "users.locale",
      "departure_tasks.title_en",
      "departure_tasks.title_fr",
      "departure_tasks.due_date",
      "departures.employee_name",
      "teams.name as team_name",
    ])
    .where("departure_tasks.status", "=", "open")
    .where("departures.status", "in", [...ACTIVE_DEPARTURE_STATUSES])
    .where((eb) =>
      eb.or([
        eb("departure_tasks.due_date", "<", today),
        eb("departure_tasks.due_date", "=", inTwoDays),
        eb("departure_tasks.due_date", "=", inSevenDays),
      ]),
    )
    .where("users.status", "=", "active")
    // Those with an inbox to open: a team member who is, say, an alumnus now gets nothing.
    .where("users.role", "in", [...INBOX_ROLES])
    // The chosen hour has come today: this run, or a later one catching up after a missed hour.
    .where("users.reminder_hour", "<=", hour)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("task_digests")
            .select(sql`1`.as("one"))
            .whereRef("task_digests.user_id", "=", "users.id")
            .where("task_digests.digest_date", "=", today),
        ),
      ),
    )
    .orderBy("users.id")
    .orderBy("departure_tasks.due_date")
    .orderBy("departures.employee_name")
    .orderBy("departure_tasks.position")
    .execute();
}

interface Recipient {
  userId: string;
  email: string;
  name: string;
  locale: Locale;
  props: Omit<TaskDigestProps, "name" | "inboxUrl" | "preferencesUrl">;
}

/** Groups the rows per recipient and bucket (overdue, in 2 days, in 7 days), keeping due-date order; titles in the recipient's language. */
export function buildDigests(rows: readonly DigestRow[], today: CalendarDay): Recipient[] {
  const byUser = new Map<string, Recipient>();
  for (const row of rows) {
    const bucket: DigestBucket | null = digestBucketOf(row.due_date, today);
    if (!bucket) continue;
    let recipient = byUser.get(row.user_id);
    if (!recipient) {
      const empty = () => ({ tasks: [], total: 0 });
      recipient = {
        userId: row.user_id,
        email: row.email,
        name: row.user_name,
        locale: row.locale,
        props: { overdue: empty(), inTwoDays: empty(), inSevenDays: empty() },
      };
      byUser.set(row.user_id, recipient);
    }
    const group = recipient.props[bucket];
    group.total += 1;
    if (group.tasks.length < DIGEST_TASKS_PER_GROUP) {
      group.tasks.push({ title: localized(localizedColumns(row, "title"), row.locale), personName: row.employee_name, dueDate: row.due_date, teamName: row.team_name });
    }
  }
  return [...byUser.values()];
}

async function sendDigests(today: CalendarDay, hour: number): Promise<number> {
  const recipients = buildDigests(await digestRows(getDb(), today, hour), today);
  let sent = 0;
  for (const recipient of recipients) {
    // Hundreds of owners can be due in one run, and it may run in the web process.
    await yieldToEventLoop();
    try {
      const claimed = await getDb()
        .transaction()
        .execute(async (trx) => {
          // The primary key (user, day) decides: a second run, even a concurrent one, claims nothing.
          const claim = await trx
            .insertInto("task_digests")
            .values({ user_id: recipient.userId, digest_date: today })
            .onConflict((oc) => oc.columns(["user_id", "digest_date"]).doNothing())
            .returning("user_id")
            .executeTakeFirst();
          if (!claim) return false;
          const { emailId } = await sendEmail({
            trx,
            to: recipient.email,
            template: "task-digest",
            locale: recipient.locale,
            userId: recipient.userId,
            props: {
              name: recipient.name,
              inboxUrl: `${getAppUrl()}/tasks`,
              preferencesUrl: `${getAppUrl()}/tasks/preferences`,
              ...recipient.props,
            },
          });
          await trx
            .updateTable("task_digests")
            .set({ email_id: emailId })
            .where("user_id", "=", recipient.userId)
            .where("digest_date", "=", today)
            .execute();
          return true;
        });
      if (claimed) sent += 1;
    } catch (error) {
      // One bad address must not hold up everyone else's digest; the next hourly run tries again.
      logger.error({ ...errorLogFields(error), userId: recipient.userId }, "task digest not sent");
    }
  }
  return sent;
}

interface EscalatedTaskRow {
  id: string;
  title_en: string;
  title_fr: string;
  due_date: CalendarDay;
  departure_id: string;
  employee_name: string;
  last_day: CalendarDay;
  department_name: string;
  team_name: string | null;
  owner_name: string | null;
}

/**
 * Open "before the last day" tasks of active departures whose last day has come escalate once: their
 * escalated_at is set and every active HR admin gets one email listing them, in one transaction.
 */
async function escalateMissedLastDays(
  today: CalendarDay,
  now: Date,
): Promise<{ tasksEscalated: number; escalationEmailsSent: number }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const admins = await trx
        .selectFrom("users")
        .select(["id", "email", "name", "locale"])
        .where("role", "=", "hr_admin")
        .where("status", "=", "active")
        .orderBy("id")
        .execute();
      if (admins.length === 0) {
        // Nobody to tell: leave the tasks unescalated so that the first HR admin hears of them.
        return { tasksEscalated: 0, escalationEmailsSent: 0 };
      }
      // Only rows still unescalated are updated: a concurrent run waits on the row locks, then finds none.
      const escalated = await trx
        .updateTable("departure_tasks")
        .set({ escalated_at: now, updated_at: now })
        .where("departure_tasks.id", "in", (eb) =>
          eb
            .selectFrom("departure_tasks as task")
            .innerJoin("departures", "departures.id", "task.departure_id")
            .select("task.id")
            .where("task.status", "=", "open")
            .where("task.before_last_day", "=", true)
            .where("task.escalated_at", "is", null)
            .where("departures.status", "in", [...ACTIVE_DEPARTURE_STATUSES])
            .where("departures.last_day", "<=", today),
        )
        .where("departure_tasks.escalated_at", "is", null)
        .where("departure_tasks.status", "=", "open")
        .returning("departure_tasks.id")
        .execute();
      if (escalated.length === 0) return { tasksEscalated: 0, escalationEmailsSent: 0 };

      const tasks: EscalatedTaskRow[] = await trx
        .selectFrom("departure_tasks")
        .innerJoin("departures", "departures.id", "departure_tasks.departure_id")
        .innerJoin("departments", "departments.id", "departures.department_id")
        .leftJoin("teams", "teams.id", "departure_tasks.owner_team_id")
        .leftJoin("users as owner", "owner.id", "departure_tasks.owner_user_id")
        .select([
          "departure_tasks.id",
          "departure_tasks.title_en",
          "departure_tasks.title_fr",
          "departure_tasks.due_date",
          "departure_tasks.departure_id",
          "departures.employee_name",
          "departures.last_day",
          "departments.name as department_name",
          "teams.name as team_name",
          "owner.name as owner_name",
        ])
        .where(
          "departure_tasks.id",
          "in",
          escalated.map((row) => row.id),
        )
        .orderBy("departures.last_day")
        .orderBy("departures.employee_name")
        .orderBy("departure_tasks.due_date")
        .orderBy("departure_tasks.position")
        .execute();

      for (const task of tasks) {
        await recordAudit(trx, {
          actorUserId: null,
          action: "task.escalated",
          subjectType: "departure",
          subjectId: task.departure_id,
          data: { taskId: task.id, taskTitle: task.title_en, taskTitleFr: task.title_fr },
        });
      }

      const appUrl = getAppUrl();
      // Each HR admin reads the titles in their own language.
      const listedIn = (locale: Locale) =>
        tasks.slice(0, ESCALATION_TASKS_LISTED).map((task) => ({
          title: localized(localizedColumns(task, "title"), locale),
          personName: task.employee_name,
          departmentName: task.department_name,
          lastDay: task.last_day,
          dueDate: task.due_date,
          // A task whose owner was deleted keeps its place in the list; "—" says nobody owns it.
          ownerName: task.team_name ?? task.owner_name ?? "—",
          departureUrl: `${appUrl}/admin/departures/${task.departure_id}`,
        }));
      let emailsSent = 0;
      for (const admin of admins) {
        try {
          await sendEmail({
            trx,
            to: admin.email,
            template: "task-escalation",
            locale: admin.locale,
            userId: admin.id,
            props: { name: admin.name, departuresUrl: `${appUrl}/admin/departures`, tasks: listedIn(admin.locale), total: tasks.length },
          });
          emailsSent += 1;
        } catch (error) {
          // sendEmail checks the envelope before writing anything: one bad address skips one admin only.
          if (!isDomainFailure(error)) throw error;
          logger.error({ ...errorLogFields(error), userId: admin.id }, "task escalation not sent to this HR admin");
        }
      }
      return { tasksEscalated: tasks.length, escalationEmailsSent: emailsSent };
    });
}
