import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getAppSecret, getAppUrl } from "~/utils/env.server";

/**
 * The "Manage your email preferences" link in the footer of every email sent to an alumnus:
 * `/email-preferences/{userId}.{mac}` (docs/decisions/032). Like the newsletter's unsubscribe token it
 * is derived, never stored: an HMAC of the user id with the app secret under its own purpose prefix
 * ("email-preferences"), so that no other signed value (an unsubscribe or pulse token) can pass for
 * it. The same person always gets the same link, so a newsletter batch rebuilt after a crash is the
 * same bytes. Rotating APP_SECRET invalidates every link already sent.
 *
 * What the link grants is deliberately small, because it sits in stored copies of emails and in
 * forwarded ones: seeing which purposes are on (with the address masked) and turning them off. Turning
 * anything on, changing the address or the language needs a signed-in session.
 */

/** 128 bits of the HMAC: more than enough against guessing, short enough for a URL. */
const TOKEN_MAC_LENGTH = 22;
const PURPOSE = "email-preferences";

const userIdSchema = z.uuid();

function mac(userId: string): string {
  return createHmac("sha256", getAppSecret()).update(`${PURPOSE}:${userId}`).digest("base64url").slice(0, TOKEN_MAC_LENGTH);
}

export function emailPreferencesToken(userId: string): string {
  return `${userId}.${mac(userId)}`;
}

/** The user a token this portal signed names; null for anything else (malformed, altered, truncated). */
export function readEmailPreferencesToken(token: string): { userId: string } | null {
  if (token.length > 100) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [userId, given] = parts as [string, string];
  const parsed = userIdSchema.safeParse(userId);
  if (!parsed.success) return null;
  const expected = Buffer.from(mac(parsed.data));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { userId: parsed.data };
}

/** The absolute no-sign-in preferences page of a person. */
export function emailPreferencesUrl(userId: string): string {
  return `${getAppUrl()}/email-preferences/${emailPreferencesToken(userId)}`;
}
