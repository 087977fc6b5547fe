import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { getAppUrl } from "~/utils/env.server";
import type { FeedKind } from "../../../db/schema";
import { httpUrlOrNull, truncateText } from "./sanitize";

/**
 * The public page of a feed item (`/feed/{id}`, issue 11): what a link shared to LinkedIn, X or
 * Facebook points at when the item has no address of its own, and what their link previewers read.
 * Nobody signs in to see it, so it shows only what the share feed itself shows: an item approved
 * and not expired. Anything else (waiting, rejected, expired, deleted) is "not found", exactly as an
 * id that never existed, so the page does not say which items exist.
 */

/** The description a link preview shows: about two lines of a card. */
export const PUBLIC_DESCRIPTION_LENGTH = 200;

/** The absolute address of an item's public page (a tracked link's target for a post without a link). */
export function publicItemUrl(itemId: string): string {
  return `${getAppUrl()}/feed/${encodeURIComponent(itemId)}`;
}

export interface PublicItem {
  id: string;
  kind: FeedKind;
  title: string;
  /** Sanitised HTML, as stored (sanitised when the poll or HR wrote it). */
  summaryHtml: string;
  /** Plain text for the description tags, cut at a word boundary. */
  description: string;
  /** The original article, http(s) only; none for a company post without a link. */
  url: string | null;
  /** An absolute http(s) image, or none. */
  imageUrl: string | null;
  /** The feed's name; none for a company post (the page names the company). */
  sourceName: string | null;
  /** When it was published, else when it was read. */
  publishedAt: Date;
}

/** The item if anyone may see it now (approved, not expired), with its source's name, in one query. */
export async function findPublicItem(db: DB, id: string, now: Date = new Date()): Promise<PublicItem | null> {
  const row = await db
    .selectFrom("feed_items as i")
    .leftJoin("feed_sources as s", "s.id", "i.source_id")
    .select(["i.id", "i.kind", "i.title", "i.url", "i.image_url", "i.summary_html", "i.summary_text", "s.name as source_name", sql<Date>`coalesce(i.published_at, i.fetched_at)`.as("dated_at")])
    .where("i.id", "=", id)
    .where("i.status", "=", "approved")
    .where((eb) => eb.or([eb("i.expires_at", "is", null), eb("i.expires_at", ">", now)]))
    .executeTakeFirst();
  if (!row) return null;
  const text = row.summary_text.replace(/\s+/g, " ").trim();
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    summaryHtml: row.summary_html,
    description: text ? truncateText(text, PUBLIC_DESCRIPTION_LENGTH) : row.title,
    url: httpUrlOrNull(row.url),
    imageUrl: httpUrlOrNull(row.image_url),
    sourceName: row.kind === "company" ? null : row.source_name,
    publishedAt: new Date(row.dated_at),
  };
}
