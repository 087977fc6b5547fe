import enFailures from "~/locales/en/failures.json";
import frFailures from "~/locales/fr/failures.json";
import enFeeds from "~/locales/en/feeds.json";
import { approveItem, currentMix, decideItems, getItemForReview, listPendingItems, rejectItem } from "~/modules/feeds/review.server";
import { getFeedSettings, updateFeedSettings } from "~/modules/feeds/settings.server";
import { xWeightWithLink, withDisclosure } from "~/modules/feeds/share-texts";
import * as itemRoute from "~/routes/admin.feed.$itemId";
import * as queueRoute from "~/routes/admin.feed._index";
import { DomainFailure } from "~/utils/failures";
import { createUser, makeFeedItem, makeFeedSource, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";

useTestDatabase();

async function refusal(promise: Promise<unknown>): Promise<DomainFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainFailure) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
async function statusOf(id: string) {
  return (await testDb().selectFrom("feed_items").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}
async function audit() {
  return (await testDb().selectFrom("audit_log").select(["action", "subject_id"]).where("action", "like", "feeds.item%").orderBy("created_at").execute()).map((row) => row.action);
}
async function storedTexts(id: string) {
  const rows = await testDb().selectFrom("feed_item_share_texts").select(["network", "language", "text"]).where("item_id", "=", id).execute();
  return Object.fromEntries(rows.map((row) => [`${row.network}.${row.language}`, row.text]));
}

let hr: Awaited<ReturnType<typeof createUser>>;
beforeEach(async () => {
  hr = await createUser({ role: "hr_admin" });
});

describe("the review domain", () => {
  it("lists pending items newest first with their source's name, 50 a page", async () => {
    const source = await makeFeedSource({ name: "Tech news" });
    const older = await makeFeedItem({ source, fetchedAt: new Date("2026-12-01T10:00:00Z") });
    const newer = await makeFeedItem({ source: null, kind: "company", fetchedAt: new Date("2026-12-02T10:00:00Z") });
    await makeFeedItem({ source, status: "approved" });
    const page = await listPendingItems(testDb(), 1);
    expect(page.rows.map((row) => [row.id, row.source_name])).toEqual([
      [newer.id, null],
      [older.id, "Tech news"],
    ]);
    expect(page).toMatchObject({ total: 2, page: 1, pageCount: 1 });
  });

  it("approves a pending item with its share texts and an audit entry; a second approval changes nothing", async () => {
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee of Acme", disclosureFr: "#ancien d’Acme", promotionalMaxPercent: "40" }, { userId: hr.id });
    const item = await makeFeedItem({ title: "Acme in Lisbon", summaryText: "A new office." });
    expect(await approveItem(testDb(), item.id, { xEn: "Lisbon! Come and see." }, { userId: hr.id })).toBe("approved");
    expect(await statusOf(item.id)).toBe("approved");
    const texts = await storedTexts(item.id);
    expect(Object.keys(texts)).toHaveLength(6);
    expect(texts["x.en"]).toBe("Lisbon! Come and see.");
    expect(texts["linkedin.en"]).toBe("Acme in Lisbon\n\nA new office.");
    expect(await approveItem(testDb(), item.id, {}, { userId: hr.id })).toBe("unchanged");
    expect(await audit()).toEqual(["feeds.item_approved"]);
  });

  it("makes one approval of two at the same moment", async () => {
    const item = await makeFeedItem();
    const outcomes = await Promise.all([approveItem(testDb(), item.id, {}, { userId: hr.id }), approveItem(testDb(), item.id, {}, { userId: hr.id })]);
    expect(outcomes.sort()).toEqual(["approved", "unchanged"]);
    expect(await audit()).toEqual(["feeds.item_approved"]);
  });

  it("refuses to approve a rejected item or reject an approved one, and answers notFound for none", async () => {
    const rejected = await makeFeedItem();
    expect(await rejectItem(testDb(), rejected.id, { userId: hr.id })).toBe("rejected");
    expect(await rejectItem(testDb(), rejected.id, { userId: hr.id })).toBe("unchanged");
    const failure = await refusal(approveItem(testDb(), rejected.id, {}, { userId: hr.id }));
    expect([failure.kind, failure.code]).toEqual(["refused", "feedReview.notPending"]);
    const approved = await makeFeedItem({ status: "approved" });
    expect((await refusal(rejectItem(testDb(), approved.id, { userId: hr.id }))).code).toBe("feedReview.notPending");
    expect((await refusal(approveItem(testDb(), "00000000-0000-4000-8000-000000000000", {}, { userId: hr.id }))).kind).toBe("notFound");
  });

  it("refuses an X text over 280 with the link and disclosure, naming the field, and keeps the item pending", async () => {
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee", disclosureFr: "", promotionalMaxPercent: "40" }, { userId: hr.id });
    const item = await makeFeedItem();
    const failure = await refusal(approveItem(testDb(), item.id, { xEn: "a".repeat(250) }, { userId: hr.id }));
    const weight = xWeightWithLink(withDisclosure("a".repeat(250), "#formeremployee"), item.url);
    expect(failure.failures).toEqual([{ code: "feedShare.xTooLongEn", field: "xEn", values: { length: weight, max: 280, over: weight - 280 } }]);
    expect(await statusOf(item.id)).toBe("pending");
    expect(await storedTexts(item.id)).toEqual({});
  });

  it("keeps the feed's HTML unless HR changed the summary, which is then stored as escaped text", async () => {
    const kept = await makeFeedItem({ summaryHtml: "<p><em>Rich</em> text</p>", summaryText: "Rich text" });
    await approveItem(testDb(), kept.id, { summary: "Rich text" }, { userId: hr.id });
    const edited = await makeFeedItem({ summaryHtml: "<p>Old</p>", summaryText: "Old" });
    await approveItem(testDb(), edited.id, { summary: "New <b>words</b>" }, { userId: hr.id });
    const rows = await testDb().selectFrom("feed_items").select(["id", "summary_html", "summary_text"]).where("id", "in", [kept.id, edited.id]).execute();
    expect(rows.find((row) => row.id === kept.id)?.summary_html).toBe("<p><em>Rich</em> text</p>");
    expect(rows.find((row) => row.id === edited.id)).toMatchObject({ summary_html: "<p>New &lt;b&gt;words&lt;/b&gt;</p>", summary_text: "New <b>words</b>" });
  });

  it("decides several items at once, skipping those decided meanwhile", async () => {
    const a = await makeFeedItem();
    const b = await makeFeedItem();
    const done = await makeFeedItem({ status: "rejected" });
    expect(await decideItems(testDb(), { decision: "approve", ids: [a.id, b.id, done.id] }, { userId: hr.id })).toEqual({ decided: 2, skipped: 1 });
    expect([await statusOf(a.id), await statusOf(b.id), await statusOf(done.id)]).toEqual(["approved", "approved", "rejected"]);
    expect(Object.keys(await storedTexts(b.id))).toHaveLength(6);
    expect((await refusal(decideItems(testDb(), { decision: "approve", ids: [] }, { userId: hr.id }))).failures).toEqual([{ code: "feedReview.nothingSelected", field: "ids" }]);
  });

  it("measures the live feed's mix against the limit: approved and not expired", async () => {
    await makeFeedItem({ source: null, kind: "company", status: "approved" });
    await makeFeedItem({ kind: "external", status: "approved" });
    await makeFeedItem({ kind: "external", status: "approved", expiresAt: new Date("2020-01-01T00:00:00Z") });
    await makeFeedItem({ kind: "external", status: "pending" });
    expect(await currentMix(testDb(), await getFeedSettings(testDb()))).toEqual({ company: 1, external: 1, total: 2, companyPercent: 50, maxPercent: 40, overLimit: true });
  });

  it("offers the stored texts of an approved item, the defaults of a pending one", async () => {
    const item = await makeFeedItem({ title: "Hello", summaryText: "World" });
    expect((await getItemForReview(testDb(), item.id)).texts.facebook.fr).toBe("Hello\n\nWorld");
  });
});

describe("feed settings", () => {
  it("are the defaults until HR saves them, and refuse a disclosure line too long or a share out of range", async () => {
    expect(await getFeedSettings(testDb())).toEqual({ disclosures: { en: "", fr: "" }, promotionalMaxPercent: 40 });
    const failure = await refusal(updateFeedSettings(testDb(), { disclosureEn: "x".repeat(101), disclosureFr: "ok", promotionalMaxPercent: "101" }, { userId: hr.id }));
    expect(failure.failures.map((f) => f.field)).toEqual(["disclosureEn", "promotionalMaxPercent"]);
    await updateFeedSettings(testDb(), { disclosureEn: " #alumni ", disclosureFr: "", promotionalMaxPercent: "25" }, { userId: hr.id });
    expect(await getFeedSettings(testDb())).toEqual({ disclosures: { en: "#alumni", fr: "" }, promotionalMaxPercent: 25 });
  });
});

describe("the review pages' loaders and actions", () => {
  let cookie: string;
  beforeEach(async () => {
    cookie = await signIn(hr);
  });

  it("refuse task owners and alumni", async () => {
    for (const role of ["task_owner", "alumnus"] as const) {
      const other = await signIn(await createUser({ role }));
      expect((await callLoader(queueRoute.loader, buildRequest("/admin/feed", { cookie: other }))).status).toBe(403);
      expect((await callAction(queueRoute.action, buildRequest("/admin/feed", { cookie: other, form: { decision: "approve" } }))).status).toBe(403);
    }
  });

  it("approve one item by its button and come back to the queue with a notice", async () => {
    const item = await makeFeedItem();
    const response = await callAction(queueRoute.action, buildRequest("/admin/feed", { cookie, form: { approveOne: item.id } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/feed?notice=approved&count=1");
    expect(await statusOf(item.id)).toBe("approved");
  });

  it("reject the selected items, and answer 400 naming the field when none is selected", async () => {
    const a = await makeFeedItem();
    const b = await makeFeedItem();
    const response = await callAction(queueRoute.action, buildRequest("/admin/feed?page=1", { cookie, form: { decision: "reject", ids: [a.id, b.id] } }));
    expect(response.headers.get("Location")).toBe("/admin/feed?notice=rejected&count=2&skipped=0");
    const none = await callAction(queueRoute.action, buildRequest("/admin/feed", { cookie, form: { decision: "reject" } }));
    expect(none.status).toBe(400);
    expect(((await none.json()) as { result: { error: Record<string, string[]> } }).result.error.ids).toEqual([enFeeds.review.nothingSelected]);
  });

  it("show 50 items a page", async () => {
    const source = await makeFeedSource();
    await testDb()
      .insertInto("feed_items")
      .values(
        Array.from({ length: 51 }, (_, index) => ({
          source_id: source.id,
          guid: `bulk-${index}`,
          kind: "external" as const,
          status: "pending" as const,
          title: `Item ${index}`,
          fetched_at: new Date(Date.UTC(2026, 11, 1, 0, index)),
        })),
      )
      .execute();
    const first = await loaderData<typeof queueRoute.loader>(await callLoader(queueRoute.loader, buildRequest("/admin/feed", { cookie })));
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 51 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]!.title).toBe("Item 50");
    const second = await loaderData<typeof queueRoute.loader>(await callLoader(queueRoute.loader, buildRequest("/admin/feed?page=2", { cookie })));
    expect(second.items.map((item) => item.title)).toEqual(["Item 0"]);
    const bad = await callLoader(queueRoute.loader, buildRequest("/admin/feed?page=zero", { cookie }));
    expect(bad.status).toBe(400);
    expect((await loaderData<typeof queueRoute.loader>(bad)).pageError).toBe(enFeeds.review.badPage.replace("{{max}}", "10000"));
  });

  it("answer an item decided meanwhile with 400 and the reason", async () => {
    const item = await makeFeedItem({ status: "rejected" });
    const response = await callAction(queueRoute.action, buildRequest("/admin/feed", { cookie, form: { approveOne: item.id } }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([enFailures.feedReview.notPending]);
  });

  it("send a page past the last one to the last page", async () => {
    const response = await callLoader(queueRoute.loader, buildRequest("/admin/feed?page=3", { cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/feed");
  });

  it("pre-fill the item's form with the defaults and answer an X text too long with the X field's message", async () => {
    const item = await makeFeedItem({ title: "Hello", summaryText: "World" });
    const data = await loaderData<typeof itemRoute.loader>(await callLoader(itemRoute.loader, buildRequest(`/admin/feed/${item.id}`, { cookie }), { itemId: item.id }));
    expect(data.defaults).toMatchObject({ summary: "World", linkedinEn: "Hello\n\nWorld", xFr: "Hello — World" });
    const form = { ...(data.defaults as Record<string, string>), xEn: "word ".repeat(60).trim(), intent: "approve" };
    const response = await callAction(itemRoute.action, buildRequest(`/admin/feed/${item.id}`, { cookie, form }), { itemId: item.id });
    expect(response.status).toBe(400);
    const errors = ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error;
    expect(errors.xEn).toEqual([enFailures.feedShare.xTooLongEn.replace("{{length}}", "323").replace("{{max}}", "280").replace("{{over}}", "43")]);
    expect(await statusOf(item.id)).toBe("pending");
    const empty = await callAction(itemRoute.action, buildRequest(`/admin/feed/${item.id}`, { cookie, form: { ...form, xEn: "", linkedinFr: "" } }), { itemId: item.id });
    expect(empty.status).toBe(400);
    const emptyErrors = ((await empty.json()) as { result: { error: Record<string, string[]> } }).result.error;
    expect(emptyErrors.xEn).toEqual([enFeeds.item.textRequired]);
    expect(emptyErrors.linkedinFr).toEqual([enFeeds.item.textRequired]);
  });

  it("answer a French-speaking admin in French, naming the X field", async () => {
    const item = await makeFeedItem({ title: "Bonjour", summaryText: "Le monde" });
    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const form = { summary: "Le monde", linkedinEn: "a", linkedinFr: "b", xEn: "c", xFr: "mot ".repeat(70).trim(), facebookEn: "d", facebookFr: "e", intent: "approve" };
    const response = await callAction(itemRoute.action, buildRequest(`/admin/feed/${item.id}`, { cookie: french, form }), { itemId: item.id });
    expect(response.status).toBe(400);
    const errors = ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error;
    expect(errors.xFr).toEqual([frFailures.feedShare.xTooLongFr.replace("{{length}}", "303").replace("{{max}}", "280").replace("{{over}}", "23")]);
  });

  it("approve the item with HR's texts", async () => {
    const item = await makeFeedItem({ title: "Hello", summaryText: "World" });
    const data = await loaderData<typeof itemRoute.loader>(await callLoader(itemRoute.loader, buildRequest(`/admin/feed/${item.id}`, { cookie }), { itemId: item.id }));
    const form = { ...(data.defaults as Record<string, string>), facebookFr: "Bonjour le monde", intent: "approve" };
    const response = await callAction(itemRoute.action, buildRequest(`/admin/feed/${item.id}`, { cookie, form }), { itemId: item.id });
    expect(response.headers.get("Location")).toBe("/admin/feed?notice=approved&count=1");
    expect((await storedTexts(item.id))["facebook.fr"]).toBe("Bonjour le monde");
  });

  it("answer 404 for an item that does not exist", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await callLoader(itemRoute.loader, buildRequest(`/admin/feed/${id}`, { cookie }), { itemId: id })).status).toBe(404);
  });
});
