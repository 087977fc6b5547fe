import { sendEmail } from "~/modules/email/send-email.server";
import { getDb, type DB } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import type { Locale } from "../../../db/schema";
import { recordAudit } from "./audit.server";
import {
  consumeOneTimeToken,
  inspectOneTimeToken,
  issueOneTimeToken,
  TOKEN_LIFETIME_MS,
  type TokenFailure,
} from "./one-time-tokens.server";
import { leaverAccessEnded } from "./leaver-access.server";
import { createSession, homePathFor, safeRedirectPath, type SessionUser } from "./session.server";
import { findUserByEmail, findUserById, isStaffRole, type User } from "./users.server";

/**
 * Sign-in by emailed link, for leavers and alumni (who have no password). Asking for a link always
 * gets the same answer, so the form cannot be used to learn who is in the system
 * (magic-link-request.server queues the job that runs sendMagicLink, here).
 */

export const MAGIC_LINK_MINUTES = TOKEN_LIFETIME_MS.magic_link / 60_000;

export function magicLinkUrl(token: string): string {
  return `${getAppUrl()}/login/magic/${token}`;
}

/** Who may receive a sign-in link: leavers and alumni whose account is active. */
export function canUseMagicLink(user: Pick<User, "role" | "status">): boolean {
  return !isStaffRole(user.role) && user.status === "active";
}

/**
 * canUseMagicLink, plus the end of a leaver's access: after the last day a leaver signs in only
 * through their exit links (until those expire); joining the network makes them an alumnus, who
 * signs in here at the personal address. See docs/decisions/008-exit-flow-anonymity-and-consent.md.
 */
async function mayUseMagicLink(db: DB, user: Pick<User, "id" | "role" | "status">): Promise<boolean> {
  if (!canUseMagicLink(user)) return false;
  return user.role !== "leaver" || !(await leaverAccessEnded(db, user.id));
}

/** The job's work: sends a link if the address belongs to an active leaver or alumnus, else nothing. */
export async function sendMagicLink(input: { email: string; locale: Locale; redirectTo: string | null }) {
  const db = getDb();
  const user = await findUserByEmail(db, input.email);
  if (!user || !(await mayUseMagicLink(db, user))) return;
  // One transaction: the new link (and the retiring of older ones) exists only if its email is queued.
  await db.transaction().execute(async (trx) => {
    const { token } = await issueOneTimeToken(trx, { userId: user.id, purpose: "magic_link", redirectTo: input.redirectTo });
    await sendEmail({
      to: user.email,
      template: "magic-link",
      props: { url: magicLinkUrl(token), name: user.name.slice(0, 200), expiresInMinutes: MAGIC_LINK_MINUTES },
      // The account's language, not the page's: the person reads it in their own inbox.
      locale: user.locale ?? input.locale,
      userId: user.id,
      trx,
    });
    await recordAudit(trx, {
      actorUserId: null,
      action: "auth.magic_link_sent",
      subjectType: "user",
      subjectId: user.id,
    });
  });
}

export type MagicLinkSignInResult =
  | { status: "success"; user: SessionUser; cookie: string; redirectTo: string }
  | { status: "invalid"; reason: TokenFailure }
  | { status: "inactive" };

/** Uses a link (POST only: mail scanners follow GET links) and starts a session. */
export async function consumeMagicLink(input: { token: string; userAgent?: string | null }): Promise<MagicLinkSignInResult> {
  return getDb()
    .transaction()
    .execute(async (trx): Promise<MagicLinkSignInResult> => {
      const used = await consumeOneTimeToken(trx, input.token, "magic_link");
      if (!used.ok) return { status: "invalid", reason: used.reason };
      const user = await findUserById(trx, used.userId);
      if (!user || !(await mayUseMagicLink(trx, user))) {
        if (user) {
          await recordAudit(trx, {
            actorUserId: user.id,
            action: "auth.sign_in_refused",
            subjectType: "user",
            subjectId: user.id,
            data: { method: "magic_link", accountStatus: user.status },
          });
        }
        return { status: "inactive" };
      }
      const session = await createSession(trx, user, input.userAgent);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "auth.sign_in",
        subjectType: "user",
        subjectId: user.id,
        data: { method: "magic_link" },
      });
      const { id, email, name, role, locale, status } = user;
      return {
        status: "success",
        cookie: session.cookie,
        user: { id, email, name, role, locale, status },
        redirectTo: safeRedirectPath(used.redirectTo, homePathFor(role)),
      };
    });
}

/** Whether a link could be used now, without using it: the GET page shows "Continue" or why not. */
export async function checkMagicLink(token: string): Promise<{ ok: true } | { ok: false; reason: TokenFailure }> {
  const check = await inspectOneTimeToken(getDb(), token, "magic_link");
  return check.ok ? { ok: true } : { ok: false, reason: check.reason };
}
