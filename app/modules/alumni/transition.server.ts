import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { invalidateAllSessions } from "~/modules/auth/session.server";
import { leaverAccessEnded } from "~/modules/auth/leaver-access.server";
import { isStaffRole, STAFF_ROLES } from "~/modules/auth/users.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { logger } from "~/modules/platform/logger.server";
import { errorLogFields } from "~/utils/failures";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { findLeaverExit, lockPerson } from "./leaver.server";

/**
 * After the last day (company calendar) a leaver either becomes an alumnus or keeps no access.
 *
 * - Joined and confirmed: role `alumnus`, the account's address becomes the personal one (the work
 *   mailbox is the company's now), sessions and pending sign-in links end; they sign in again by
 *   magic link at the personal address. A staff member who left (a manager, someone in IT) goes the
 *   same way and loses everything staff: the password, the teams.
 * - Every other leaver: the sessions they opened up to the last day end. Generic sign-in links are
 *   refused (see mayUseMagicLink); the exit links keep working until the invitation expires, so the
 *   survey can still be answered, and the sessions they open end when it has expired.
 * - Every other staff member is left alone: closing a staff account is HR's decision, taken in the
 *   departure's tasks, not the job's.
 * A disabled account is never activated: HR closed it on purpose.
 * See docs/decisions/008-exit-flow-anonymity-and-consent.md, "Consent ledger" and "Staff who leave".
 */

function companyToday(now: Date, timeZone = getEnv().COMPANY_TIME_ZONE): CalendarDay {
  return todayIn(timeZone, now);
}

export type TransitionOutcome = "activated" | "email_in_use" | "not_eligible";

/**
 * Makes a leaver who joined and confirmed an alumnus. Call inside a transaction holding the person's
 * lock. An address already used by another account is left for HR (audited once).
 */
async function transitionToAlumnus(trx: DB, userId: string, now: Date): Promise<TransitionOutcome> {
  const profile = await trx
    .selectFrom("alumni_profiles")
    .innerJoin("users", "users.id", "alumni_profiles.user_id")
    .select([
      "alumni_profiles.personal_email",
      "alumni_profiles.personal_email_confirmed_at",
      "alumni_profiles.status",
      "users.role",
      "users.status as user_status",
    ])
    .where("alumni_profiles.user_id", "=", userId)
    .executeTakeFirst();
  const exit = await findLeaverExit(trx, userId);
  const eligible =
    profile !== undefined &&
    (profile.role === "leaver" || isStaffRole(profile.role)) &&
    profile.user_status !== "disabled" &&
    profile.status === "pending" &&
    profile.personal_email_confirmed_at !== null &&
    exit?.invitation?.alumniDecision === "joined";
  if (!profile || !eligible) return "not_eligible";

  const clash = await trx
    .selectFrom("users")
    .select("id")
    .where(sql<string>`lower(email)`, "=", profile.personal_email.toLowerCase())
    .where("id", "<>", userId)
    .executeTakeFirst();
  if (clash) {
    const alreadyReported = await trx
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "alumni.activation_blocked")
      .where("subject_id", "=", userId)
      .executeTakeFirst();
    if (!alreadyReported) {
      await recordAudit(trx, {
        actorUserId: null,
        action: "alumni.activation_blocked",
        subjectType: "user",
        subjectId: userId,
        data: { reason: "personal_email_used_by_another_account", otherUserId: clash.id },
      });
    }
    return "email_in_use";
  }

  // An alumnus signs in by magic link only: a staff member's password goes, and so do their teams
  // (team tasks would otherwise keep landing in the alumnus's inbox and digest).
  await trx
    .updateTable("users")
    .set({ role: "alumnus", email: profile.personal_email, status: "active", password_hash: null, updated_at: now })
    .where("id", "=", userId)
    .execute();
  await trx.deleteFrom("team_members").where("user_id", "=", userId).execute();
  await trx.updateTable("alumni_profiles").set({ status: "active", activated_at: now }).where("user_id", "=", userId).execute();
  await invalidateAllSessions(trx, userId);
  // Links already mailed to the work address (sign-in, exit flow) must not open the alumnus's account.
  await trx
    .updateTable("one_time_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
  if (exit?.invitation) await trx.deleteFrom("exit_links").where("invitation_id", "=", exit.invitation.id).execute();
  await recordAudit(trx, {
    actorUserId: null,
    action: "alumni.activated",
    subjectType: "user",
    subjectId: userId,
    data: { departureId: exit?.departureId ?? null, formerRole: profile.role },
  });
  await emitWebhookEvent(trx, { type: "alumni.joined", data: { userId, departureId: exit?.departureId ?? null } });
  return "activated";
}

