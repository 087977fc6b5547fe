import enNewsletter from "~/locales/en/newsletter.json";
import frNewsletter from "~/locales/fr/newsletter.json";
import enFailures from "~/locales/en/failures.json";
import { createUser, makeAlumnus, makeFeedItem, makeNewsletterIssue, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { decodeHtml, pageRequests, useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";

/** HR's newsletter pages through the built app: the list, a new issue, the Compose tab, the preview, the test send. */

useTestDatabase();
useJobQueue();
const app = useHttpApp();
const { get, post } = pageRequests(app);

let cookie: string;
let hrId: string;
beforeEach(async () => {
  const hr = await createUser({ role: "hr_admin" });
  hrId = hr.id;
  cookie = await signIn(hr);
});

async function sectionOrder(issueId: string) {
  const rows = await testDb()
    .selectFrom("newsletter_section_items as si")
    .innerJoin("newsletter_sections as s", "s.id", "si.section_id")
    .innerJoin("feed_items as i", "i.id", "si.feed_item_id")
    .select(["s.title_en", "i.title"])
    .where("s.issue_id", "=", issueId)
    .orderBy("s.position")
    .orderBy("si.position")
    .execute();
  return rows.map((row) => `${row.title_en}: ${row.title}`);
}

describe("HR's newsletter pages", () => {
  it("are for HR admins only", async () => {
    const alumnus = await signIn(await makeAlumnus());
    const { issueId } = await makeNewsletterIssue();
    for (const path of ["/admin/newsletter", "/admin/newsletter/new", `/admin/newsletter/${issueId}`, `/admin/newsletter/${issueId}/preview`]) {
      const { response } = await get(path, alumnus);
      expect([403, 404], path).toContain(response.status);
    }
    const refused = await post(`/admin/newsletter/${issueId}?index`, alumnus, { intent: "duplicate" });
    expect([403, 404]).toContain(refused.response.status);
  });

  it("creates an issue from its subject, answering a missing subject with the field's message", async () => {
    const bad = await post("/admin/newsletter/new", cookie, { subject: "  " });
    expect(bad.response.status).toBe(400);
    expect(decodeHtml(bad.html)).toContain(enNewsletter.compose.errors.subjectRequired);
    const good = await post("/admin/newsletter/new", cookie, { subject: "Winter news" });
    expect(good.response.status).toBe(302);
    const location = good.response.headers.get("Location")!;
    expect(location).toMatch(/^\/admin\/newsletter\/[0-9a-f-]{36}$/);
    const list = await get("/admin/newsletter", cookie);
    expect(list.html).toContain("Winter news");
    expect(list.html).toContain(enNewsletter.statuses.draft);
    const compose = await get(location, cookie);
    expect(compose.response.status).toBe(200);
    expect(compose.html).toContain(`href="${location}/send"`);
    expect(compose.html).toContain(`href="${location}/results"`);
  });

  it("saves the texts of both languages, and names the field of a bad one in the editor's language", async () => {
    const { issueId } = await makeNewsletterIssue({ subject: "Draft" });
    const tooLong = await post(`/admin/newsletter/${issueId}?index`, cookie, { intent: "texts", subjectEn: "x".repeat(201), preheaderEn: "", introEn: "", subjectFr: "", preheaderFr: "", introFr: "" });
    expect(tooLong.response.status).toBe(400);
    expect(decodeHtml(tooLong.html)).toContain(enNewsletter.compose.errors.subjectTooLong.replace("{{max}}", "200"));
    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const halfFrench = await post(`/admin/newsletter/${issueId}?index`, french, { intent: "texts", subjectEn: "News", preheaderEn: "", introEn: "", subjectFr: "", preheaderFr: "", introFr: "Bonjour" });
    expect(halfFrench.response.status).toBe(400);
    expect(decodeHtml(halfFrench.html)).toContain(frNewsletter.compose.errors.frenchSubjectRequired);

    const saved = await post(`/admin/newsletter/${issueId}?index`, cookie, { intent: "texts", subjectEn: "News", preheaderEn: "Short", introEn: "Hello **all**", subjectFr: "Nouvelles", preheaderFr: "", introFr: "Bonjour" });
    expect(saved.response.status).toBe(302);
    const texts = await testDb().selectFrom("newsletter_issue_texts").select(["language", "subject", "intro_markdown"]).where("issue_id", "=", issueId).orderBy("language").execute();
    expect(texts).toEqual([
      { language: "en", subject: "News", intro_markdown: "Hello **all**" },
      { language: "fr", subject: "Nouvelles", intro_markdown: "Bonjour" },
    ]);
  });

  it("adds sections and approved items, moves items within and across sections, and removes them, with buttons only", async () => {
    const { issueId } = await makeNewsletterIssue({ subject: "Ordering" });
    const a = await makeFeedItem({ status: "approved", title: "Item A" });
    const b = await makeFeedItem({ status: "approved", title: "Item B" });
    const pending = await makeFeedItem({ status: "pending", title: "Not approved" });
    const expired = await makeFeedItem({ status: "approved", title: "Expired", expiresAt: new Date(Date.now() - 1000) });
    const action = `/admin/newsletter/${issueId}?index`;
    expect((await post(action, cookie, { intent: "addSection", titleEn: "First", titleFr: "" })).response.status).toBe(302);
    expect((await post(action, cookie, { intent: "addSection", titleEn: "Second", titleFr: "Deuxième" })).response.status).toBe(302);
    const sections = await testDb().selectFrom("newsletter_sections").select(["id", "title_en"]).where("issue_id", "=", issueId).orderBy("position").execute();
    const [first, second] = sections.map((s) => s.id) as [string, string];

    const page = await get(`/admin/newsletter/${issueId}`, cookie);
    expect(page.html).toContain("Item A");
    expect(page.html).not.toContain("Not approved");
    expect(page.html).not.toContain("Expired");

    expect((await post(action, cookie, { intent: "addItem", sectionId: first, feedItemId: a.id })).response.status).toBe(302);
    expect((await post(action, cookie, { intent: "addItem", sectionId: first, feedItemId: b.id })).response.status).toBe(302);
    const refused = await post(action, cookie, { intent: "addItem", sectionId: second, feedItemId: pending.id });
    expect(refused.response.status).toBe(400);
    expect(decodeHtml(refused.html)).toContain(enFailures.newsletter.itemUnavailable);
    expect((await post(action, cookie, { intent: "addItem", sectionId: second, feedItemId: expired.id })).response.status).toBe(400);
    const twice = await post(action, cookie, { intent: "addItem", sectionId: second, feedItemId: a.id });
    expect(twice.response.status).toBe(409);
    expect(await sectionOrder(issueId)).toEqual(["First: Item A", "First: Item B"]);

    await post(action, cookie, { intent: "moveItem", sectionId: first, feedItemId: b.id, direction: "up" });
    expect(await sectionOrder(issueId)).toEqual(["First: Item B", "First: Item A"]);
    // The last item of a section moved down goes to the top of the next section.
    await post(action, cookie, { intent: "moveItem", sectionId: first, feedItemId: a.id, direction: "down" });
    expect(await sectionOrder(issueId)).toEqual(["First: Item B", "Second: Item A"]);
    await post(action, cookie, { intent: "moveSection", sectionId: second, direction: "up" });
    expect(await sectionOrder(issueId)).toEqual(["Second: Item A", "First: Item B"]);
    await post(action, cookie, { intent: "removeItem", sectionId: second, feedItemId: a.id });
    expect(await sectionOrder(issueId)).toEqual(["First: Item B"]);

    const renamed = await post(action, cookie, { intent: "editSection", sectionId: second, titleEn: "Renamed", titleFr: "" });
    expect(renamed.response.status).toBe(302);
    expect(await testDb().selectFrom("newsletter_sections").select(["title_en", "title_fr"]).where("id", "=", second).executeTakeFirst()).toEqual({ title_en: "Renamed", title_fr: null });
    const untitled = await post(action, cookie, { intent: "editSection", sectionId: second, titleEn: " ", titleFr: "" });
    expect(untitled.response.status).toBe(400);
    expect(decodeHtml(untitled.html)).toContain(enNewsletter.compose.errors.sectionTitleRequired);

    const garbage = await post(action, cookie, { intent: "moveItem", sectionId: "nope", feedItemId: a.id, direction: "sideways" });
    expect(garbage.response.status).toBe(400);
    expect(decodeHtml(garbage.html)).toContain(enNewsletter.compose.errors.invalidRequest);
  });

  it("refuses every change once the issue is sent, and duplicates it as a new draft", async () => {
    const item = await makeFeedItem({ status: "approved", title: "Sent item" });
    const { issueId, sectionIds } = await makeNewsletterIssue({ subject: "Already out", sections: [{ titleEn: "Only", items: [item] }], status: "sent" });
    const action = `/admin/newsletter/${issueId}?index`;
    const refused = await post(action, cookie, { intent: "removeItem", sectionId: sectionIds[0]!, feedItemId: item.id });
    expect(refused.response.status).toBe(409);
    expect(decodeHtml(refused.html)).toContain(enFailures.newsletter.notEditable);
    const texts = await post(action, cookie, { intent: "texts", subjectEn: "Changed", preheaderEn: "", introEn: "", subjectFr: "", preheaderFr: "", introFr: "" });
    expect(texts.response.status).toBe(409);
    const page = await get(`/admin/newsletter/${issueId}`, cookie);
    expect(page.html).toContain(enNewsletter.compose.readOnly);

    const copy = await post(action, cookie, { intent: "duplicate" });
    expect(copy.response.status).toBe(302);
    const copyId = /\/admin\/newsletter\/([0-9a-f-]{36})/.exec(copy.response.headers.get("Location")!)![1]!;
    expect(copyId).not.toBe(issueId);
    const row = await testDb().selectFrom("newsletter_issues").select(["status", "created_by"]).where("id", "=", copyId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", created_by: hrId });
    expect(await sectionOrder(copyId)).toEqual(["Only: Sent item"]);
  });

  it("previews the issue in a sandbox, in the chosen language, with the items in order", async () => {
    const first = await makeFeedItem({ status: "approved", title: "Preview first" });
    const second = await makeFeedItem({ status: "approved", title: "Preview second" });
    const { issueId } = await makeNewsletterIssue({ subject: "Previewed", french: { subject: "Aperçu" }, sections: [{ titleEn: "One", items: [first, second] }] });
    const english = await get(`/admin/newsletter/${issueId}/preview?lang=en`, cookie);
    expect(english.response.status).toBe(200);
    expect(english.response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(english.html.indexOf("Preview first")).toBeLessThan(english.html.indexOf("Preview second"));
    expect(english.html).toContain("Previewed");
    const french = await get(`/admin/newsletter/${issueId}/preview?lang=fr`, cookie);
    expect(french.html).toContain("Aperçu");
    expect(french.html).toContain('lang="fr"');
    // Nothing written on GET: no tracked link exists for a preview.
    expect(await testDb().selectFrom("tracked_links").select("id").where("subject_ref", "like", `%${issueId}`).execute()).toEqual([]);
    const missing = await get(`/admin/newsletter/00000000-0000-4000-8000-000000000000/preview`, cookie);
    expect(missing.response.status).toBe(404);
  });

  it("sends a test to the editor through the outbox, with [Test] in the subject and links filed apart from the issue's", async () => {
    const item = await makeFeedItem({ status: "approved", title: "Tested item" });
    const { issueId } = await makeNewsletterIssue({ subject: "Test me", sections: [{ titleEn: "One", items: [item] }] });
    const sent = await post(`/admin/newsletter/${issueId}?index`, cookie, { intent: "sendTest" });
    expect(sent.response.status).toBe(302);
    const email = await testDb().selectFrom("emails").selectAll().where("template", "=", "newsletter-test").executeTakeFirstOrThrow();
    expect(email.subject).toBe("[Test] Test me");
    expect(email.user_id).toBe(hrId);
    expect(email.text).toContain("Tested item");
    expect(email.text).not.toContain("/unsubscribe/");
    const links = await testDb().selectFrom("tracked_links").select(["subject_ref", "user_id", "code"]).where("feed_item_id", "=", item.id).execute();
    expect(links).toEqual([{ subject_ref: `newsletter-test/${issueId}`, user_id: hrId, code: expect.any(String) }]);
    expect(email.text).toContain(`/r/${links[0]!.code}`);
  });

  it("refuses an eleventh test within the hour, saying when to try again", async () => {
    const { issueId } = await makeNewsletterIssue({ subject: "Rate limited" });
    for (let i = 0; i < 10; i++) expect((await post(`/admin/newsletter/${issueId}?index`, cookie, { intent: "sendTest" })).response.status).toBe(302);
    const refused = await post(`/admin/newsletter/${issueId}?index`, cookie, { intent: "sendTest" });
    expect(refused.response.status).toBe(429);
    expect(Number(refused.response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(decodeHtml(refused.html)).toMatch(/Too many test emails\. Try again in \d+ minutes\./);
    expect(await testDb().selectFrom("emails").select("id").where("template", "=", "newsletter-test").execute()).toHaveLength(10);
  });

  it("names each issue by its subject in the reader's language, in English when it has none in French", async () => {
    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { issueId: both } = await makeNewsletterIssue({ subject: "Winter news", french: { subject: "Nouvelles d’hiver" } });
    const { issueId: englishOnly } = await makeNewsletterIssue({ subject: "Spring news" });

    const list = (await get("/admin/newsletter", french)).html;
    expect(list).toContain("Nouvelles d’hiver");
    expect(list).not.toContain("Winter news");
    expect(list).toContain("Spring news");
    expect((await get(`/admin/newsletter/${both}`, french)).html).toContain("<h1>Nouvelles d’hiver</h1>");
    expect((await get(`/admin/newsletter/${englishOnly}`, french)).html).toContain("<h1>Spring news</h1>");
    expect((await get("/admin/newsletter", cookie)).html).toContain("Winter news");
  });
});
