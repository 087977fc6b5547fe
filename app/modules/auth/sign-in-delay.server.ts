import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { rateLimitKey, type RateLimitVerdict } from "./rate-limit.server";

/**
 * The per-account brake on password guessing, across every IP.
 *
 * A hard limit per account would let anyone lock a colleague out by typing wrong passwords (the
 * issue-8 review did exactly that to hr@…). So an account gets a generous number of attempts, then
 * each further attempt must wait a delay that doubles with every attempt, up to a short ceiling: a
 * botnet spread over many IPs gets a handful of guesses an hour, while the real person waits at most
 * the ceiling. The wait is enforced by refusing (with the time to try again), never by holding the
 * request open. See the addendum in docs/decisions/002-sessions-per-lucia-guide.md.
 */
export const SIGN_IN_DELAY = {
  /** Attempts on one account, from any IPs, before the delays start. */
  freeAttempts: 10,
  /** The delay after the first attempt past the free ones; it doubles after each further attempt. */
  firstDelayMs: 1_000,
  /** The ceiling: the longest a real user can be asked to wait. */
  maxDelayMs: 5 * 60_000,
  /** The count is forgotten after this long without an attempt. */
  forgetAfterMs: 15 * 60_000,
} as const;

/** The delay owed after the nth attempt (1-based) in the current window. */
export function delayAfterAttempt(attempts: number): number {
  if (attempts < SIGN_IN_DELAY.freeAttempts) return 0;
  // Capped exponent: 2^30 ms already exceeds the ceiling, and keeps the number finite.
  const doublings = Math.min(attempts - SIGN_IN_DELAY.freeAttempts, 30);
  return Math.min(SIGN_IN_DELAY.firstDelayMs * 2 ** doublings, SIGN_IN_DELAY.maxDelayMs);
}

/**
 * Counts one password attempt for the account, or refuses it while the account's delay runs.
 * Counted before the password is checked and decided in one statement (an upsert whose update is
 * conditional), so parallel requests are counted one by one like serial ones: of many requests that
 * arrive together, one passes and the others see its new delay.
 */
export async function registerAccountAttempt(db: DB, email: string): Promise<RateLimitVerdict> {
  const key = rateLimitKey(email);
  // Taken from Date.now() rather than the database clock, so tests can move time with fake timers.
  const now = new Date();
  const forgetAt = new Date(now.getTime() + SIGN_IN_DELAY.forgetAfterMs);
  const { freeAttempts, firstDelayMs, maxDelayMs } = SIGN_IN_DELAY;
  // The delay expression mirrors delayAfterAttempt(), on the row's new count.
  const newCount = sql`(case when d.expires_at <= ${now} then 1 else d.attempts + 1 end)`;
  const counted = await sql<{ attempts: number }>`
    insert into sign_in_delays as d (key, attempts, next_attempt_at, expires_at)
    values (${key}, 1, ${new Date(now.getTime() + delayAfterAttempt(1))}, ${forgetAt})
    on conflict (key) do update set
      attempts = ${newCount},
      next_attempt_at = ${now}::timestamptz + (case
        when ${newCount} < ${freeAttempts}::int then 0
        else least(${firstDelayMs}::float8 * power(2, least(${newCount} - ${freeAttempts}::int, 30)), ${maxDelayMs}::float8)
      end) * interval '1 millisecond',
      expires_at = ${forgetAt}
    where d.expires_at <= ${now} or d.next_attempt_at <= ${now}
    returning attempts
  `.execute(db);
  if (counted.rows.length > 0) return { allowed: true };

  const row = await db.selectFrom("sign_in_delays").select("next_attempt_at").where("key", "=", key).executeTakeFirst();
  const waitMs = row ? new Date(row.next_attempt_at).getTime() - now.getTime() : 0;
  return { allowed: false, retryAfterMs: Math.max(waitMs, 1000) };
}

/** Forgets the account's attempts: its owner proved the password. */
export async function resetAccountAttempts(db: DB, email: string): Promise<void> {
  await db.deleteFrom("sign_in_delays").where("key", "=", rateLimitKey(email)).execute();
}
