import fc from "fast-check";
import { advocacySignals } from "~/modules/advocacy/analytics.server";
import { setLeaderboardOptIn } from "~/modules/advocacy/leaderboard.server";
import { alumniPointsView } from "~/modules/advocacy/points.server";
import { pointsByDay, type ClickEvent, type ShareEvent } from "~/modules/advocacy/rules";
import { getDb } from "~/utils/db.server";
import { createAlumniProfile, createUser, makeClicks, makeFeedItem, makeShare } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useQueryCounter } from "../../support/query-counter";

/** Points, the leaderboard and the advocacy signals, computed by SQL on the real database (ADR 021). */

useTestDatabase();
const counter = useQueryCounter();

const ZONE = "Europe/Paris";
// Monday 7 December 2026, 15:00 in Paris.
const NOW = new Date("2026-12-07T14:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

async function setRules(rules: { perShare?: number; perClick?: number; cap?: number; leaderboard?: boolean }) {
  await testDb()
    .insertInto("feed_settings")
    .values({ id: true, points_per_share: rules.perShare ?? 5, points_per_click: rules.perClick ?? 10, points_daily_cap: rules.cap ?? 100, leaderboard_enabled: rules.leaderboard ?? true })
    .execute();
}

async function alumnus(name?: string, optIn = false) {
  const user = await createUser({ role: "alumnus", name });
  await createAlumniProfile(user.id, { status: "active" });
  if (optIn) await setLeaderboardOptIn(testDb(), { userId: user.id }, true);
  return user;
}

describe("alumniPointsView", () => {
  it("counts a share once however often it is pressed, on the day of its first press, and clicks once per visitor, link and day", async () => {
    const sam = await alumnus();
    const item = await makeFeedItem({ status: "approved" });
    // Pressed yesterday and again today: one share, yesterday.
    const linkedin = await makeShare({ userId: sam.id, item, channel: "linkedin", at: [daysAgo(1), hoursAgo(1)] });
    await makeShare({ userId: sam.id, item, channel: "x", at: hoursAgo(2) });
    await makeClicks(linkedin.id, [
      { at: hoursAgo(1), ip: "a" },
      { at: hoursAgo(1), ip: "a" }, // the same visitor reloading: not counted again
      { at: hoursAgo(1), ip: "b" },
      { at: hoursAgo(1), ip: null }, // no IP hash: counted on its own
      { at: hoursAgo(1), ip: null },
      { at: daysAgo(1), ip: "a" }, // the same visitor another day: counted
    ]);
    const view = await alumniPointsView(getDb(), sam.id, NOW, ZONE);
    // Today: 1 share (x) × 5 + 4 clicks × 10 = 45; yesterday: 1 share × 5 + 1 click × 10 = 15.
    expect(view.points).toEqual({ today: 45, last30Days: 60, total: 60 });
    expect(view.shares).toBe(2);
    expect(view.clicks).toBe(5);
    expect(view.leaderboard).toEqual({ optedIn: false, rows: [] });
  });

  it("caps each day's points, uses the company's day and HR's rules, and leaves out older days from the last 30", async () => {
    await setRules({ perShare: 3, perClick: 7, cap: 20 });
    const sam = await alumnus();
    const item = await makeFeedItem({ status: "approved" });
    const link = await makeShare({ userId: sam.id, item, at: daysAgo(40) });
    // 23:30 UTC on 6 December is already 7 December in Paris: today.
    await makeClicks(link.id, [
      { at: new Date("2026-12-06T23:30:00Z"), ip: "a" },
      { at: new Date("2026-12-06T23:40:00Z"), ip: "b" },
      { at: new Date("2026-12-06T23:50:00Z"), ip: "c" },
    ]);
    const view = await alumniPointsView(getDb(), sam.id, NOW, ZONE);
    expect(view.points).toEqual({ today: 20, last30Days: 20, total: 23 });
  });

  it("shows the opted-in alumni only, best first, the viewer flagged, and no leaderboard when HR switched it off; in two queries", async () => {
    const item = await makeFeedItem({ status: "approved" });
    const ada = await alumnus("Ada", true);
    const bo = await alumnus("Bo", true);
    const hidden = await alumnus("Hidden");
    const viewer = await alumnus("Viewer", true);
    for (const [person, clicks] of [[ada, 1], [bo, 3], [hidden, 5], [viewer, 0]] as const) {
      const link = await makeShare({ userId: person.id, item, at: hoursAgo(3) });
      await makeClicks(link.id, Array.from({ length: clicks }, (_, i) => ({ at: hoursAgo(2), ip: `ip-${i}` })));
    }
    counter.reset();
    const view = await alumniPointsView(getDb(), viewer.id, NOW, ZONE);
    expect(counter.queries).toHaveLength(2);
    expect(view.leaderboard).toEqual({
      optedIn: true,
      rows: [
        { rank: 1, name: "Bo", points: 35, isYou: false },
        { rank: 2, name: "Ada", points: 15, isYou: false },
        { rank: 3, name: "Viewer", points: 5, isYou: true },
      ],
    });
    await setRules({ leaderboard: false });
    counter.reset();
    const off = await alumniPointsView(getDb(), viewer.id, NOW, ZONE);
    expect(off.leaderboard).toBeNull();
    expect(counter.queries).toHaveLength(1);
  });

  it("lists the top 10, and the reader's own row below them when they are on the board", async () => {
    const item = await makeFeedItem({ status: "approved" });
    const viewer = await alumnus("Viewer", true);
    await makeShare({ userId: viewer.id, item, at: hoursAgo(3) });
    for (let i = 0; i < 11; i += 1) {
      const other = await alumnus(`Other ${String(i).padStart(2, "0")}`, true);
      const link = await makeShare({ userId: other.id, item, at: hoursAgo(3) });
      await makeClicks(link.id, [{ at: hoursAgo(2), ip: "a" }]);
    }
    const rows = (await alumniPointsView(getDb(), viewer.id, NOW, ZONE)).leaderboard!.rows;
    expect(rows).toHaveLength(11);
    expect(rows.slice(0, 10).every((row) => row.rank === 1 && row.points === 15 && !row.isYou)).toBe(true);
    expect(rows[10]).toEqual({ rank: 12, name: "Viewer", points: 5, isYou: true });
  });

  it("gives zeros to someone who never shared", async () => {
    const sam = await alumnus();
    expect(await alumniPointsView(getDb(), sam.id, NOW, ZONE)).toEqual({ points: { today: 0, last30Days: 0, total: 0 }, shares: 0, clicks: 0, dailyCap: 100, leaderboard: { optedIn: false, rows: [] } });
  });

  it("property: the SQL gives the reference model's points, day by day totals included", async () => {
    const sam = await alumnus();
    const items = [await makeFeedItem({ status: "approved" }), await makeFeedItem({ status: "approved" })];
    const rules = { pointsPerShare: 5, pointsPerClick: 10, dailyCap: 100 };
    const at = fc.integer({ min: 0, max: 5 * 24 * 60 }).map((minutes) => new Date(NOW.getTime() - minutes * 60_000));
    const link = fc.record({ item: fc.integer({ min: 0, max: 1 }), channel: fc.constantFrom("linkedin" as const, "x" as const, "facebook" as const) });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ link, presses: fc.array(at, { maxLength: 3 }) }), { maxLength: 4, selector: (share) => `${share.link.item}${share.link.channel}` }),
        fc.array(fc.record({ share: fc.nat(), at, ip: fc.option(fc.constantFrom("a", "b", "c"), { freq: 3 }) }), { maxLength: 25 }),
        async (shareSpecs, clickSpecs) => {
          await testDb().deleteFrom("tracked_links").execute();
          const shares: ShareEvent[] = [];
          for (const spec of shareSpecs) {
            const made = await makeShare({ userId: sam.id, item: items[spec.link.item]!, channel: spec.link.channel, at: spec.presses });
            shares.push({ linkId: made.id, intentsAt: spec.presses });
          }
          const clicks: ClickEvent[] = shares.length
            ? clickSpecs.map((spec) => ({ linkId: shares[spec.share % shares.length]!.linkId, clickedAt: spec.at, ipHash: spec.ip }))
            : [];
          for (const click of clicks) await makeClicks(click.linkId, [{ at: click.clickedAt, ip: click.ipHash }]);
          const model = [...pointsByDay(shares, clicks, rules, ZONE).entries()];
          const view = await alumniPointsView(getDb(), sam.id, NOW, ZONE);
          const sum = (pick: (tally: { shares: number; clicks: number; points: number }) => number, day?: string) =>
            model.filter(([d]) => day === undefined || d === day).reduce((total, [, tally]) => total + pick(tally), 0);
          expect(view.points.total).toBe(sum((tally) => tally.points));
          expect(view.points.today).toBe(sum((tally) => tally.points, "2026-12-07"));
          expect(view.shares).toBe(sum((tally) => tally.shares));
          expect(view.clicks).toBe(sum((tally) => tally.clicks));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("advocacySignals", () => {
  it("answers each person's shares and counted clicks since a moment, in one query", async () => {
    const item = await makeFeedItem({ status: "approved" });
    const ada = await alumnus();
    const bo = await alumnus();
    const nobody = await alumnus();
    const old = await makeShare({ userId: ada.id, item, at: daysAgo(20) });
    await makeShare({ userId: ada.id, item, channel: "x", at: daysAgo(2) });
    await makeClicks(old.id, [{ at: daysAgo(1), ip: "a" }, { at: daysAgo(1), ip: "a" }, { at: daysAgo(15), ip: "b" }]);
    await makeShare({ userId: bo.id, item, at: daysAgo(1) });
    counter.reset();
    const signals = await advocacySignals(getDb(), [ada.id, bo.id, nobody.id], daysAgo(10), ZONE);
    expect(counter.queries).toHaveLength(1);
    expect(signals).toEqual(new Map([[ada.id, { shares: 1, clicks: 1 }], [bo.id, { shares: 1, clicks: 0 }]]));
    expect(await advocacySignals(getDb(), [], daysAgo(10), ZONE)).toEqual(new Map());
  });
});
