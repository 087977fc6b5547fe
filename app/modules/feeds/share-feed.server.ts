import { sql } from "kysely";
import type { ShareLanguage, ShareNetwork } from "../../../db/schema";
import type { DB } from "~/utils/db.server";
import { mixFeed } from "./mix";
import { publicItemUrl } from "./public-item.server";
import { shareTextsOf } from "./review.server";
import { getFeedSettings, type FeedSettings } from "./settings.server";
import { fitShareBody, SHARE_NETWORKS } from "./share-texts";

/**
 * The share feed as alumni read it (issue 11): the approved items still live, newest first,
 * reordered by the mix rule (docs/decisions/019). The feed's cards carry no share text: texts are
 * composed for one item when it is shared or opened for editing (composing X's text means running
 * X's own counter, too costly for fifty cards that are mostly scrolled past).
 */

/** How many of the newest items the mix rule reorders: far more than a page shows. */
const CANDIDATES = 200;

/** A card's summary: the start of the plain text; the whole summary is on the item's page. */
const CARD_SUMMARY_LENGTH = 200;

export interface FeedCard {
  id: string;
  kind: "company" | "external";
  title: string;
  url: string | null;
  /** Whether the item has an image; its address stays on the server (served by the portal). */
  hasImage: boolean;
  summary: string;
  sourceName: string | null;
  datedAt: Date;
}

function live(now: Date) {
  return sql<boolean>`feed_items.status = 'approved' and (feed_items.expires_at is null or feed_items.expires_at > ${now})`;
}

function clip(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?–—-]+$/u, "")}…`;
}

export async function shareFeed(db: DB, options: { limit?: number; now?: Date } = {}): Promise<FeedCard[]> {
  const now = options.now ?? new Date();
  // The order first, from the candidates' kinds and dates alone (the mix limit comes with them: one
  // round trip), then the cards' contents for the items shown only: most candidates are not shown.
  const candidates = await db
    .selectFrom("feed_items")
    .select([
      "feed_items.id",
      "feed_items.kind",
      sql<number | null>`(select promotional_max_percent from feed_settings)`.as("promotional_max_percent"),
    ])
    .where(live(now))
    .orderBy(sql`coalesce(feed_items.published_at, feed_items.fetched_at)`, "desc")
    .orderBy("feed_items.id")
    .limit(CANDIDATES)
    .execute();
  if (candidates.length === 0) return [];
  const maxPercent = candidates[0]!.promotional_max_percent ?? (await getFeedSettings(db)).promotionalMaxPercent;
  const shown = mixFeed(candidates, maxPercent).slice(0, options.limit ?? 50);
  const rows = await db
    .selectFrom("feed_items")
    .leftJoin("feed_sources", "feed_sources.id", "feed_items.source_id")
    .select([
      "feed_items.id",
      "feed_items.title",
      "feed_items.url",
      sql<boolean>`feed_items.image_url is not null`.as("has_image"),
      // Enough of the summary for a card, not the whole text of a long article.
      sql<string>`left(feed_items.summary_text, ${CARD_SUMMARY_LENGTH * 2})`.as("summary_text"),
      "feed_sources.name as source_name",
      sql<Date>`coalesce(feed_items.published_at, feed_items.fetched_at)`.as("dated_at"),
    ])
    .where(
      "feed_items.id",
      "in",
      shown.map((item) => item.id),
    )
    .execute();
  const contents = new Map(rows.map((row) => [row.id, row]));
  return shown.flatMap((item) => {
    const row = contents.get(item.id);
    // Gone between the two reads (deleted by HR): left out rather than shown half.
    if (!row) return [];
    return [
      {
        id: item.id,
        kind: item.kind,
        title: row.title,
        url: row.url,
        hasImage: row.has_image,
        summary: clip(row.summary_text, CARD_SUMMARY_LENGTH),
        sourceName: row.source_name,
        datedAt: row.dated_at,
      },
    ];
  });
}

export interface ShareableItem {
  id: string;
  kind: "company" | "external";
  title: string;
  /** The original article; null for a company post written in the portal. */
  url: string | null;
  imageUrl: string | null;
  summaryText: string;
  sourceName: string | null;
}

/** An item alumni may share now (approved, not expired), or undefined. */
export async function findShareableItem(db: DB, itemId: string, now: Date = new Date()): Promise<ShareableItem | undefined> {
  const row = await db
    .selectFrom("feed_items")
    .leftJoin("feed_sources", "feed_sources.id", "feed_items.source_id")
    .select([
      "feed_items.id",
      "feed_items.kind",
      "feed_items.title",
      "feed_items.url",
      "feed_items.image_url",
      "feed_items.summary_text",
      "feed_sources.name as source_name",
    ])
    .where("feed_items.id", "=", itemId)
    .where(live(now))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    url: row.url,
    imageUrl: row.image_url,
    summaryText: row.summary_text,
    sourceName: row.source_name,
  };
}

/** The item's public page (`/feed/{id}`, public-item.server.ts): what a share of a company post without a link points to. */
export { publicItemUrl };

/** Where a share of the item leads: the original article, or the item's public page. */
export function shareTarget(item: Pick<ShareableItem, "id" | "url">): string {
  return item.url ?? publicItemUrl(item.id);
}

export interface ShareBodies {
  /** The editable part of each network's text, X's already fitted to 280 with the line and a link. */
  bodies: Record<ShareNetwork, string>;
  /** The disclosure line appended to every text, in this language ("" when HR set none). */
  disclosure: string;
}

/**
 * The texts an alumnus starts from, in one language: HR's approved text or the default, without the
 * disclosure line, which is appended when shared and is not the alumnus's to remove.
 */
export async function shareBodiesOf(db: DB, item: ShareableItem, language: ShareLanguage, settings?: FeedSettings): Promise<ShareBodies> {
  const feedSettings = settings ?? (await getFeedSettings(db));
  const link = shareTarget(item);
  const texts = (await shareTextsOf(db, [{ id: item.id, title: item.title, summary_text: item.summaryText, url: link }], feedSettings)).get(item.id)!;
  const disclosure = feedSettings.disclosures[language];
  const bodies = {} as Record<ShareNetwork, string>;
  for (const network of SHARE_NETWORKS) bodies[network] = fitShareBody(network, texts[network][language], disclosure, link);
  return { bodies, disclosure };
}
