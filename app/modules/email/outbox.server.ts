import { z } from "zod";
import type { DB } from "~/utils/db.server";
import type { Email } from "../../../db/schema";

/** The outbox: every email the portal queued, newest first, for HR admins to check what went out. */

export const OUTBOX_PAGE_SIZE = 50;

/** `?before=<id>`: the page of emails older than this one. Anything else in the query is ignored. */
export const outboxQuerySchema = z.object({
  before: z.uuid({ message: "before must be the id of an email (uuid)" }).optional(),
});

export const emailIdSchema = z.uuid();

export type OutboxListItem = Pick<Email, "id" | "to_address" | "subject" | "template" | "status" | "created_at" | "sent_at">;

export interface OutboxPage {
  items: OutboxListItem[];
  /** The id to pass as `before` for the next (older) page, or null on the last page. */
  nextBefore: string | null;
}

/**
 * One page of the outbox. Keyset pagination on (created_at, id): stable while new mail arrives, and
 * the cursor is a plain id, so no timestamp precision is lost in the URL. An unknown cursor (the
 * email was erased) starts again from the newest.
 */
export async function listOutbox(db: DB, options: { before?: string; limit?: number } = {}): Promise<OutboxPage> {
  const limit = options.limit ?? OUTBOX_PAGE_SIZE;
  let query = db
    .selectFrom("emails")
    .select(["id", "to_address", "subject", "template", "status", "created_at", "sent_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (options.before) {
    const cursor = await db.selectFrom("emails").select(["id", "created_at"]).where("id", "=", options.before).executeTakeFirst();
    if (cursor) {
      query = query.where((eb) =>
        eb.or([
          eb("created_at", "<", cursor.created_at),
          eb.and([eb("created_at", "=", cursor.created_at), eb("id", "<", cursor.id)]),
        ]),
      );
    }
  }
  const rows = await query.execute();
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

export type OutboxEmail = Pick<
  Email,
  | "id"
  | "to_address"
  | "from_address"
  | "subject"
  | "template"
  | "locale"
  | "status"
  | "transport"
  | "provider_id"
  | "attempts"
  | "last_error"
  | "text"
  | "links_removed"
  | "created_at"
  | "sent_at"
>;

/**
 * One email without its HTML (the page shows the HTML through its own sandboxed route). Never the
 * sealed deliverable body: what HR reads is the stored copy, whose secret links are removed unless
 * the outbox is the local inbox (see outbox-mode.server.ts).
 */
export function findOutboxEmail(db: DB, id: string): Promise<OutboxEmail | undefined> {
  return db
    .selectFrom("emails")
    .select([
      "id",
      "to_address",
      "from_address",
      "subject",
      "template",
      "locale",
      "status",
      "transport",
      "provider_id",
      "attempts",
      "last_error",
      "text",
      "links_removed",
      "created_at",
      "sent_at",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findOutboxEmailHtml(db: DB, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("emails").select("html").where("id", "=", id).executeTakeFirst();
  return row?.html;
}

/**
 * Headers for the stored HTML shown in the outbox's iframe. The email is untrusted content: no
 * script, no request except images over https, framable only by the portal's own pages.
 */
export const EMAIL_PREVIEW_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'",
  "X-Frame-Options": "SAMEORIGIN",
  "X-Content-Type-Options": "nosniff",
  // Links in emails carry tokens: never leak them to the sites the images come from.
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "private, no-store",
} as const;

/**
 * Makes every link of the preview open in a new tab (the iframe's sandbox lets popups out, but
 * not navigation of the portal's page): a <base target="_blank"> at the top of <head>.
 */
export function previewHtml(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  return base + html;
}
