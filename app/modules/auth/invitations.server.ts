import { sendEmail } from "~/modules/email/send-email.server";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import { DomainFailure } from "~/utils/failures";
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

/** English messages: this check guards callers without a form (the CLI); forms check first. */
const english = (key: string, options?: Record<string, unknown>) => {
  const messages: Record<string, string> = {
    "validation.nameRequired": "Enter the person's name.",
    "validation.nameTooLong": `Use a name of at most ${String(options?.max)} characters.`,
    "validation.emailRequired": "Enter an email address.",
    "validation.emailTooLong": `Use an email address of at most ${String(options?.max)} characters.`,
    "validation.emailInvalid": "Enter an email address like name@example.com.",
    "validation.roleInvalid": "Choose the role hr_admin or task_owner.",
    "validation.newPasswordRequired": "Enter a password.",
    "validation.passwordTooShort": `Use a password of at least ${String(options?.min)} characters.`,
    "validation.passwordTooLong": `Use a password of at most ${String(options?.max)} characters.`,
  };
  return messages[key] ?? key;
};
const invitationInput = inviteStaffSchema(english);
const newPassword = newPasswordField(english);

/** The refusal when the address already has an account (ADR 013): a conflict about the email field. */
function emailInUse(): DomainFailure {
  return DomainFailure.conflict("email", "auth.emailInUse");
}

export class InvalidInvitationError extends Error {
  constructor(public readonly issues: { field: string; message: string }[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "));
    this.name = "InvalidInvitationError";
  }
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
  const parsed = invitationInput.safeParse({ email: input.email, name: input.name, role: input.role });
  if (!parsed.success) {
    throw new InvalidInvitationError(
      parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "input", message: issue.message })),
    );
  }
  const { email, name, role } = parsed.data;
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
    logger.error({ err: error, userId: user.id }, "invitation email could not be queued");
  }
  return { user, setupUrl, expiresAt, emailQueued };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "23505";
}

export type PasswordSetupResult =
  | { status: "success"; user: SessionUser; cookie: string }
  | { status: "invalid_password"; message: string }
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
 * token, ends every other session of the account and starts a new one.
 */
export async function completePasswordSetup(input: {
  token: string;
  password: string;
  userAgent?: string | null;
}): Promise<PasswordSetupResult> {
  const checked = newPassword.safeParse(input.password);
  if (!checked.success) return { status: "invalid_password", message: checked.error.issues[0]?.message ?? "" };

  // Hashed before the transaction: argon2 takes a while, and PGlite serves nobody else meanwhile.
  const passwordHash = await hashPassword(checked.data);

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
