import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { hourIn, todayIn, type CalendarDay } from "~/utils/calendar-days";
import { logger } from "~/modules/platform/logger.server";
import { errorLogFields } from "~/utils/failures";
import { getDb, type Database } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { yieldToEventLoop } from "~/utils/event-loop";
import { endOfDayIn, REMINDER_DAYS, reminderDue } from "./invitation-dates";
import { loadMailContext, recordUnreachable, sendInvitationEmails, type InvitationMailContext } from "./invitation-emails.server";

/**
 * The hourly run of exit invitations: the first email of every invitation whose day has come, then
 * the reminders (3 and 7 days after it, while the survey is unfinished, the departure not cancelled
 * and the links still working). Scheduled emails and reminders wait for SEND_FROM_HOUR on the
 * company's clocks, so nobody is written to at night.
 *
 * Idempotent: an invitation is claimed by moving it from `scheduled` to `invited`, a reminder by
 * raising `reminders_sent` from the count it was read with, each under the row's lock in the
 * transaction that queues the emails. A second run, or a concurrent one, finds nothing left to claim.
 *
 * An email with nowhere to go (past the last day, no personal address) is not claimed: the
 * invitation stays scheduled, or the reminder due, until a personal address is on file or the flow
 * closes; the first such run records it (see recordUnreachable).
 */

export const SEND_FROM_HOUR = 9;

export interface InvitationRunOptions {
  /** The instant the run acts for (tests pass a fixed one). */
  now?: Date;
  timeZone?: string;
  /** Send this one invitation now if it is due (the departure was just recorded), whatever the hour. */
  invitationId?: string;
}

export interface InvitationRunResult {
  today: CalendarDay;
  invitationsSent: number;
  remindersSent: number;
  /** Invitations and reminders that were due but had no address to go to. */
  unreachable: number;
}

/** What one claim did: sent, found nobody to write to, or found nothing to claim. */
type SendOutcome = "sent" | "unreachable" | "none";

function tally(result: InvitationRunResult, sent: "invitationsSent" | "remindersSent", outcome: SendOutcome) {
  if (outcome === "sent") result[sent] += 1;
  if (outcome === "unreachable") result.unreachable += 1;
}

export async function runExitInvitations(options: InvitationRunOptions = {}): Promise<InvitationRunResult> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, now);
  const result: InvitationRunResult = { today, invitationsSent: 0, remindersSent: 0, unreachable: 0 };
  if (options.invitationId) {
    tally(result, "invitationsSent", await sendInvitation(options.invitationId, now, today, timeZone));
    return result;
  }
  if (hourIn(timeZone, now) < SEND_FROM_HOUR) return result;

  for (const { id } of await dueInvitations(today)) {
    // Hundreds may be due after a CSV import, and the run may share the process with the web server.
    await yieldToEventLoop();
    try {
      tally(result, "invitationsSent", await sendInvitation(id, now, today, timeZone));
    } catch (error) {
      // One failure must not hold up everyone else's invitation; the next hourly run tries again.
      logger.error({ ...errorLogFields(error), invitationId: id }, "exit invitation not sent");
    }
  }

  for (const candidate of await reminderCandidates(now, today)) {
    const due = reminderDue({
      invitedOn: todayIn(timeZone, candidate.invited_at),
      lastRemindedOn: candidate.last_reminded_at ? todayIn(timeZone, candidate.last_reminded_at) : null,
      remindersSent: candidate.reminders_sent,
      today,
    });
    if (!due) continue;
    await yieldToEventLoop();
    try {
      tally(result, "remindersSent", await sendReminder(candidate.id, candidate.reminders_sent, now, today, timeZone));
    } catch (error) {
      logger.error({ ...errorLogFields(error), invitationId: candidate.id }, "exit reminder not sent");
    }
  }
  logger.info(result, "exit invitations run");
  return result;
}

function dueInvitations(today: CalendarDay) {
  return getDb()
    .selectFrom("exit_invitations as i")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .select("i.id")
    .where("i.status", "=", "scheduled")
    .where("i.send_on", "<=", today)
    .where("i.expires_on", ">=", today)
    .where("d.status", "<>", "cancelled")
    .orderBy("i.send_on")
    .orderBy("i.id")
    .execute();
}

