import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { mixFeed } from "./mix";
import { shareTextsOf } from "./review.server";
import { getFeedSettings } from "./settings.server";
import { composeShareText, SHARE_LANGUAGES, SHARE_NETWORKS, type ShareTexts } from "./share-texts";

/**
 * The share feed as alumni will read it (issue 11; its page is not built yet): the approved items
 * still live, newest first, reordered by the mix rule (docs/decisions/019), each with its share
 * texts composed (the disclosure line appended, X's text fitted to 280 with its link).
 */

/** How many of the newest items the mix rule reorders: far more than a page shows. */
const CANDIDATES = 200;

export async function shareFeed(db: DB, options: { limit?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const settings = await getFeedSettings(db);
  const candidates = await db
    .selectFrom("feed_items")
    .select(["id", "kind", "title", "url", "image_url", "summary_html", "summary_text", sql<Date>`coalesce(published_at, fetched_at)`.as("dated_at")])
    .where("status", "=", "approved")
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .orderBy(sql`coalesce(published_at, fetched_at)`, "desc")
    .orderBy("id")
    .limit(CANDIDATES)
    .execute();
  const ordered = mixFeed(candidates, settings.promotionalMaxPercent).slice(0, options.limit ?? 50);
  const texts = await shareTextsOf(db, ordered, settings);
  return ordered.map((item) => {
    const own = texts.get(item.id)!;
    const share = {} as ShareTexts;
    for (const network of SHARE_NETWORKS) {
      share[network] = { en: "", fr: "" };
      for (const language of SHARE_LANGUAGES) share[network][language] = composeShareText(network, own[network][language], settings.disclosures[language], item.url);
    }
    return { id: item.id, kind: item.kind, title: item.title, url: item.url, imageUrl: item.image_url, summaryHtml: item.summary_html, share };
  });
}
