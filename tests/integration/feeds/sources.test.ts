import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { createCompanyPost } from "~/modules/feeds/company-posts.server";
import { archiveFeedSource, createFeedSource, listFeedSources, updateFeedSource } from "~/modules/feeds/sources.server";
import { DomainFailure } from "~/utils/failures";
import { createUser } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

const NONE = new InternalHostAllowList([]);
const VALID = { url: "https://news.acme.example/feed/", name: "Acme newsroom", kind: "company", approval: "auto", dailyItemLimit: "10", expireAfterDays: "60" };

async function refusal(promise: Promise<unknown>): Promise<DomainFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainFailure) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

function create(input: unknown) {
  return createFeedSource(testDb(), input, { userId: null }, { allowedInternalHosts: NONE });
}

describe("feed sources", () => {
  it("are created from form values with their limits, due at once, and audited", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const source = await createFeedSource(testDb(), VALID, { userId: hr.id }, { allowedInternalHosts: NONE, now: new Date("2026-12-07T10:00:00Z") });
    expect(source).toMatchObject({
      url: "https://news.acme.example/feed/",
      name: "Acme newsroom",
      kind: "company",
      approval: "auto",
      daily_item_limit: 10,
      expire_after_days: 60,
      created_by: hr.id,
      next_fetch_at: new Date("2026-12-07T10:00:00Z"),
      consecutive_failures: 0,
      archived_at: null,
    });
    const audit = await testDb().selectFrom("audit_log").select(["action", "subject_id"]).where("action", "like", "feeds.%").execute();
    expect(audit).toEqual([{ action: "feeds.source_created", subject_id: source.id }]);
  });

  it("take default limits when the form leaves them empty", async () => {
    const source = await create({ ...VALID, dailyItemLimit: "", expireAfterDays: undefined });
    expect(source).toMatchObject({ daily_item_limit: 20, expire_after_days: 30 });
  });

  it("refuse bad values with one coded failure per field", async () => {
    const failure = await refusal(create({ url: "ftp://files.example/feed", name: "  ", kind: "partner", approval: "maybe", dailyItemLimit: "0", expireAfterDays: "9999" }));
    expect(failure.kind).toBe("invalid");
    expect(failure.failures).toEqual([
      { code: "feedSource.urlInvalid", field: "url" },
      { code: "feedSource.nameRequired", field: "name", values: { max: 120 } },
      { code: "feedSource.kindInvalid", field: "kind" },
      { code: "feedSource.approvalInvalid", field: "approval" },
      { code: "feedSource.dailyItemLimitInvalid", field: "dailyItemLimit", values: { min: 1, max: 500 } },
      { code: "feedSource.expireAfterDaysInvalid", field: "expireAfterDays", values: { min: 1, max: 3650 } },
    ]);
    expect((await refusal(create(null))).failures.map((f) => f.field)).toEqual(["url", "name", "kind", "approval"]);
  });

  it("refuse an address with a password in it", async () => {
    const failure = await refusal(create({ ...VALID, url: "https://user:secret@news.acme.example/feed" }));
    expect(failure.failures).toEqual([{ code: "feedSource.urlCredentials", field: "url" }]);
  });

  it.each(["http://127.0.0.1/feed", "http://localhost:8080/rss", "http://169.254.169.254/latest/meta-data/", "http://[::1]/feed", "http://10.1.2.3/feed", "http://metadata.google.internal/computeMetadata/v1/"])(
    "refuse the internal address %s unless its host is allowed",
    async (url) => {
      const failure = await refusal(create({ ...VALID, url }));
      expect(failure.failures).toEqual([{ code: "feedSource.urlInternal", field: "url", values: { host: new URL(url).hostname } }]);
    },
  );

  it("accept an intranet host named in the allow-list", async () => {
    const source = await createFeedSource(testDb(), { ...VALID, url: "http://news.intranet.acme.example/rss" }, { userId: null }, { allowedInternalHosts: new InternalHostAllowList(["news.intranet.acme.example"]) });
    expect(source.url).toBe("http://news.intranet.acme.example/rss");
  });

  it("are one per address while live; an archived address may be added again", async () => {
    const first = await create(VALID);
    const taken = await refusal(create({ ...VALID, name: "Again" }));
    expect(taken).toMatchObject({ kind: "conflict", failures: [{ code: "feedSource.urlTaken", field: "url" }] });
    await archiveFeedSource(testDb(), first.id, { userId: null });
    expect((await create({ ...VALID, name: "Again" })).name).toBe("Again");
  });

  it("start afresh when their address changes: validators and failures belonged to the old one", async () => {
    const source = await create(VALID);
    await testDb().updateTable("feed_sources").set({ etag: '"abc"', last_modified: "x", last_error: "feedFetch.httpStatus", last_error_values: JSON.stringify({ status: 500 }), consecutive_failures: 3 }).execute();
    const renamed = await updateFeedSource(testDb(), source.id, { ...VALID, name: "Renamed" }, { userId: null }, { allowedInternalHosts: NONE });
    expect(renamed).toMatchObject({ name: "Renamed", etag: '"abc"', consecutive_failures: 3 });
    const moved = await updateFeedSource(testDb(), source.id, { ...VALID, url: "https://news.acme.example/atom.xml" }, { userId: null }, { allowedInternalHosts: NONE });
    expect(moved).toMatchObject({ url: "https://news.acme.example/atom.xml", etag: null, last_modified: null, last_error: null, consecutive_failures: 0 });
  });

  it("cannot be edited once archived, and archiving twice changes nothing", async () => {
    const source = await create(VALID);
    const archived = await archiveFeedSource(testDb(), source.id, { userId: null }, new Date("2026-12-07T10:00:00Z"));
    expect((await archiveFeedSource(testDb(), source.id, { userId: null })).archived_at).toEqual(archived.archived_at);
    expect((await refusal(updateFeedSource(testDb(), source.id, VALID, { userId: null }, { allowedInternalHosts: NONE }))).code).toBe("feedSource.archived");
    expect((await refusal(archiveFeedSource(testDb(), "00000000-0000-4000-8000-000000000000", { userId: null }))).code).toBe("feedSource.notFound");
    expect(await listFeedSources(testDb())).toEqual([]);
  });

  it("are listed with their health for HR: last success, last error and its values", async () => {
    const source = await create(VALID);
    await testDb().updateTable("feed_sources").set({ last_error: "feedFetch.timeout", last_error_values: JSON.stringify({ seconds: 20 }), consecutive_failures: 2 }).execute();
    expect(await listFeedSources(testDb())).toEqual([expect.objectContaining({ id: source.id, last_error: "feedFetch.timeout", last_error_values: { seconds: 20 }, consecutive_failures: 2, last_success_at: null })]);
  });
});

