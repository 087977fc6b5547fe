import { sql, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { errorLogFields, isDomainFailure } from "~/utils/failures";
import { sendEmail } from "~/modules/email/send-email.server";
import type { CalendarDay } from "~/utils/calendar-days";
import { logger } from "~/modules/platform/logger.server";
import type { Database } from "~/utils/db.server";
import type { Confidentiality, ExitInvitationStatus, Locale } from "../../../db/schema";
import { estimatedMinutes } from "./invitation-dates";
import { exitLinkUrl, newExitLinkToken, storeExitLink } from "./links.server";

/**
 * The emails of an exit invitation (the invitation, the reminders, a new link asked for from an
 * expired one). Each goes to the work address and to the personal address when HR recorded one, in
 * the leaver's language, and each carries a link of its own: earlier links keep working.
 *
 * After the last day (company calendar) the work mailbox is closed and would bounce: the emails go
 * to the personal address only, and with none on file to nobody. That is recorded once per
 * invitation (audit `exit.leaver_unreachable`) and the email stays due: should a personal address
 * be put on the departure before the flow closes, the next run sends it.
 */

export interface InvitationMailContext {
  invitationId: string;
  status: ExitInvitationStatus;
  leaverUserId: string;
  name: string;
  locale: Locale;
  /** Where the emails go today; empty when nobody can be reached (see recordUnreachable). */
  addresses: string[];
  lastDay: CalendarDay;
  confidentiality: Confidentiality;
  questionCount: number;
}

/** `today`: the company's day the emails would go, which decides whether the work address still works. */
export async function loadMailContext(
  trx: Transaction<Database>,
  invitationId: string,
  today: CalendarDay,
): Promise<InvitationMailContext | undefined> {
  const row = await trx
    .selectFrom("exit_invitations as i")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .innerJoin("users as u", "u.id", "d.leaver_user_id")
    .innerJoin("survey_versions as v", "v.id", "i.survey_version_id")
    .select([
      "i.id",
      "i.status",
      "d.leaver_user_id",
      "d.employee_name",
      "d.employee_email",
      "d.personal_email",
      "d.last_day",
      "u.locale",
      "v.confidentiality",
      sql<number>`coalesce(jsonb_array_length(v.definition -> 'questions'), 0)`.as("question_count"),
    ])
    .where("i.id", "=", invitationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    invitationId: row.id,
    status: row.status,
    leaverUserId: row.leaver_user_id,
    name: row.employee_name.slice(0, 200),
    locale: row.locale,
    addresses: recipientsOf(row.employee_email, row.personal_email, { workMailboxOpen: today <= row.last_day }),
    lastDay: row.last_day,
    confidentiality: row.confidentiality,
    questionCount: Number(row.question_count),
  };
}

/** The work address while its mailbox is open, then the personal one when known and different. */
export function recipientsOf(workEmail: string, personalEmail: string | null, options: { workMailboxOpen: boolean }): string[] {
  const work = workEmail.trim();
  const personal = personalEmail?.trim() || null;
  const addresses = options.workMailboxOpen ? [work] : [];
  // The work address typed in as the personal one is still the work mailbox.
  if (personal && personal.toLowerCase() !== work.toLowerCase()) addresses.push(personal);
  return addresses;
}

export const UNREACHABLE_ACTION = "exit.leaver_unreachable";

/**
 * Records, once per invitation, that an email of it could not go anywhere: past the last day with
 * no personal address. HR sees it on the departure page (exitFlowStatus: unreachable) and adds one there.
 */
export async function recordUnreachable(trx: Transaction<Database>, context: InvitationMailContext, message: InvitationEmail["kind"]) {
  const already = await trx
    .selectFrom("audit_log")
    .select("id")
    .where("action", "=", UNREACHABLE_ACTION)
    .where("subject_type", "=", "exit_invitation")
    .where("subject_id", "=", context.invitationId)
    .executeTakeFirst();
  if (already) return;
  await recordAudit(trx, {
    actorUserId: null,
    action: UNREACHABLE_ACTION,
    subjectType: "exit_invitation",
    subjectId: context.invitationId,
    data: { message, reason: "no_personal_email_after_last_day", lastDay: context.lastDay },
  });
}

export type InvitationEmail =
  | { kind: "invitation" }
  | { kind: "new_link" }
  | { kind: "reminder"; last: boolean };

/**
 * Queues one email per address, each with a fresh link valid until `linkExpiresAt` (shown as
 * `validUntil`, a calendar day). Returns the number of emails queued. The caller's transaction holds
 * the claim (status, reminder count) that makes a second run send nothing.
 */
export async function sendInvitationEmails(
  trx: Transaction<Database>,
  context: InvitationMailContext,
  email: InvitationEmail,
  validity: { linkExpiresAt: Date; validUntil: string },
): Promise<number> {
  const minutes = estimatedMinutes(context.questionCount);
  const started = context.status === "started";
  let queued = 0;
  for (const address of context.addresses) {
    const token = newExitLinkToken();
    const common = { url: exitLinkUrl(token), name: context.name, minutes, validUntil: validity.validUntil, started };
    const envelope = { trx, to: address, locale: context.locale, userId: context.leaverUserId };
    try {
      if (email.kind === "reminder") {
        await sendEmail({ ...envelope, template: "exit-reminder", props: { ...common, last: email.last } });
      } else {
        await sendEmail({
          ...envelope,
          template: "exit-invitation",
          props: { ...common, confidentiality: context.confidentiality, newLink: email.kind === "new_link" },
        });
      }
    } catch (error) {
      // sendEmail checks the envelope before writing anything: a malformed address on file skips that
      // address only, instead of failing (and retrying) the whole invitation every hour.
      if (!isDomainFailure(error)) throw error;
      logger.error({ ...errorLogFields(error), invitationId: context.invitationId }, "exit email not sent to one address");
      continue;
    }
    await storeExitLink(trx, { token, invitationId: context.invitationId, expiresAt: validity.linkExpiresAt });
    queued += 1;
  }
  return queued;
}
