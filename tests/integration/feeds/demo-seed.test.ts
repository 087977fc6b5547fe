import { shareAnalytics } from "~/modules/advocacy/analytics.server";
import { alumniPointsView } from "~/modules/advocacy/points.server";
import { listPendingItems } from "~/modules/feeds/review.server";
import { seedDemoData } from "../../../server/seed";
import { installOffboardingDefaults } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

describe("the demo data's share feed", () => {
  it("puts a company post in the feed and four items in the review queue, without fetching anything", async () => {
    await installOffboardingDefaults();
    expect(await seedDemoData(testDb())).toBe(true);
    const queue = await listPendingItems(testDb(), 1);
    expect(queue.total).toBe(4);
    expect(queue.rows.map((row) => row.source_name ?? "post")).toEqual(["post", "Industry Weekly", "Industry Weekly", "Industry Weekly"]);
    const approved = await testDb().selectFrom("feed_items").select(["kind", "title"]).where("status", "=", "approved").execute();
    expect(approved).toEqual([{ kind: "company", title: "Acme Corp opens its Lisbon office" }]);
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