/** Unfinished invitations that may owe a reminder; reminderDue decides on the company's calendar. */
function reminderCandidates(now: Date, today: CalendarDay) {
  // Three calendar days later is at least two days later, whatever the hours: a cheap first filter.
  const earliest = new Date(now.getTime() - 2 * 24 * 60 * 60 * 1000);
  return getDb()
    .selectFrom("exit_invitations as i")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .select(["i.id", "i.invited_at", "i.reminders_sent", "i.last_reminded_at"])
    .where("i.status", "in", ["invited", "started"])
    .where("i.reminders_sent", "<", REMINDER_DAYS.length)
    .where("i.expires_on", ">=", today)
    .where("i.invited_at", "<=", earliest)
    .where("d.status", "<>", "cancelled")
    .orderBy("i.invited_at")
    .orderBy("i.id")
    .$narrowType<{ invited_at: Date }>()
    .execute();
}

/** The departure behind the invitation is still going ahead (checked again when claiming). */
const departureNotCancelled = sql<boolean>`exists (
  select 1 from departures where departures.id = exit_invitations.departure_id and departures.status <> 'cancelled'
)`;

interface Claim {
  kind: "invitation" | "reminder";
  /** What makes this email due, besides a flow still open and a departure still going ahead. */
  due: (eb: ExpressionBuilder<Database, "exit_invitations">) => Expression<SqlBool>;
  /** Marks the email sent on the locked row and queues it, within the claim's transaction. */
  send: (trx: Transaction<Database>, context: InvitationMailContext, validity: { linkExpiresAt: Date; validUntil: string }) => Promise<void>;
}

/**
 * Claims a due email of an invitation and queues it, in one transaction. The row is locked while it
 * is checked (a concurrent run waits, then finds it claimed), and is claimed only if there is
 * somebody to write to.
 */
async function claimAndSend(invitationId: string, today: CalendarDay, timeZone: string, claim: Claim): Promise<SendOutcome> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SendOutcome> => {
      const due = await trx
        .selectFrom("exit_invitations")
        .select(["id", "expires_on"])
        .where("id", "=", invitationId)
        .where(claim.due)
        .where("expires_on", ">=", today)
        .where(departureNotCancelled)
        .forUpdate()
        .executeTakeFirst();
      if (!due) return "none";
      const context = await loadMailContext(trx, invitationId, today);
      if (!context) return "none";
      if (context.addresses.length === 0) {
        await recordUnreachable(trx, context, claim.kind);
        return "unreachable";
      }
      await claim.send(trx, context, { linkExpiresAt: endOfDayIn(due.expires_on, timeZone), validUntil: due.expires_on });
      return "sent";
    });
}

/** Claims a due invitation (scheduled → invited) and queues its emails. */
function sendInvitation(invitationId: string, now: Date, today: CalendarDay, timeZone: string): Promise<SendOutcome> {
  return claimAndSend(invitationId, today, timeZone, {
    kind: "invitation",
    due: (eb) => eb.and([eb("status", "=", "scheduled"), eb("send_on", "<=", today)]),
    send: async (trx, context, validity) => {
      await trx.updateTable("exit_invitations").set({ status: "invited", invited_at: now, updated_at: now }).where("id", "=", invitationId).execute();
      const emails = await sendInvitationEmails(trx, context, { kind: "invitation" }, validity);
      await recordAudit(trx, { actorUserId: null, action: "exit.invitation_sent", subjectType: "exit_invitation", subjectId: invitationId, data: { emails } });
    },
  });
}

/** Claims reminder number `remindersSent + 1` (the count it was read with, raised) and queues its emails. */
function sendReminder(invitationId: string, remindersSent: number, now: Date, today: CalendarDay, timeZone: string): Promise<SendOutcome> {
  const reminder = remindersSent + 1;
  return claimAndSend(invitationId, today, timeZone, {
    kind: "reminder",
    due: (eb) => eb.and([eb("reminders_sent", "=", remindersSent), eb("status", "in", ["invited", "started"])]),
    send: async (trx, context, validity) => {
      await trx
        .updateTable("exit_invitations")
        .set({ reminders_sent: reminder, last_reminded_at: now, updated_at: now })
        .where("id", "=", invitationId)
        .execute();
      const emails = await sendInvitationEmails(trx, context, { kind: "reminder", last: reminder >= REMINDER_DAYS.length }, validity);
      await recordAudit(trx, {
        actorUserId: null,
        action: "exit.reminder_sent",
        subjectType: "exit_invitation",
        subjectId: invitationId,
        data: { reminder, emails },
      });
    },
  });
}