/** The transition, if the person's last day is behind them (confirming late performs it at once). */
export async function transitionIfDue(trx: DB, userId: string, now: Date, timeZone?: string): Promise<TransitionOutcome> {
  if (!(await leaverAccessEnded(trx, userId, companyToday(now, timeZone)))) return "not_eligible";
  return transitionToAlumnus(trx, userId, now);
}

/**
 * Ends what a leaver past their last day may no longer use: sessions opened up to the last day, and
 * every session once their exit links have expired (or when there is no invitation).
 */
async function endLeaverAccess(trx: DB, userId: string, today: CalendarDay, timeZone: string): Promise<number> {
  const exit = await findLeaverExit(trx, userId);
  if (!exit) return 0;
  const exitLinksOpen = exit.invitation !== null && exit.invitation.status !== "cancelled" && today <= exit.invitation.expiresOn;
  const sessions = await trx.selectFrom("sessions").select(["id", "created_at"]).where("user_id", "=", userId).execute();
  const ending = sessions.filter((session) => !exitLinksOpen || todayIn(timeZone, session.created_at) <= exit.lastDay);
  if (ending.length === 0) return 0;
  await trx
    .deleteFrom("sessions")
    .where(
      "id",
      "in",
      ending.map((session) => session.id),
    )
    .execute();
  await recordAudit(trx, {
    actorUserId: null,
    action: "alumni.leaver_access_ended",
    subjectType: "user",
    subjectId: userId,
    data: { sessions: ending.length, exitLinksOpen },
  });
  return ending.length;
}

export interface TransitionRunResult {
  today: CalendarDay;
  activated: number;
  blocked: number;
  sessionsEnded: number;
}

/**
 * The daily run. Idempotent: an alumnus is no longer a candidate, a blocked transition is audited
 * once, and sessions already ended are not there to end again. Only people with something to do
 * (a transition due, or a leaver's session open) are visited, so the run does not grow with every
 * past leaver. Staff accounts are visited only for a transition due.
 */
export async function runAlumniTransition(options: { now?: Date; timeZone?: string } = {}): Promise<TransitionRunResult> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = companyToday(now, timeZone);
  const db = getDb();
  const candidates = await db
    .selectFrom("users")
    .innerJoin("departures", (join) =>
      join.onRef("departures.leaver_user_id", "=", "users.id").on("departures.status", "<>", "cancelled"),
    )
    .select(["users.id", "users.role"])
    .where("users.role", "in", ["leaver", ...STAFF_ROLES])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("users.role", "=", "leaver"),
          eb.exists(eb.selectFrom("sessions").select("sessions.id").whereRef("sessions.user_id", "=", "users.id")),
        ]),
        eb.and([
          eb("users.status", "<>", "disabled"),
          eb.exists(
            eb
              .selectFrom("alumni_profiles")
              .select("alumni_profiles.user_id")
              .whereRef("alumni_profiles.user_id", "=", "users.id")
              .where("alumni_profiles.status", "=", "pending")
              .where("alumni_profiles.personal_email_confirmed_at", "is not", null),
          ),
        ]),
      ]),
    )
    .groupBy(["users.id", "users.role"])
    .having((eb) => eb.fn.max("departures.last_day"), "<", today)
    .execute();

  const result: TransitionRunResult = { today, activated: 0, blocked: 0, sessionsEnded: 0 };
  for (const { id, role } of candidates) {
    try {
      await db.transaction().execute(async (trx) => {
        await lockPerson(trx, id);
        const outcome = await transitionToAlumnus(trx, id, now);
        if (outcome === "activated") {
          result.activated += 1;
          return;
        }
        if (outcome === "email_in_use") result.blocked += 1;
        // A staff member who did not become an alumnus keeps their access until HR closes it.
        if (role !== "leaver") return;
        result.sessionsEnded += await endLeaverAccess(trx, id, today, timeZone);
      });
    } catch (error) {
      // One person's failure must not hold the others back; tomorrow's run tries again.
      logger.error({ ...errorLogFields(error), userId: id }, "alumni transition failed for one person");
    }
  }
  logger.info(result, "alumni transition run");
  return result;
}
