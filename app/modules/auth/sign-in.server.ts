import { getDb } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { verifyAgainstDecoy, verifyPassword } from "./password.server";
import { combineVerdicts, consumeRateLimit, refundRateLimit, resetRateLimit } from "./rate-limit.server";
import { registerAccountAttempt, resetAccountAttempts } from "./sign-in-delay.server";
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

  // Every attempt is counted before the (slow) password check and the decision is taken on the new
  // count, so attempts sent in parallel are counted like attempts sent one after another. A throttled
  // attacker learns nothing, even with the right password.
  const accountAndIp = `${email} ${input.ip}`;
  const byIp = combineVerdicts([
    await consumeRateLimit("passwordAttemptsByAccountAndIp", accountAndIp),
    await consumeRateLimit("passwordAttemptsByIp", input.ip),
  ]);
  if (!byIp.allowed) return { status: "throttled", retryAfterMs: byIp.retryAfterMs };
  const byAccount = await registerAccountAttempt(db, email);
  if (!byAccount.allowed) {
    // No password was checked: the attempt does not use up this IP's allowance, so the account's
    // owner who waits out the delay is not then locked out of their own IP.
    await refundRateLimit("passwordAttemptsByAccountAndIp", accountAndIp);
    await refundRateLimit("passwordAttemptsByIp", input.ip);
    return { status: "throttled", retryAfterMs: byAccount.retryAfterMs };
  }

  const user = await findUserByEmail(db, email);
  const passwordHash = user && isStaffRole(user.role) ? user.password_hash : null;
  // An unknown address costs the same argon2 work as a known one: no enumeration by timing.
  const passwordMatches = passwordHash
    ? await verifyPassword(passwordHash, input.password)
    : await verifyAgainstDecoy(input.password);

  if (!user || !passwordMatches) {
    // Already counted above: a failure keeps its count.
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

  // The right password: the owner is here, so forget the attempts on this account and give the IP
  // its attempt back (an office behind one address signs many people in).
  await resetRateLimit("passwordAttemptsByAccountAndIp", accountAndIp);
  await refundRateLimit("passwordAttemptsByIp", input.ip);
  await resetAccountAttempts(db, email);

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
