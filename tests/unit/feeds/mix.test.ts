import fc from "fast-check";
import { describeMix, mixFeed } from "~/modules/feeds/mix";

type Item = { id: number; kind: "company" | "external" };
const items = (kinds: string): Item[] => [...kinds].map((k, id) => ({ id, kind: k === "c" ? "company" : "external" }));
const kinds = (feed: Item[]) => feed.map((item) => (item.kind === "company" ? "c" : "e")).join("");

describe("mixFeed", () => {
  it("keeps the newest-first order when the limit allows it", () => {
    expect(kinds(mixFeed(items("ecee"), 50))).toBe("ecee");
    // At 40 %, one company item in the first two would be 50 %: it waits one place.
    expect(kinds(mixFeed(items("ecee"), 40))).toBe("eece");
    expect(kinds(mixFeed(items("ccee"), 100))).toBe("ccee");
  });

  it("defers company items behind external ones, never drops them", () => {
    // 40 %: a company item first would be 100 % of the feed.
    const feed = mixFeed(items("cceeeee"), 40);
    expect(kinds(feed)).toBe("eececee");
    expect(feed.map((item) => item.id)).toEqual([2, 3, 0, 4, 1, 5, 6]);
  });

  it("puts the company items left at the end when no external item remains", () => {
    expect(kinds(mixFeed(items("ccce"), 40))).toBe("eccc");
    expect(kinds(mixFeed(items("cc"), 0))).toBe("cc");
  });

  const arbitraryFeed = fc.array(fc.constantFrom<"company" | "external">("company", "external"), { maxLength: 80 }).map((list) => list.map((kind, id) => ({ id, kind })));

  it("property: a permutation that keeps each kind's order, and every prefix within the limit while external items remain", () => {
    fc.assert(
      fc.property(arbitraryFeed, fc.integer({ min: 0, max: 100 }), (input, percent) => {
        const feed = mixFeed(input, percent);
        expect([...feed].sort((a, b) => a.id - b.id)).toEqual(input);
        for (const kind of ["company", "external"]) {
          const ids = feed.filter((item) => item.kind === kind).map((item) => item.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        }
        const externalTotal = input.filter((item) => item.kind === "external").length;
        let company = 0;
        let external = 0;
        feed.forEach((item, index) => {
          if (item.kind === "company") company += 1;
          else external += 1;
          if (external < externalTotal) expect(company * 100).toBeLessThanOrEqual(percent * (index + 1));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("property: external items are never delayed, and a limit of 100 % changes nothing", () => {
    fc.assert(
      fc.property(arbitraryFeed, fc.integer({ min: 0, max: 100 }), (input, percent) => {
        expect(mixFeed(input, 100)).toEqual(input);
        const feed = mixFeed(input, percent);
        // An external item is never later than in the input: only company items move back.
        feed.forEach((item, index) => {
          if (item.kind === "external") expect(index).toBeLessThanOrEqual(input.indexOf(item));
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("describeMix", () => {
  it("gives the share of company items and whether it is over the limit", () => {
    expect(describeMix({ company: 3, external: 7 }, 40)).toEqual({ company: 3, external: 7, total: 10, companyPercent: 30, maxPercent: 40, overLimit: false });
    expect(describeMix({ company: 1, external: 1 }, 40)).toMatchObject({ companyPercent: 50, overLimit: true });
    expect(describeMix({ company: 0, external: 0 }, 40)).toMatchObject({ companyPercent: 0, overLimit: false });
  });
});
