import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { createFeedSource } from "~/modules/feeds/sources.server";
import type { FeedItem, FeedItemStatus, FeedKind, FeedSource } from "../../db/schema";
import { testDb } from "../support/database";
import { unique } from "./sequence";

/** A feed source through HR's function (no fetch happens: only the poll fetches). */
export async function makeFeedSource(overrides: Partial<{ name: string; url: string; kind: FeedKind; approval: "auto" | "review" }> = {}): Promise<FeedSource> {
  const n = unique();
  return createFeedSource(
    testDb(),
    { url: overrides.url ?? `https://news${n}.example/feed`, name: overrides.name ?? `Source ${n}`, kind: overrides.kind ?? "external", approval: overrides.approval ?? "review" },
    { userId: null },
    { allowedInternalHosts: new InternalHostAllowList([]) },
  );
}

/**
 * An item as the poll stores it. Inserted directly: the poll's own path needs a feed served over
 * HTTP (tests/integration/feeds/poll.test.ts does that).
 */
export async function makeFeedItem(
  overrides: Partial<{ source: FeedSource | null; kind: FeedKind; status: FeedItemStatus; title: string; summaryHtml: string; summaryText: string; url: string | null; imageUrl: string | null; publishedAt: Date | null; fetchedAt: Date; expiresAt: Date | null }> = {},
): Promise<FeedItem> {
  const n = unique();
  const source = overrides.source === undefined ? await makeFeedSource({ kind: overrides.kind }) : overrides.source;
  const url = overrides.url === undefined ? `https://news.example/articles/${n}` : overrides.url;
  return testDb()
    .insertInto("feed_items")
    .values({
      source_id: source?.id ?? null,
      guid: source ? `guid-${n}` : null,
      kind: overrides.kind ?? source?.kind ?? "company",
      status: overrides.status ?? "pending",
      title: overrides.title ?? `Article ${n}`,
      url,
      canonical_url: url,
      summary_html: overrides.summaryHtml ?? `<p>Summary of article ${n}.</p>`,
      summary_text: overrides.summaryText ?? `Summary of article ${n}.`,
      image_url: overrides.imageUrl ?? null,
      published_at: overrides.publishedAt ?? null,
      fetched_at: overrides.fetchedAt ?? new Date(),
      expires_at: overrides.expiresAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
