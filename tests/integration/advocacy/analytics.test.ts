import { ANALYTICS_ITEMS_MAX, ANALYTICS_SOURCES_MAX, shareAnalytics } from "~/modules/advocacy/analytics.server";
import { getDb } from "~/utils/db.server";
import { createUser, makeClicks, makeFeedItem, makeShare } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

/** HR's share analytics over a period of company days (ADR 021), on the real database. */

useTestDatabase();

const ZONE = "Europe/Paris";
const NOW = new Date("2026-12-07T14:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3_600_000);

describe("shareAnalytics", () => {
  it("counts shares first pressed in the period, and the period's visits even on older shares", async () => {
    const sam = await createUser({ role: "alumnus" });
    const item = await makeFeedItem({ status: "approved", title: "Old news" });
    const old = await makeShare({ userId: sam.id, item, channel: "linkedin", at: [daysAgo(20), daysAgo(1)] });
    await makeShare({ userId: sam.id, item, channel: "facebook", at: daysAgo(2) });
    await makeClicks(old.id, [
      { at: daysAgo(15), ip: "a" },
      { at: daysAgo(1), ip: "a" },
      { at: daysAgo(1), ip: "a" },
      { at: daysAgo(1), ip: null },
    ]);
    const week = await shareAnalytics(getDb(), { period: 7, now: NOW, timeZone: ZONE });
    expect(week.fromDay).toBe("2026-12-01");
    expect(week.items).toEqual([{ id: item.id, title: "Old news", kind: "external", sourceName: expect.any(String), linkedin: 0, x: 0, facebook: 1, shares: 1, clicks: 2, clicksPerShare: 2 }]);
    const month = await shareAnalytics(getDb(), { period: 30, now: NOW, timeZone: ZONE });
    expect(month.totals).toEqual({ items: 1, linkedin: 1, x: 0, facebook: 1, shares: 2, clicks: 3, clicksPerShare: 1.5 });
    // 2 shares × 300 ÷ 1000 × 10.00 + 3 × 1.50 = 10.50.
    expect(month.emv).toEqual({ currency: "EUR", minor: 1050 });
  });

  it("shows the top items by visits then shares, and counts every item in the totals", async () => {
    const sam = await createUser({ role: "alumnus" });
    const count = ANALYTICS_ITEMS_MAX + 2;
    for (let i = 0; i < count; i += 1) {
      const item = await makeFeedItem({ status: "approved", title: `Item ${String(i).padStart(2, "0")}` });
      const link = await makeShare({ userId: sam.id, item, at: daysAgo(1) });
      if (i === 7) await makeClicks(link.id, [{ at: daysAgo(1), ip: "a" }]);
    }
    const analytics = await shareAnalytics(getDb(), { period: 30, now: NOW, timeZone: ZONE });
    expect(analytics.items).toHaveLength(ANALYTICS_ITEMS_MAX);
    expect(analytics.items[0]!.title).toBe("Item 07");
    expect(analytics.items[1]!.title).toBe("Item 00");
    expect(analytics.totals).toMatchObject({ items: count, shares: count, clicks: 1 });
    expect(analytics.sources).toHaveLength(ANALYTICS_SOURCES_MAX);
  });

  it("groups company posts written by HR as one source, and lists no advocate when HR switched the leaderboard off", async () => {
    const sam = await createUser({ role: "alumnus" });
    for (const title of ["Post A", "Post B"]) {
      const item = await makeFeedItem({ source: null, kind: "company", status: "approved", title });
      await makeShare({ userId: sam.id, item, at: daysAgo(1) });
    }
    await testDb().insertInto("feed_settings").values({ id: true, leaderboard_enabled: false }).execute();
    const analytics = await shareAnalytics(getDb(), { period: 30, now: NOW, timeZone: ZONE });
    expect(analytics.sources).toEqual([{ sourceId: null, name: null, shares: 2, clicks: 0 }]);
    expect(analytics.advocates).toBeNull();
  });
});
