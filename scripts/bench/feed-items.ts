import type { DB } from "~/utils/db.server";

/**
 * The feed page's data for `npm run bench -- feed`, on top of the demo data (never in it): the demo
 * alumnus consents to the share feed, and the feed holds `FEED_ITEMS` approved items, a mix of
 * company posts and items of an external source, each with a summary, an image and a link, approved
 * through the same domain functions HR's pages call (so each has its stored share texts).
 */

export const FEED_ITEMS = 50;
/** Company posts among them: the demo's mix rule lets promotional items be at most 40 %. */
const COMPANY_SHARE = 0.4;

const TOPICS = [
  "hybrid teams keep their rituals",
  "the four-day week returns",
  "alumni networks recruit",
  "a new office opens",
  "graduates join the programme",
  "engineers ship the platform",
  "the foundation funds schools",
  "customers renew for five years",
  "the design team wins an award",
  "the annual report is out",
];

/** Seeds the feed page; returns the titles of the items, to check which of them a page shows. */
export async function seedFeedPage(db: DB, alumnusId: string): Promise<string[]> {
  const { recordConsent } = await import("~/modules/alumni/consents.server");
  const { createCompanyPost } = await import("~/modules/feeds/company-posts.server");
  const { approveItem } = await import("~/modules/feeds/review.server");
  const { findUserByEmail } = await import("~/modules/auth/users.server");

  const hr = await findUserByEmail(db, "hr@example.com");
  if (!hr) throw new Error("the demo data has no hr@example.com");
  await recordConsent(db, { userId: alumnusId, purpose: "share_feed", granted: true, source: "preferences", ip: null, locale: "en" });

  // The demo data's own approved items count towards the 50.
  const already = await db.selectFrom("feed_items").select(["title", "kind"]).where("status", "=", "approved").execute();
  const wanted = FEED_ITEMS - already.length;
  const companyWanted = Math.max(0, Math.round(FEED_ITEMS * COMPANY_SHARE) - already.filter((item) => item.kind === "company").length);
  const titles = already.map((item) => item.title);
  const now = Date.now();
  const storyOf = (n: number) => {
    const topic = TOPICS[n % TOPICS.length]!;
    return {
      title: `Bench story ${n + 1}: ${topic}`,
      summary: `What happened when ${topic}, told by the people who were there. Item ${n + 1} of the benchmark's feed, with enough words to fill a card's summary the way a real article's first paragraph does.`,
      link: `https://news.acme.example/bench/${n + 1}`,
      imageUrl: `https://images.acme.example/bench/${n + 1}.jpg`,
    };
  };

  for (let n = 0; n < companyWanted; n++) {
    const item = storyOf(n);
    // Spread over the last days: the feed is ordered by date.
    await createCompanyPost(db, { title: item.title, text: item.summary, link: item.link, imageUrl: item.imageUrl }, { userId: hr.id }, { now: new Date(now - n * 3_600_000) });
    titles.push(item.title);
  }

  const source = await db
    .insertInto("feed_sources")
    .values({ url: "https://bench-weekly.example/feed.xml", name: "Bench Weekly", kind: "external", approval: "review", created_by: hr.id, next_fetch_at: new Date(now + 24 * 3_600_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let n = companyWanted; n < wanted; n++) {
    const item = storyOf(n);
    const url = `https://bench-weekly.example/articles/${n + 1}`;
    const stored = await db
      .insertInto("feed_items")
      .values({
        source_id: source.id,
        guid: url,
        kind: "external",
        status: "pending",
        url,
        canonical_url: url,
        title: item.title,
        summary_html: `<p>${item.summary}</p>`,
        summary_text: item.summary,
        image_url: item.imageUrl,
        published_at: new Date(now - n * 3_600_000 - 1_800_000),
        fetched_at: new Date(now - n * 60_000),
        expires_at: new Date(now + 30 * 24 * 3_600_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await approveItem(db, stored.id, {}, { userId: hr.id });
    titles.push(item.title);
  }
  const approved = await db.selectFrom("feed_items").select((eb) => eb.fn.countAll<string>().as("count")).where("status", "=", "approved").executeTakeFirstOrThrow();
  if (Number(approved.count) !== FEED_ITEMS) throw new Error(`the feed holds ${approved.count} approved items, not ${FEED_ITEMS}`);
  return titles;
}
