import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getAppSecret, getAppUrl } from "~/utils/env.server";

/**
 * The per-recipient values a newsletter carries, derived rather than stored (docs/decisions/024):
 * the same issue and recipient always give the same URL and the same link code, so a batch rebuilt
 * after a crash is byte for byte the payload first posted, and Resend's idempotency key answers it
 * without a second delivery.
 *
 * Each value is an HMAC of what it names with the app secret, under its own purpose prefix so that
 * one kind can never be passed off as another. Nothing is stored, so nothing can leak from the
 * database; rotating APP_SECRET invalidates every unsubscribe link already sent (they then show
 * the preference centre instead), which is the price of not storing them.
 */

function mac(purpose: string, value: string): string {
  return createHmac("sha256", getAppSecret()).update(`${purpose}:${value}`).digest("base64url");
}

/** 128 bits of the HMAC: more than enough against guessing, short enough for a URL. */
const TOKEN_MAC_LENGTH = 22;

const unsubscribePayload = z.object({ issueId: z.uuid(), userId: z.uuid() });
export type UnsubscribeSubject = z.infer<typeof unsubscribePayload>;

/** `{issueId}.{userId}.{mac}`: names the person and the issue the unsubscribe came from. */
export function unsubscribeToken(subject: UnsubscribeSubject): string {
  const body = `${subject.issueId}.${subject.userId}`;
  return `${body}.${mac("newsletter-unsubscribe", body).slice(0, TOKEN_MAC_LENGTH)}`;
}

/** The subject of a token this portal signed; null for anything else (malformed, altered, truncated). */
export function readUnsubscribeToken(token: string): UnsubscribeSubject | null {
  if (token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [issueId, userId, given] = parts as [string, string, string];
  const parsed = unsubscribePayload.safeParse({ issueId, userId });
  if (!parsed.success) return null;
  const expected = Buffer.from(mac("newsletter-unsubscribe", `${issueId}.${userId}`).slice(0, TOKEN_MAC_LENGTH));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return parsed.data;
}

/** The absolute one-click URL for the List-Unsubscribe header and the footer link. */
export function unsubscribeUrl(subject: UnsubscribeSubject): string {
  // getAppUrl(), not APP_URL: outside production APP_URL may be unset (the portal then names itself by its port).
  return `${getAppUrl()}/unsubscribe/${unsubscribeToken(subject)}`;
}

/**
 * The tracked-link code of one item for one recipient of one issue: 16 URL-safe characters (96 bits)
 * of an HMAC, so it is unguessable like a random code but the same every time it is derived.
 * Recipients without a user (none today) share the issue's code for the item.
 */
export function newsletterLinkCode(input: { issueId: string; feedItemId: string; userId: string | null }): string {
  return mac("newsletter-link", `${input.issueId}.${input.feedItemId}.${input.userId ?? "-"}`).slice(0, 16);
}

/** The tracked-link code of one opening of the "Open roles" section for one recipient of one issue (as newsletterLinkCode). */
export function newsletterOpeningLinkCode(input: { issueId: string; openingId: string; userId: string | null }): string {
  return mac("newsletter-opening-link", `${input.issueId}.${input.openingId}.${input.userId ?? "-"}`).slice(0, 16);
}
