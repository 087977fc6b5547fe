import { z } from "zod";
import { sendEmail } from "~/modules/email/send-email.server";
import type { Translate } from "~/modules/i18n/translator";
import { logger } from "~/modules/platform/logger.server";
import { getDb, isUniqueViolation } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { DomainFailure, errorLogFields, type FailureCode } from "~/utils/failures";
import { parseOrFail } from "~/utils/schema-failures";
import type { Locale } from "../../../db/schema";
import { recordAudit } from "./audit.server";
import {
  consumeOneTimeToken,
  inspectOneTimeToken,
  issueOneTimeToken,
  TOKEN_LIFETIME_MS,
  type TokenFailure,
} from "./one-time-tokens.server";
import { hashPassword } from "./password.server";
import { consumeRateLimit, type RateLimitVerdict } from "./rate-limit.server";
import { inviteStaffSchema, newPasswordField, type InvitableRole } from "./schemas";
import { createSession, invalidateAllSessions, type SessionUser } from "./session.server";
import { findUserByEmail, findUserById, insertUser, type User } from "./users.server";

/**
 * Staff accounts are created by invitation: the account starts "invited" with no password, and the
 * emailed link lets the person choose one. The CLI (`npm run cli -- user:create`) uses the same
 * function and prints the link, so the first HR admin can be created before email works.
 */

export const INVITATION_HOURS = TOKEN_LIFETIME_MS.password_setup / 3_600_000;

export function setPasswordUrl(token: string): string {
  return `${getAppUrl()}/set-password/${token}`;
}

/**
 * The invitation form's checks, re-run here for callers without a form (the CLI), answered as codes
 * (ADR 013): each schema message key becomes the failure code of the same name.
 */
const INVITATION_CODES: Record<string, FailureCode> = {
  "validation.nameRequired": "auth.nameRequired",
  "validation.nameTooLong": "auth.nameTooLong",
  "validation.emailRequired": "auth.emailRequired",
  "validation.emailTooLong": "auth.emailTooLong",
  "validation.emailInvalid": "auth.emailInvalid",
  "validation.roleInvalid": "auth.roleInvalid",
};

const PASSWORD_CODES: Record<string, FailureCode> = {
  "validation.newPasswordRequired": "auth.passwordRequired",
  "validation.passwordTooShort": "auth.passwordTooShort",
  "validation.passwordTooLong": "auth.passwordTooLong",
};

const passwordSchema = (t: Translate) => z.object({ password: newPasswordField(t) });

/** The refusal when the address already has an account (ADR 013): a conflict about the email field. */
function emailInUse(): DomainFailure {
  return DomainFailure.conflict("email", "auth.emailInUse");
}

export interface InviteStaffInput {
  email: string;
  name: string;
  role: InvitableRole;
  locale?: Locale;
  /** The HR admin who sent it; absent when created from the command line. */
  invitedBy?: Pick<User, "id" | "name"> | null;
}

export interface Invitation {
  user: User;
  /** The link to choose a password; printed by the CLI, emailed otherwise. */
  setupUrl: string;
  expiresAt: Date;
  /** False when the email could not be queued; the account and the link exist anyway. */
  emailQueued: boolean;
}

export async function inviteStaffUser(input: InviteStaffInput): Promise<Invitation> {
  const { email, name, role } = parseOrFail(
    inviteStaffSchema,
    { email: input.email, name: input.name, role: input.role },
    INVITATION_CODES,
    "auth.invitationInvalid",
  );
  const locale = input.locale ?? "en";
  const db = getDb();

  const { user, token, expiresAt } = await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw emailInUse();
    let created: User;
    try {
      created = await insertUser(trx, { email, name, role, locale, status: "invited", passwordHash: null });
    } catch (error) {
      // Two invitations racing for one address: the unique index decides.
      if (isUniqueViolation(error)) throw emailInUse();
      throw error;
    }
    const issued = await issueOneTimeToken(trx, { userId: created.id, purpose: "password_setup" });
    await recordAudit(trx, {
      actorUserId: input.invitedBy?.id ?? null,
      action: "auth.staff_invited",
      subjectType: "user",
      subjectId: created.id,
      data: { role, via: input.invitedBy ? "web" : "cli" },
    });
    return { user: created, ...issued };
  });

  const setupUrl = setPasswordUrl(token);
  let emailQueued = true;
  try {
    await sendEmail({
      to: user.email,
      template: "staff-invitation",
      props: { url: setupUrl, name: user.name, inviterName: input.invitedBy?.name, role, expiresInHours: INVITATION_HOURS },
      locale,
      userId: user.id,
    });
  } catch (error) {
    // The invitation stands: the caller can still hand over the link (the CLI prints it).
    emailQueued = false;
    logger.error({ ...errorLogFields(error), userId: user.id }, "invitation email could not be queued");
  }
  return { user, setupUrl, expiresAt, emailQueued };
}

export type PasswordSetupResult =
  | { status: "success"; user: SessionUser; cookie: string }
  | { status: "invalid_token"; reason: TokenFailure }
  | { status: "inactive" };

/**
 * Counts one POST on a set-password link, valid or not, and refuses past 10 an hour: the form
 * cannot be used to hammer one link (or argon2) without end. Call before validating the form.
 */
export function registerSetPasswordAttempt(token: string): Promise<RateLimitVerdict> {
  return consumeRateLimit("setPasswordByToken", token);
}

/**
 * Sets a password from an invitation (or reset) link: activates an invited account, uses the
 * token, ends every other session of the account and starts a new one. A password the rules refuse
 * throws DomainFailure("invalid") about the `password` field (auth.passwordTooShort…); a link that
 * cannot be used is an outcome, not a refusal: the page explains it in place of the form.
 */
export async function completePasswordSetup(input: {
  token: string;
  password: string;
  userAgent?: string | null;
}): Promise<PasswordSetupResult> {
  const { password } = parseOrFail(passwordSchema, { password: input.password }, PASSWORD_CODES, "auth.passwordRequired");

  // Hashed before the transaction: argon2 takes a while, and PGlite serves nobody else meanwhile.
  const passwordHash = await hashPassword(password);

  return getDb()
    .transaction()
    .execute(async (trx): Promise<PasswordSetupResult> => {
      const used = await consumeOneTimeToken(trx, input.token, ["password_setup", "password_reset"]);
      if (!used.ok) return { status: "invalid_token", reason: used.reason };
      const user = await findUserById(trx, used.userId);
      if (!user || user.status === "disabled") return { status: "inactive" };
      const updated = await trx
        .updateTable("users")
        .set({ password_hash: passwordHash, status: "active", updated_at: new Date() })
        .where("id", "=", user.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // Whoever held the old password (or an old session) is signed out.
      await invalidateAllSessions(trx, user.id);
      const session = await createSession(trx, updated, input.userAgent);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "auth.password_set",
        subjectType: "user",
        subjectId: user.id,
        data: { purpose: used.purpose, activated: user.status === "invited" },
      });
      const { id, email, name, role, locale, status } = updated;
      return { status: "success", cookie: session.cookie, user: { id, email, name, role, locale, status } };
    });
}

/** Whether a set-password link could be used now, without using it (the GET page). */
export async function checkPasswordSetupToken(
  token: string,
): Promise<{ ok: true } | { ok: false; reason: TokenFailure }> {
  const check = await inspectOneTimeToken(getDb(), token, ["password_setup", "password_reset"]);
  return check.ok ? { ok: true } : { ok: false, reason: check.reason };
}
