import { approveItem } from "~/modules/feeds/review.server";
import { findShareableItem, publicItemUrl, shareBodiesOf, shareFeed } from "~/modules/feeds/share-feed.server";
import { updateFeedSettings } from "~/modules/feeds/settings.server";
import { withDisclosure, X_MAX_WEIGHT, xWeightWithLink } from "~/modules/feeds/share-texts";
import { createUser, makeFeedItem, makeFeedSource } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

const at = (day: number) => new Date(`2026-12-0${day}T10:00:00Z`);

describe("the share feed", () => {
  it("orders live approved items by the mix rule and leaves expired and pending items out", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "#ancien", promotionalMaxPercent: "50" }, { userId: hr.id });
    // Newest first: company, company, external, external; expired and pending items stay out.
    const c1 = await makeFeedItem({ source: null, kind: "company", status: "approved", fetchedAt: at(9) });
    const c2 = await makeFeedItem({ source: null, kind: "company", status: "approved", fetchedAt: at(8) });
    const e1 = await makeFeedItem({ kind: "external", status: "approved", fetchedAt: at(7) });
    const e2 = await makeFeedItem({ kind: "external", status: "approved", fetchedAt: at(6) });
    await makeFeedItem({ kind: "external", status: "approved", fetchedAt: at(5), expiresAt: new Date("2020-01-01T00:00:00Z") });
    await makeFeedItem({ kind: "external", status: "pending", fetchedAt: at(4) });
    const feed = await shareFeed(testDb());
    // 50 %: a company item may not open the feed alone, so the first external one comes first.
    expect(feed.map((item) => item.id)).toEqual([e1.id, c1.id, e2.id, c2.id]);
  });

  it("gives each card its source's name and the start of a long summary, cut after a word", async () => {
    const source = await makeFeedSource({ name: "Engineering blog", kind: "external" });
    const long = `${"Word ".repeat(200)}end.`;
    await makeFeedItem({ source, status: "approved", summaryText: long, imageUrl: "https://images.example/a.png" });
    const [card] = await shareFeed(testDb());
    expect(card!.sourceName).toBe("Engineering blog");
    expect(card!.hasImage).toBe(true);
    expect(card!.summary.endsWith("Word…")).toBe(true);
    expect(card!.summary.length).toBeLessThanOrEqual(201);
  });

  it("shows at most the limit asked for", async () => {
    for (let i = 0; i < 4; i++) await makeFeedItem({ kind: "external", status: "approved" });
    expect(await shareFeed(testDb(), { limit: 3 })).toHaveLength(3);
  });
});

describe("the texts an alumnus starts from", () => {
  it("are HR's approved texts without the disclosure line, which is given apart", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "#ancien", promotionalMaxPercent: "40" }, { userId: hr.id });
    const pending = await makeFeedItem({ kind: "external", title: "Why we moved to Postgres" });
    await approveItem(testDb(), pending.id, { xEn: "Edited by HR", linkedinFr: "Texte RH" }, { userId: hr.id });
    const item = (await findShareableItem(testDb(), pending.id))!;
    const english = await shareBodiesOf(testDb(), item, "en");
    expect(english.disclosure).toBe("#formeremployee");
    expect(english.bodies.x).toBe("Edited by HR");
    expect(english.bodies.linkedin.startsWith("Why we moved to Postgres")).toBe(true);
    const french = await shareBodiesOf(testDb(), item, "fr");
    expect(french.disclosure).toBe("#ancien");
    expect(french.bodies.linkedin).toBe("Texte RH");
  });

  it("fit X's 280 with the disclosure line and a link, even when HR lengthened the line after approving", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const pending = await makeFeedItem({ kind: "external", title: "A".repeat(20), summaryText: "word ".repeat(120) });
    await approveItem(testDb(), pending.id, {}, { userId: hr.id });
    const line = `#formeremployee ${"x".repeat(80)}`;
    await updateFeedSettings(testDb(), { disclosureEn: line, disclosureFr: "", promotionalMaxPercent: "40" }, { userId: hr.id });
    const item = (await findShareableItem(testDb(), pending.id))!;
    const { bodies, disclosure } = await shareBodiesOf(testDb(), item, "en");
    expect(xWeightWithLink(withDisclosure(bodies.x, disclosure), "https://portal.example/r/abcdefghijkl")).toBeLessThanOrEqual(X_MAX_WEIGHT);
    expect(bodies.x.endsWith("…")).toBe(true);
  });

  it("are not given for an item that is pending, rejected or expired", async () => {
    const pending = await makeFeedItem({ kind: "external", status: "pending" });
    const rejected = await makeFeedItem({ kind: "external", status: "rejected" });
    const expired = await makeFeedItem({ kind: "external", status: "approved", expiresAt: new Date("2020-01-01T00:00:00Z") });
    for (const item of [pending, rejected, expired]) expect(await findShareableItem(testDb(), item.id)).toBeUndefined();
  });

  it("point a company post without a link to its public page", () => {
    expect(publicItemUrl("0b5c4a58-8f3e-4a43-9d59-0f8a6f2b9e11")).toMatch(/^https?:\/\/[^/]+\/feed\/0b5c4a58-8f3e-4a43-9d59-0f8a6f2b9e11$/);
  });
});