describe("company posts", () => {
  it("become approved company items with escaped text, no source and no expiry", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const post = await createCompanyPost(
      testDb(),
      { title: "  Welcome back, boomerangs ", text: "We <3 our alumni & their stories.\n\nSee you soon.", link: "https://acme.example/alumni?utm_source=hr", imageUrl: "https://acme.example/img/party.jpg" },
      { userId: hr.id },
      { now: new Date("2026-12-07T10:00:00Z") },
    );
    expect(post).toMatchObject({
      source_id: null,
      guid: null,
      kind: "company",
      status: "approved",
      title: "Welcome back, boomerangs",
      summary_html: "<p>We &lt;3 our alumni &amp; their stories.</p><p>See you soon.</p>",
      summary_text: "We <3 our alumni & their stories. See you soon.",
      url: "https://acme.example/alumni?utm_source=hr",
      canonical_url: "https://acme.example/alumni",
      image_url: "https://acme.example/img/party.jpg",
      expires_at: null,
      created_by: hr.id,
      approved_by: hr.id,
      approved_at: new Date("2026-12-07T10:00:00Z"),
    });
  });

  it("wait in the review queue when the caller asks, and need no link or image", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const post = await createCompanyPost(testDb(), { title: "Draft", text: "" }, { userId: hr.id }, { approve: false });
    expect(post).toMatchObject({ status: "pending", approved_at: null, approved_by: null, url: null, canonical_url: null, image_url: null });
  });

  it("refuse a missing title, a javascript: link and a data: image, field by field", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const failure = await refusal(createCompanyPost(testDb(), { title: "", text: "x".repeat(5001), link: "javascript:alert(1)", imageUrl: "data:image/png;base64,AAAA" }, { userId: hr.id }));
    expect(failure.failures).toEqual([
      { code: "feedPost.titleRequired", field: "title", values: { max: 200 } },
      { code: "feedPost.textTooLong", field: "text", values: { max: 5000 } },
      { code: "feedPost.linkInvalid", field: "link" },
      { code: "feedPost.imageInvalid", field: "imageUrl" },
    ]);
  });

  it("refuse a link already in the feed under another spelling", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await createCompanyPost(testDb(), { title: "First", link: "https://acme.example/news/1" }, { userId: hr.id });
    const failure = await refusal(createCompanyPost(testDb(), { title: "Second", link: "HTTPS://ACME.example/news/1/?fbclid=abc#top" }, { userId: hr.id }));
    expect(failure).toMatchObject({ kind: "conflict", failures: [{ code: "feedPost.linkAlreadyInFeed", field: "link" }] });
  });
});
