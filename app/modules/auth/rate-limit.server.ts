import { createHmac } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getDatabaseHandle } from "~/utils/db.server";
import { getAppSecret } from "~/utils/env.server";

/**
 * Throttles for the sign-in pages, counted in the `rate_limits` table so that every web process
 * sees the same counters. Built on rate-limiter-flexible's RateLimiterPostgres.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const RATE_LIMITS = {
  /**
   * Password attempts on one account from one IP: slows guessing one account's password, and blocks
   * only the guesser's IP, never the account's owner elsewhere. Counted before the password is
   * checked; a successful sign-in forgets them. The account-wide brake across IPs is a growing delay
   * (sign-in-delay.server.ts), not a limit here.
   */
  passwordAttemptsByAccountAndIp: { points: 5, duration: 15 * MINUTE },
  /** Password attempts from one IP: slows spraying one password over many accounts. Successes are refunded. */
  passwordAttemptsByIp: { points: 20, duration: 15 * MINUTE },
  /** Sign-in links asked for one address: stops mail bombing a person. */
  magicLinkByEmail: { points: 5, duration: HOUR },
  magicLinkByIp: { points: 20, duration: HOUR },
  /** Attempts on one set-password link. */
  setPasswordByToken: { points: 10, duration: HOUR },
  /** New exit links asked for from an expired one, per invitation: stops mail bombing the leaver. */
  exitLinkResendByInvitation: { points: 3, duration: HOUR },
  exitLinkResendByIp: { points: 20, duration: HOUR },
  /** HRIS API calls per token (keyed by the token's id): one runaway integration cannot swamp the portal. */
  apiRequestsByToken: { points: 600, duration: MINUTE },
  /** Share buttons pressed by one alumnus: far above what a person does, it stops a script filling share intents. */
  sharesByPerson: { points: 60, duration: HOUR },
  /**
   * "Download my data" requests per person (privacy/export.server.ts): besides one pending at a time,
   * a handful a day, each archive being a full copy of what the portal holds.
   */
  dataExportsByPerson: { points: 5, duration: 24 * HOUR },
  /** "Send me a test" of a newsletter issue, per HR admin: enough to iterate, not enough to spam an inbox. */
  newsletterTestsByPerson: { points: 10, duration: HOUR },
  /**
   * Unsubscribe posts from one IP (newsletter/unsubscribe.server.ts). Generous on purpose: after a
   * send, a mail provider's one-click posts for thousands of its users come from a few of its
   * addresses, and a refused unsubscribe is a compliance failure. It only stops a script hammering
   * the endpoint (a token cannot be guessed: 128 bits of HMAC).
   */
  unsubscribeByIp: { points: 300, duration: 5 * MINUTE },
  /**
   * Pulse answers posted from one IP (pulse/answer.server.ts). A person answers once or twice; an
   * office behind one address answers a few dozen times. It stops a script replaying a leaked link.
   */
  pulseAnswersByIp: { points: 60, duration: 10 * MINUTE },
} as const satisfies Record<string, { points: number; duration: number }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * The library wants a pg-Pool-like client. This one resolves the process database on every query
 * (the database opens at boot, and tests swap it per file) and goes through `raw`, which on PGlite
 * queues behind Kysely's connection instead of cutting into an open transaction.
 */
const storeClient = {
  async query(query: { text: string; values?: unknown[] }) {
    return getDatabaseHandle().raw.query({ text: query.text, values: query.values });
  },
};

// One limiter per name and process, created on first use.
const limiters = new Map<RateLimitName, RateLimiterPostgres>();

function limiterFor(name: RateLimitName): RateLimiterPostgres {
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient,
      storeType: "pool",
      tableName: "rate_limits",
      // Our migration creates the table; the library must not try to.
      tableCreated: true,
      keyPrefix: name,
      points: RATE_LIMITS[name].points,
      duration: RATE_LIMITS[name].duration,
    });
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * The stored key for an address or an IP: an HMAC with the app secret, so the table holds no
 * personal data and its keys cannot be reversed by hashing a list of known addresses.
 */
export function rateLimitKey(value: string): string {
  return createHmac("sha256", getAppSecret()).update(value.trim().toLowerCase()).digest("hex");
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(res.msBeforeNext, 1000);
}

/** Counts one attempt; refuses when the allowance is already spent. */
export async function consumeRateLimit(name: RateLimitName, value: string): Promise<RateLimitVerdict> {
  try {
    await limiterFor(name).consume(rateLimitKey(value), 1);
    return { allowed: true };
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when over the limit, and with an Error on failure.
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: retryAfter(rejection) };
    throw rejection;
  }
}

/** Counts attempts (one by default) without refusing, e.g. to use up an allowance in a test. */
export async function penalizeRateLimit(name: RateLimitName, value: string, points = 1): Promise<void> {
  await limiterFor(name).penalty(rateLimitKey(value), points);
}

/**
 * Gives back one counted attempt, e.g. a sign-in that turned out to be the account's owner, or one
 * that another throttle refused before any password was checked.
 */
export async function refundRateLimit(name: RateLimitName, value: string): Promise<void> {
  await limiterFor(name).reward(rateLimitKey(value), 1);
}

/** Forgets the counter, e.g. an account's attempts from an IP after its owner signs in there. */
export async function resetRateLimit(name: RateLimitName, value: string): Promise<void> {
  await limiterFor(name).delete(rateLimitKey(value));
}

/** The first verdict that refuses, with the longest wait among those that refuse. */
export function combineVerdicts(verdicts: RateLimitVerdict[]): RateLimitVerdict {
  const refused = verdicts.filter((v): v is { allowed: false; retryAfterMs: number } => !v.allowed);
  if (refused.length === 0) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(...refused.map((v) => v.retryAfterMs)) };
}

/** Minutes to show the visitor, rounded up and never 0. */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}

/**
 * The refusal in the visitor's language, saying when to try again: in seconds under a minute (the
 * account delays start at one second), otherwise in minutes.
 */
export function throttledMessage(t: (key: string, options?: Record<string, unknown>) => string, retryAfterMs: number): string {
  if (retryAfterMs < 60_000) return t("errors.throttledSeconds", { count: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  return t("errors.throttled", { count: retryAfterMinutes(retryAfterMs) });
}

/** Headers for a 429 answer. */
export function retryAfterHeaders(retryAfterMs: number): Record<string, string> {
  return { "Retry-After": String(Math.ceil(retryAfterMs / 1000)) };
}
