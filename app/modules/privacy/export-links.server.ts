import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getAppSecret, getAppUrl } from "~/utils/env.server";

/**
 * The download link of a "Download my data" archive: `/alumni/data/download/{exportId}.{expires}.{mac}`,
 * `expires` in seconds since the epoch. As the pulse and unsubscribe links, it is derived, never
 * stored: an HMAC of what it names with the app secret, under its own purpose prefix, so no other
 * signed value passes for it and the database holds nothing usable (docs/decisions/031). The page
 * can show the same link again to its signed-in owner; the email's stored copy drops it (a "secret"
 * link, ADR 010). The link also needs the owner's session: alone it opens nothing.
 */

const TOKEN_MAC_LENGTH = 22;
const PURPOSE = "data-export";

export interface ExportLinkSubject {
  exportId: string;
  expiresAt: Date;
}

function mac(body: string): string {
  return createHmac("sha256", getAppSecret()).update(`${PURPOSE}:${body}`).digest("base64url").slice(0, TOKEN_MAC_LENGTH);
}

export function exportDownloadToken(subject: ExportLinkSubject): string {
  const body = `${subject.exportId}.${Math.floor(subject.expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(body)}`;
}

const partsSchema = z.tuple([z.uuid(), z.string().regex(/^\d{1,12}$/), z.string()]);

/** The subject of a token this portal signed; null for anything else (malformed, altered, truncated). */
export function readExportDownloadToken(token: string): ExportLinkSubject | null {
  if (token.length > 200) return null;
  const parsed = partsSchema.safeParse(token.split("."));
  if (!parsed.success) return null;
  const [exportId, expires, given] = parsed.data;
  const expected = Buffer.from(mac(`${exportId}.${expires}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { exportId, expiresAt: new Date(Number(expires) * 1000) };
}

export function exportDownloadPath(subject: ExportLinkSubject): string {
  return `/alumni/data/download/${exportDownloadToken(subject)}`;
}

export function exportDownloadUrl(subject: ExportLinkSubject): string {
  return `${getAppUrl()}${exportDownloadPath(subject)}`;
}
