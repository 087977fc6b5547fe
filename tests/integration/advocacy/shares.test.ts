import { recordShare, SHARE_FEED_CAMPAIGN } from "~/modules/advocacy/shares.server";
import { recordConsent } from "~/modules/alumni/consents.server";
import { updateFeedSettings } from "~/modules/feeds/settings.server";
import { X_MAX_WEIGHT, xWeightWithLink } from "~/modules/feeds/share-texts";
import { isDomainFailure } from "~/utils/failures";
import { createUser, makeAlumnus, makeFeedItem } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

async function counts() {
  const links = await testDb().selectFrom("tracked_links").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const intents = await testDb().selectFrom("share_intents").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return { links: Number(links.n), intents: Number(intents.n) };
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isDomainFailure(error)) throw new Error(`expected a DomainFailure, got ${String(error)}`);
  return error;
}

describe("recording a share", () => {
  it("gives X the suggested text with the disclosure line and the tracked link, and counts the share on the link of (item, person, network)", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "#ancien", promotionalMaxPercent: "40" }, { userId: hr.id });
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved", title: "Postgres at scale", url: "https://news.example/postgres?ref=rss" });

    const share = await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "x", language: "en" });
    const address = new URL(share.shareUrl);
    expect(address.origin + address.pathname).toBe("https://twitter.com/intent/tweet");
    expect(address.searchParams.get("url")).toBe(share.link);
    expect(share.link).toMatch(/\/r\/[A-Za-z0-9_-]{12}$/);
    expect(address.searchParams.get("text")).toBe(share.text);
    expect(share.text.startsWith("Postgres at scale")).toBe(true);
    expect(share.text.endsWith("\n\n#formeremployee")).toBe(true);
    expect(xWeightWithLink(share.text, share.link)).toBeLessThanOrEqual(X_MAX_WEIGHT);

    const link = await testDb().selectFrom("tracked_links").selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({ feed_item_id: item.id, user_id: alumnus.id, channel: "x", campaign: SHARE_FEED_CAMPAIGN, target_url: "https://news.example/postgres?ref=rss" });
    expect(share.link.endsWith(`/r/${link.code}`)).toBe(true);
    const intent = await testDb().selectFrom("share_intents").selectAll().executeTakeFirstOrThrow();
    expect(intent).toMatchObject({ link_id: link.id, language: "en", edited: false });
  });

  it("gives the same link to a second share of the item on the network, and a new link on another network", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const first = await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "linkedin", language: "en" });
    const again = await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "linkedin", language: "fr" });
    const facebook = await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "facebook", language: "en" });
    expect(again.link).toBe(first.link);
    expect(facebook.link).not.toBe(first.link);
    expect(await counts()).toEqual({ links: 2, intents: 3 });
    // LinkedIn and Facebook take only the link; the text is the alumnus's to paste.
    expect(new URL(first.shareUrl).searchParams.get("url")).toBe(first.link);
    expect([...new URL(first.shareUrl).searchParams.keys()]).toEqual(["url"]);
    expect(new URL(facebook.shareUrl).searchParams.get("u")).toBe(facebook.link);
  });

  it("keeps the alumnus's own words, marks the share edited and still appends the disclosure line", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "", promotionalMaxPercent: "40" }, { userId: hr.id });
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const share = await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "x", language: "en", text: "  My old team wrote this. Worth a read!\r\n" });
    expect(share.text).toBe("My old team wrote this. Worth a read!\n\n#formeremployee");
    expect(new URL(share.shareUrl).searchParams.get("text")).toBe(share.text);
    const intent = await testDb().selectFrom("share_intents").select("edited").executeTakeFirstOrThrow();
    expect(intent.edited).toBe(true);
  });

  it("refuses an X text that does not fit 280 with the line and the link, naming the field, and writes nothing", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const failure = await failureOf(recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "x", language: "en", text: "é".repeat(257) }));
    expect(failure.kind).toBe("invalid");
    expect(failure.failures[0]).toMatchObject({ code: "share.xTooLong", field: "text", values: { length: 281, max: 280, over: 1 } });
    // 256 characters + a space + the link (23) = 280: fits.
    await recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "x", language: "en", text: "é".repeat(256) });
    expect(await counts()).toEqual({ links: 1, intents: 1 });
  });

  it("refuses an empty text and a LinkedIn text over 3,000 characters", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    expect((await failureOf(recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "linkedin", language: "en", text: "  \n " }))).code).toBe("share.textRequired");
    expect((await failureOf(recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "linkedin", language: "en", text: "a".repeat(3001) }))).code).toBe("share.textTooLong");
    expect(await counts()).toEqual({ links: 0, intents: 0 });
  });

  it("refuses a person who never chose the share feed, or withdrew it, and writes nothing", async () => {
    const never = await makeAlumnus({ consents: ["newsletter"] });
    const withdrew = await makeAlumnus({ consents: ["share_feed"] });
    await recordConsent(testDb(), { userId: withdrew.id, purpose: "share_feed", granted: false, source: "preferences", ip: null, locale: "en" });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    for (const person of [never, withdrew]) {
      const failure = await failureOf(recordShare(testDb(), { userId: person.id, itemId: item.id, network: "x", language: "en" }));
      expect(failure).toMatchObject({ kind: "refused" });
      expect(failure.code).toBe("share.consentMissing");
    }
    expect(await counts()).toEqual({ links: 0, intents: 0 });
  });

  it("refuses an item that is pending, rejected or expired as not found", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const items = [
      await makeFeedItem({ kind: "external", status: "pending" }),
      await makeFeedItem({ kind: "external", status: "rejected" }),
      await makeFeedItem({ kind: "external", status: "approved", expiresAt: new Date("2020-01-01T00:00:00Z") }),
    ];
    for (const item of items) {
      expect((await failureOf(recordShare(testDb(), { userId: alumnus.id, itemId: item.id, network: "linkedin", language: "en" }))).kind).toBe("notFound");
    }
    expect(await counts()).toEqual({ links: 0, intents: 0 });
  });

  it("leads a share of a company post without a link to the post's public page", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const post = await makeFeedItem({ source: null, kind: "company", status: "approved", url: null });
    await recordShare(testDb(), { userId: alumnus.id, itemId: post.id, network: "facebook", language: "en" });
    const link = await testDb().selectFrom("tracked_links").select("target_url").executeTakeFirstOrThrow();
    expect(link.target_url).toMatch(new RegExp(`^https?://[^/]+/feed/${post.id}$`));
  });
});
