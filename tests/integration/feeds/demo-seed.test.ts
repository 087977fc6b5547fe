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
});
