import { enqueue } from "~/modules/jobs/boss.server";
import type { Locale } from "../../../db/schema";
import { magicLinkJob } from "./magic-link-job.server";
import { combineVerdicts, consumeRateLimit } from "./rate-limit.server";
import { safeRedirectPath } from "./session.server";

/**
 * Asking for a sign-in link (magic-link.server has the rest of the sign-in by link). Apart from it
 * because it queues the `auth.magic-link` job, whose handler runs magic-link.server's sendMagicLink:
 * the module that queues a job is never the one the job runs, or the two would import each other.
 */

export type MagicLinkRequestResult =
  /** Said whether or not a link was sent: "if an account exists, we sent a link". */
  | { status: "accepted" }
  | { status: "throttled"; retryAfterMs: number };

export interface MagicLinkRequestInput {
  email: string;
  ip: string;
  /** The language of the page the request came from, for a visitor we do not know. */
  locale: Locale;
  /** Where to land after signing in; anything but a path on this site is dropped. */
  redirectTo?: string | null;
}

/**
 * Answers at once and identically for every address: the lookup, the token and the email happen in
 * the `auth.magic-link` job, so neither the answer nor its timing tells whether the address is known.
 */
export async function requestMagicLink(input: MagicLinkRequestInput): Promise<MagicLinkRequestResult> {
  const email = input.email.trim().toLowerCase();
  // Counted for every address, known or not, so that throttling reveals nothing either.
  const throttle = combineVerdicts([
    await consumeRateLimit("magicLinkByEmail", email),
    await consumeRateLimit("magicLinkByIp", input.ip),
  ]);
  if (!throttle.allowed) return { status: "throttled", retryAfterMs: throttle.retryAfterMs };
  const redirectTo = input.redirectTo ? safeRedirectPath(input.redirectTo, "") || null : null;
  await enqueue(magicLinkJob, { email, locale: input.locale, redirectTo });
  return { status: "accepted" };
}
