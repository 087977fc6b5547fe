import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import enFeeds from "~/locales/en/feeds.json";
import frFeeds from "~/locales/fr/feeds.json";
import enCommon from "~/locales/en/common.json";
import { createUser, makeFeedItem, makeFeedSource, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";

/** The review pages as a browser without JavaScript gets them, through the built app. */

useTestDatabase();
const app = useHttpApp();

const { get, post } = pageRequests(app);

describe("the review queue page", () => {
  it("shows pending items with their source, summary, link and the mix, and Share feed in the navigation", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const source = await makeFeedSource({ name: "Industry Weekly" });
    // A row written by something else than the poll: the page still shows only sanitised HTML.
    await makeFeedItem({ source, title: "Robots at work", summaryHtml: '<p>Read <strong>this</strong><script>alert(1)</script><img src="x" onerror="alert(2)"></p>' });
    await makeFeedItem({ source: null, kind: "company", status: "approved" });
    const { response, html } = await get("/admin/feed", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain(enFeeds.review.title);
    expect(html).toContain("Robots at work");
    expect(html).toContain("Industry Weekly");
    expect(html).toContain("<strong>this</strong>");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("onerror");
    expect(html).toContain("Company items: 1 of 1 live items (100 %); the limit is 40 %.");
    expect(html).toMatch(/<input type="checkbox" name="ids"[^>]*value="[0-9a-f-]{36}"/);
    expect(html).toMatch(new RegExp(`<a[^>]*href="/admin/feed"[^>]*>${enCommon.nav.feed}</a>`));
  });

  it("is in French for a French-speaking admin", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { html } = await get("/admin/feed", cookie);
    expect(html).toContain(frFeeds.review.title);
    expect(html).toContain(frFeeds.review.emptyTitle);
  });

  it("answers a bulk decision without a selection with 400 and the message, and a decision with a redirect", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const item = await makeFeedItem({ title: "Pick me" });
    const refused = await post("/admin/feed", cookie, { decision: "approve" });
    expect(refused.response.status).toBe(400);
    expect(refused.html).toContain(enFeeds.review.nothingSelected);
    const done = await post("/admin/feed", cookie, { decision: "approve", ids: [item.id] });
    expect(done.response.status).toBe(302);
    const after = await get(done.response.headers.get("Location")!, cookie);
    expect(after.html).toContain("1 item approved.");
    expect((await testDb().selectFrom("feed_items").select("status").where("id", "=", item.id).executeTakeFirstOrThrow()).status).toBe("approved");
  });

  it("refuses task owners and alumni", async () => {
    for (const role of ["task_owner", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await get("/admin/feed", cookie)).response.status).toBe(403);
      expect((await post("/admin/feed", cookie, { decision: "approve" })).response.status).toBe(403);
    }
  });
});

describe("the item page", () => {
  it("shows the six share texts pre-filled, and an X text too long comes back with its message beside the field", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const item = await makeFeedItem({ title: "Hello", summaryText: "World" });
    const page = await get(`/admin/feed/${item.id}`, cookie);
    expect(page.response.status).toBe(200);
    for (const label of Object.values(enFeeds.item.fields)) expect(page.html).toContain(label);
    expect(page.html).toMatch(/<textarea[^>]*name="xEn"[^>]*>Hello — World<\/textarea>/);
    // "Hello — World", a space and the link counted 23.
    expect(page.html).toContain("The suggested text counts 37 of 280.");
    const form = { summary: "World", linkedinEn: "a", linkedinFr: "b", xEn: "word ".repeat(60).trim(), xFr: "c", facebookEn: "d", facebookFr: "e", intent: "approve" };
    const refused = await post(`/admin/feed/${item.id}`, cookie, form);
    expect(refused.response.status).toBe(400);
    expect(refused.html).toMatch(/id="[^"]*xEn[^"]*-error"[^>]*>[\s\S]*The X text in English is 323 characters long/);
  });

  it("refuses an alumnus", async () => {
    const item = await makeFeedItem();
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect((await get(`/admin/feed/${item.id}`, cookie)).response.status).toBe(403);
  });
});

describe("the browser bundle", () => {
  it("carries neither X's counter nor the HTML sanitiser: they stay on the server (ADR 019)", () => {
    const files = readdirSync("public/build", { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith(".js"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), "utf8");
      expect(text.includes("parseTweet") || text.includes("twemoji") || text.includes("htmlparser2"), file.name).toBe(false);
    }
  });
});
