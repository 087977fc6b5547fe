import { DomainFailure } from "~/utils/failures";
import { countClicks, countClicksByFeedItem, findLinkByCode, insertClicks, LINK_CODE, trackedLinkFor } from "~/modules/links/tracked-links.server";
import { createUser } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

async function feedItem(title = "Acme opens a Lyon office") {
  return testDb()
    .insertInto("feed_items")
    .values({ kind: "company", status: "approved", title, url: "https://acme.example/news/lyon" })
    .returning("id")
    .executeTakeFirstOrThrow();
}

describe("tracked links", () => {
  it("gives one link per (item, person, network), the same on every call, with a random URL-safe code", async () => {
    const item = await feedItem();
    const alex = await createUser();
    const sam = await createUser();
    const input = { feedItemId: item.id, userId: alex.id, channel: "linkedin" as const, targetUrl: "https://acme.example/news/lyon", campaign: "feed" };
    const first = await trackedLinkFor(input);
    const again = await trackedLinkFor({ ...input, campaign: "changed later" });
    expect(again).toEqual(first);
    expect(first.code).toMatch(LINK_CODE);
    expect(first.code).not.toContain(item.id.slice(0, 8));

    const onX = await trackedLinkFor({ ...input, channel: "x" });
    const bySam = await trackedLinkFor({ ...input, userId: sam.id });
    const codes = new Set([first.code, onX.code, bySam.code]);
    expect(codes.size).toBe(3);
    expect(await testDb().selectFrom("tracked_links").select("id").execute()).toHaveLength(3);
  });

  it("answers the winner's link to two concurrent first shares", async () => {
    const item = await feedItem();
    const alex = await createUser();
    const input = { feedItemId: item.id, userId: alex.id, channel: "facebook" as const, targetUrl: "https://acme.example/a", campaign: "feed" };
    const [a, b] = await Promise.all([trackedLinkFor(input), trackedLinkFor(input)]);
    expect(a.id).toBe(b.id);
  });

  it("creates a new link for each newsletter link (no feed item)", async () => {
    const input = { channel: "newsletter" as const, targetUrl: "https://acme.example/a", campaign: "issue-1", subjectRef: "newsletter:1" };
    const [a, b] = [await trackedLinkFor(input), await trackedLinkFor(input)];
    expect(a.code).not.toBe(b.code);
  });

  it("refuses a target that is not http(s), with coded failures", async () => {
    for (const targetUrl of ["javascript:alert(1)", "ftp://acme.example/file", "//evil.example/", "not a url", "https://user:pw@acme.example/"]) {
      const refusal = await trackedLinkFor({ channel: "x", targetUrl, campaign: "c" }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DomainFailure);
      expect((refusal as DomainFailure).failures).toEqual([{ code: "trackedLink.targetUrl", field: "targetUrl" }]);
    }
    const refusal = (await trackedLinkFor({ channel: "myspace" as never, targetUrl: "https://a.example", campaign: "" }).catch((e: unknown) => e)) as DomainFailure;
    expect(refusal.failures.map((failure) => failure.code).sort()).toEqual(["trackedLink.campaign", "trackedLink.channel"]);
  });

  it("finds a link by its code, and nothing for an unknown or malformed code", async () => {
    const link = await trackedLinkFor({ channel: "x", targetUrl: "https://acme.example/a", campaign: "c" });
    expect((await findLinkByCode(link.code))?.id).toBe(link.id);
    expect(await findLinkByCode("AAAAAAAAAAAA")).toBeUndefined();
    expect(await findLinkByCode("https://evil.example")).toBeUndefined();
  });

  it("counts clicks per link and per feed item, over every person and network", async () => {
    const item = await feedItem();
    const other = await feedItem("Another story");
    const alex = await createUser();
    const onLinkedIn = await trackedLinkFor({ feedItemId: item.id, userId: alex.id, channel: "linkedin", targetUrl: "https://acme.example/a", campaign: "feed" });
    const onX = await trackedLinkFor({ feedItemId: item.id, userId: alex.id, channel: "x", targetUrl: "https://acme.example/a", campaign: "feed" });
    const clickedAt = new Date();
    await insertClicks([
      { linkId: onLinkedIn.id, clickedAt, ipHash: "a" },
      { linkId: onLinkedIn.id, clickedAt, ipHash: null },
      { linkId: onX.id, clickedAt, ipHash: "b" },
    ]);
    expect(await countClicks(onLinkedIn.id)).toBe(2);
    expect(await countClicks(onX.id)).toBe(1);
    expect(await countClicksByFeedItem([item.id, other.id])).toEqual(new Map([[item.id, 3]]));
  });
});

describe("writing clicks", () => {
  it("skips the clicks of a link deleted meanwhile instead of failing the whole batch", async () => {
    const item = await feedItem();
    const kept = await trackedLinkFor({ channel: "x", targetUrl: "https://acme.example/a", campaign: "c" });
    const deleted = await trackedLinkFor({ feedItemId: item.id, channel: "x", targetUrl: "https://acme.example/b", campaign: "c" });
    await testDb().deleteFrom("feed_items").where("id", "=", item.id).execute();
    const clickedAt = new Date();
    await insertClicks([
      { linkId: deleted.id, clickedAt, ipHash: null },
      { linkId: kept.id, clickedAt, ipHash: "h" },
    ]);
    expect(await countClicks(kept.id)).toBe(1);
    expect(await countClicks(deleted.id)).toBe(0);
  });
});
