import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getAppSecret, getAppUrl } from "~/utils/env.server";

/**
 * The link that answers a pulse as one person: `/pulse/{pulseId}.{userId}.{mac}`. As the newsletter's
 * unsubscribe token (newsletter/signed-links.server.ts), it is derived, never stored: an HMAC of what
 * it names with the app secret, under its own purpose prefix ("pulse-answer") so that no other signed
 * value can pass for it. The same pulse and person always give the same link, so the newsletter can
 * rebuild a batch byte for byte. Rotating APP_SECRET invalidates the links already sent.
 *
 * The token only lets its holder answer (and change the answer to) that pulse as that person: it
 * opens no session and shows nothing else about them.
 */

/** 128 bits of the HMAC: more than enough against guessing, short enough for a URL. */
const TOKEN_MAC_LENGTH = 22;
const PURPOSE = "pulse-answer";

const subjectSchema = z.object({ pulseId: z.uuid(), userId: z.uuid() });
export type PulseLinkSubject = z.infer<typeof subjectSchema>;

function mac(body: string): string {
  return createHmac("sha256", getAppSecret()).update(`${PURPOSE}:${body}`).digest("base64url").slice(0, TOKEN_MAC_LENGTH);
}

export function pulseAnswerToken(subject: PulseLinkSubject): string {
  const body = `${subject.pulseId}.${subject.userId}`;
  return `${body}.${mac(body)}`;
}

/** The subject of a token this portal signed; null for anything else (malformed, altered, truncated). */
export function readPulseAnswerToken(token: string): PulseLinkSubject | null {
  if (token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [pulseId, userId, given] = parts as [string, string, string];
  const parsed = subjectSchema.safeParse({ pulseId, userId });
  if (!parsed.success) return null;
  const expected = Buffer.from(mac(`${pulseId}.${userId}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return parsed.data;
}

/** The absolute answer page of a person for a pulse; the scale's links add `?score=N`. */
export function pulseAnswerUrl(subject: PulseLinkSubject): string {
  return `${getAppUrl()}/pulse/${pulseAnswerToken(subject)}`;
}
