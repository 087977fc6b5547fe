import { shareAnalytics } from "~/modules/advocacy/analytics.server";
import { alumniPointsView } from "~/modules/advocacy/points.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { listPendingItems } from "~/modules/feeds/review.server";
import { shareFeed } from "~/modules/feeds/share-feed.server";
import { seedDemoData } from "../../../server/seed";
import { installOffboardingDefaults } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

describe("the demo data's share feed", () => {
  it("puts a company post and an article in the feed, three items in the review queue, and Alex in the share feed, without fetching anything", async () => {
    await installOffboardingDefaults();
    expect(await seedDemoData(testDb())).toBe(true);
    const queue = await listPendingItems(testDb(), 1);
    expect(queue.total).toBe(3);
    expect(queue.rows.map((row) => row.source_name ?? "post")).toEqual(["post", "Industry Weekly", "Industry Weekly"]);
    const feed = await shareFeed(testDb());
    expect(feed.map((item) => item.title).sort()).toEqual(["Acme Corp opens its Lisbon office", "The quiet return of the four-day week"]);
    const alex = await testDb().selectFrom("users").select("id").where("email", "=", "alex.alumni@example.net").executeTakeFirstOrThrow();
    expect(await hasConsent(testDb(), alex.id, "share_feed")).toBe(true);
    const source = await testDb().selectFrom("feed_sources").select(["last_fetched_at", "next_fetch_at"]).executeTakeFirstOrThrow();
    expect(source.last_fetched_at).toBeNull();
    expect(source.next_fetch_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("has shares, visits and a leaderboard of two for the points card and HR's analytics", async () => {
    await installOffboardingDefaults();
    expect(await seedDemoData(testDb())).toBe(true);
    const analytics = await shareAnalytics(testDb(), { period: 30 });
    expect(analytics.totals).toMatchObject({ items: 1, linkedin: 2, x: 1, facebook: 1, shares: 4 });
    expect(analytics.totals.clicks).toBeGreaterThan(5);
    expect(analytics.advocates!.map((advocate) => advocate.name).sort()).toEqual(["Alex Martin", "Nadia Haddad"]);
    const alex = await testDb().selectFrom("users").select("id").where("email", "=", "alex.alumni@example.net").executeTakeFirstOrThrow();
    const view = await alumniPointsView(testDb(), alex.id);
    expect(view.shares).toBe(2);
    expect(view.leaderboard?.optedIn).toBe(true);
    expect(view.leaderboard?.rows).toHaveLength(2);
  });
});
