import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/**
 * Form schemas for the sign-in pages, shared by the browser (conform validates as you type) and the
 * actions (the real check). Each takes a translate function so that both sides show the same
 * message in the visitor's language.
 */

/** RFC 5321 limits a forward path to 256 octets, which leaves 254 for the address itself. */
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 200;
export const PASSWORD_MIN_LENGTH = 10;
// Argon2 hashes any length, but an unbounded input lets one request burn CPU and memory.
export const PASSWORD_MAX_LENGTH = 256;

export const INVITABLE_ROLES = ["hr_admin", "task_owner"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export function emailField(t: Translate) {
  return (
    z
      .string({ error: t("validation.emailRequired") })
      .trim()
      .min(1, { error: t("validation.emailRequired"), abort: true })
      // Checked (and the check stopped) before the format, so that a huge value is answered with
      // the length message and never reaches the email pattern.
      .max(EMAIL_MAX_LENGTH, { error: t("validation.emailTooLong", { max: EMAIL_MAX_LENGTH }), abort: true })
      .pipe(z.email({ error: t("validation.emailInvalid") }))
  );
}

/** The password typed at sign-in: only presence and an upper bound (old passwords may be shorter). */
function currentPasswordField(t: Translate) {
  return z
    .string({ error: t("validation.passwordRequired") })
    .min(1, { error: t("validation.passwordRequired"), abort: true })
    .max(PASSWORD_MAX_LENGTH, { error: t("validation.passwordTooLong", { max: PASSWORD_MAX_LENGTH }) });
}

/** A new password: the length rules only (NIST SP 800-63B: no composition rules). */
export function newPasswordField(t: Translate) {
  return z
    .string({ error: t("validation.newPasswordRequired") })
    .min(PASSWORD_MIN_LENGTH, { error: t("validation.passwordTooShort", { min: PASSWORD_MIN_LENGTH }) })
    .max(PASSWORD_MAX_LENGTH, { error: t("validation.passwordTooLong", { max: PASSWORD_MAX_LENGTH }) });
}

const redirectToField = z.string().max(2000).optional();

export function passwordSignInSchema(t: Translate) {
  return z.object({
    email: emailField(t),
    password: currentPasswordField(t),
    redirectTo: redirectToField,
  });
}

export function magicLinkRequestSchema(t: Translate) {
  return z.object({
    email: emailField(t),
    redirectTo: redirectToField,
  });
}

export function setPasswordSchema(t: Translate) {
  return z
    .object({
      password: newPasswordField(t),
      confirmPassword: z.string({ error: t("validation.confirmPasswordRequired") }),
    })
    .refine((value) => value.password === value.confirmPassword, {
      path: ["confirmPassword"],
      error: t("validation.passwordsDoNotMatch"),
    });
}

export function inviteStaffSchema(t: Translate) {
  return z.object({
    name: z
      .string({ error: t("validation.nameRequired") })
      .trim()
      .min(1, { error: t("validation.nameRequired") })
      .max(NAME_MAX_LENGTH, { error: t("validation.nameTooLong", { max: NAME_MAX_LENGTH }) }),
    email: emailField(t),
    role: z.enum(INVITABLE_ROLES, { error: t("validation.roleInvalid") }),
  });
}

export const SIGN_OUT_SCOPES = ["this", "everywhere"] as const;

export function signOutSchema(t: Translate) {
  return z.object({
    scope: z.enum(SIGN_OUT_SCOPES, { error: t("validation.scopeInvalid") }).default("this"),
  });
}
