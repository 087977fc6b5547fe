import fc from "fast-check";
import { clicksPerShare, dayPoints, earnedMediaValueMinor, pointsByDay, type ClickEvent } from "~/modules/advocacy/rules";

const RULES = { pointsPerShare: 5, pointsPerClick: 10, dailyCap: 100 };
const ZONE = "Europe/Paris";

describe("dayPoints", () => {
  it("weighs clicks more than shares and stops at the cap", () => {
    expect(dayPoints(1, 0, RULES)).toBe(5);
    expect(dayPoints(1, 2, RULES)).toBe(25);
    expect(dayPoints(10, 10, RULES)).toBe(100);
  });

  it("property: never above the cap, never below zero, and more activity never earns less", () => {
    const rules = fc.record({ pointsPerShare: fc.integer({ min: 0, max: 1000 }), pointsPerClick: fc.integer({ min: 0, max: 1000 }), dailyCap: fc.integer({ min: 0, max: 100_000 }) });
    fc.assert(
      fc.property(rules, fc.nat(500), fc.nat(500), fc.nat(10), (r, shares, clicks, more) => {
        const points = dayPoints(shares, clicks, r);
        expect(points).toBeGreaterThanOrEqual(0);
        expect(points).toBeLessThanOrEqual(r.dailyCap);
        expect(dayPoints(shares + more, clicks + more, r)).toBeGreaterThanOrEqual(points);
      }),
    );
  });
});

describe("pointsByDay", () => {
  const link = "link-1";
  it("counts a share on the company day of its first press, once", () => {
    // 23:30 UTC on 6 December is 7 December in Paris.
    const days = pointsByDay([{ linkId: link, intentsAt: [new Date("2026-12-07T10:00:00Z"), new Date("2026-12-06T23:30:00Z")] }], [], RULES, ZONE);
    expect([...days.entries()]).toEqual([["2026-12-07", { shares: 1, clicks: 0, points: 5 }]]);
  });

  it("counts a click once per link, IP hash and day; without an IP hash each click counts; clicks on links never shared do not", () => {
    const at = new Date("2026-12-07T10:00:00Z");
    const clicks: ClickEvent[] = [
      { linkId: link, clickedAt: at, ipHash: "a" },
      { linkId: link, clickedAt: new Date("2026-12-07T18:00:00Z"), ipHash: "a" },
      { linkId: link, clickedAt: new Date("2026-12-08T10:00:00Z"), ipHash: "a" },
      { linkId: link, clickedAt: at, ipHash: null },
      { linkId: link, clickedAt: at, ipHash: null },
      { linkId: "not-shared", clickedAt: at, ipHash: "b" },
    ];
    const days = pointsByDay([{ linkId: link, intentsAt: [at] }], clicks, RULES, ZONE);
    expect(days.get("2026-12-07")).toEqual({ shares: 1, clicks: 3, points: 35 });
    expect(days.get("2026-12-08")).toEqual({ shares: 0, clicks: 1, points: 10 });
  });

  it("property: reloading one's own link (the same visitor again that day) never adds points", () => {
    const at = new Date("2026-12-07T10:00:00Z");
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 30 }), fc.nat(20), (visitors, repeats) => {
        const once = visitors.map((ip) => ({ linkId: link, clickedAt: at, ipHash: ip }));
        const again = [...once, ...Array.from({ length: repeats }, () => once[0]!)];
        const share = [{ linkId: link, intentsAt: [at] }];
        expect(pointsByDay(share, again, RULES, ZONE)).toEqual(pointsByDay(share, once, RULES, ZONE));
        expect(pointsByDay(share, again, RULES, ZONE).get("2026-12-07")!.clicks).toBe(new Set(visitors).size);
      }),
    );
  });
});

describe("earned media value", () => {
  it("is shares × impressions per share ÷ 1000 × CPM + clicks × CPC, in minor units", () => {
    // 4 shares × 300 impressions = 1,200 impressions at 10.00 per thousand = 12.00; 3 clicks × 1.50 = 4.50.
    expect(earnedMediaValueMinor(4, 3, { impressionsPerShare: 300, cpmMinor: 1000, cpcMinor: 150 })).toBe(1650);
    expect(earnedMediaValueMinor(0, 0, { impressionsPerShare: 300, cpmMinor: 1000, cpcMinor: 150 })).toBe(0);
    expect(clicksPerShare(0, 3)).toBeNull();
    expect(clicksPerShare(4, 3)).toBe(0.75);
  });
});
