import { recordAudit } from "~/modules/auth/audit.server";
import { consumeRateLimit } from "~/modules/auth/rate-limit.server";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { endOfDayIn, NEW_LINK_DAYS } from "./invitation-dates";
import { loadMailContext, recordUnreachable, sendInvitationEmails } from "./invitation-emails.server";
import { exitLinkState, findExitLink } from "./links.server";

/**
 * "Send me a new link" on an expired exit link's page. The new links go to the addresses on file
 * for that link's invitation (never to an address typed in; after the last day the personal one
 * only) and work for NEW_LINK_DAYS days; the invitation stays open at least that long. With nowhere
 * to send them, nothing changes and that is recorded (recordUnreachable). The caller answers the same whatever happened: sent,
 * unknown link, link still valid, survey finished, or throttled. Throttled per IP (counted for every
 * request) and per invitation.
 */
export async function requestNewExitLink(input: { token: string; ip: string; now?: Date; timeZone?: string }): Promise<void> {
  const now = input.now ?? new Date();
  const byIp = await consumeRateLimit("exitLinkResendByIp", input.ip);
  if (!byIp.allowed) return;
  const link = await findExitLink(getDb(), input.token);
  if (!link || exitLinkState(link, now) !== "expired") return;
  const byInvitation = await consumeRateLimit("exitLinkResendByInvitation", link.invitationId);
  if (!byInvitation.allowed) return;

  const timeZone = input.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = todayIn(timeZone, now);
  const validUntil = addCalendarDays(today, NEW_LINK_DAYS);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const context = await loadMailContext(trx, link.invitationId, today);
      // Checked again inside the transaction: the departure may have been cancelled meanwhile.
      if (!context || exitLinkState(await findExitLink(trx, input.token), now) !== "expired") return;
      if (context.addresses.length === 0) {
        await recordUnreachable(trx, context, "new_link");
        return;
      }
      // The flow reopens with the new links: the survey pages and the leaver's sessions follow
      // the invitation's end, which would otherwise already be past.
      await trx
        .updateTable("exit_invitations")
        .set({ expires_on: validUntil, updated_at: now })
        .where("id", "=", link.invitationId)
        .where("expires_on", "<", validUntil)
        .execute();
      const emails = await sendInvitationEmails(
        trx,
        context,
        { kind: "new_link" },
        { linkExpiresAt: endOfDayIn(validUntil, timeZone), validUntil },
      );
      await recordAudit(trx, {
        actorUserId: null,
        action: "exit.link_resent",
        subjectType: "exit_invitation",
        subjectId: link.invitationId,
        data: { emails },
      });
    });
}
