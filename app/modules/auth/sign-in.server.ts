import { getDb } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { verifyAgainstDecoy, verifyPassword } from "./password.server";
import {
  checkRateLimit,
  combineVerdicts,
  penalizeRateLimit,
  resetRateLimit,
} from "./rate-limit.server";
import { createSession, type SessionUser } from "./session.server";
import { findUserByEmail, isStaffRole } from "./users.server";

export type PasswordSignInResult =
  | { status: "success"; user: SessionUser; cookie: string }
  /** Wrong password, unknown address, or an account that has no password: one answer for all. */
  | { status: "invalid" }
  | { status: "throttled"; retryAfterMs: number }
  /** The password was right but the account is disabled (or not set up yet). */
  | { status: "inactive" };

export interface PasswordSignInInput {
  email: string;
  password: string;
  /** The client's address, for the per-IP throttle; it is hashed before it is stored. */
  ip: string;
  userAgent?: string | null;
}

/**
 * Staff sign-in with email and password. Alumni and leavers never have a password: they sign in by
 * magic link, so a password attempt on their address is treated like an unknown address.
 */
export async function signInWithPassword(input: PasswordSignInInput): Promise<PasswordSignInResult> {
  const db = getDb();
  const email = input.email.trim().toLowerCase();

  // Checked before the password, so a throttled attacker learns nothing even with the right one.
  const throttle = combineVerdicts([
    await checkRateLimit("passwordFailuresByEmail", email),
    await checkRateLimit("passwordFailuresByIp", input.ip),
  ]);
  if (!throttle.allowed) return { status: "throttled", retryAfterMs: throttle.retryAfterMs };

  const user = await findUserByEmail(db, email);
  const passwordHash = user && isStaffRole(user.role) ? user.password_hash : null;
  // An unknown address costs the same argon2 work as a known one: no enumeration by timing.
  const passwordMatches = passwordHash
    ? await verifyPassword(passwordHash, input.password)
    : await verifyAgainstDecoy(input.password);

  if (!user || !passwordMatches) {
    await penalizeRateLimit("passwordFailuresByEmail", email);
    await penalizeRateLimit("passwordFailuresByIp", input.ip);
    if (user) {
      await recordAudit(db, {
        actorUserId: null,
        action: "auth.sign_in_failed",
        subjectType: "user",
        subjectId: user.id,
        data: { method: "password" },
      });
    }
    return { status: "invalid" };
  }

  if (user.status !== "active") {
    await recordAudit(db, {
      actorUserId: user.id,
      action: "auth.sign_in_refused",
      subjectType: "user",
      subjectId: user.id,
      data: { method: "password", accountStatus: user.status },
    });
    return { status: "inactive" };
  }

  await resetRateLimit("passwordFailuresByEmail", email);
  const session = await createSession(db, user, input.userAgent);
  await recordAudit(db, {
    actorUserId: user.id,
    action: "auth.sign_in",
    subjectType: "user",
    subjectId: user.id,
    data: { method: "password" },
  });
  const { id, name, role, locale, status } = user;
  return { status: "success", cookie: session.cookie, user: { id, email: user.email, name, role, locale, status } };
}
