import enFeeds from "~/locales/en/feeds.json";
import frFeeds from "~/locales/fr/feeds.json";
import { getFeedSettings } from "~/modules/feeds/settings.server";
import { createUser, makeFeedSource, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";

/** The sources page, the company post form and the feed settings, through the built app. */

useTestDatabase();
const app = useHttpApp();

const { get, post } = pageRequests(app);

let cookie: string;
beforeEach(async () => {
  cookie = await signIn(await createUser({ role: "hr_admin" }));
});

describe("the sources page", () => {
  it("shows each source's health with its last error in the admin's language", async () => {
    const source = await makeFeedSource({ name: "Broken feed" });
    await testDb()
      .updateTable("feed_sources")
      .set({ last_error: "feedFetch.httpStatus", last_error_values: JSON.stringify({ status: 503 }), consecutive_failures: 3 })
      .where("id", "=", source.id)
      .execute();
    const { response, html } = await get("/admin/feed/sources", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain("Broken feed");
    expect(html).toContain("Last error: The source answered with HTTP status 503.");
    expect(html).toContain("3 failures in a row");
    expect(html).toContain("Not read yet");
    const french = await get("/admin/feed/sources", await signIn(await createUser({ role: "hr_admin", locale: "fr" })));
    expect(french.html).toContain("Dernière erreur : ");
    expect(french.html).toContain(frFeeds.sources.title);
  });

  it("adds a source, and answers a bad one with 400 and each field's message", async () => {
    const bad = await post("/admin/feed/sources", cookie, { intent: "create", url: "ftp://x", name: "", kind: "external", approval: "review", dailyItemLimit: "0" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain(enFeeds.sources.errors.url);
    expect(bad.html).toContain(enFeeds.sources.errors.name.replace("{{max}}", "120"));
    expect(bad.html).toContain(enFeeds.sources.errors.dailyItemLimit.replace("{{min}}", "1").replace("{{max}}", "500"));
    // An internal address passes the form but not the domain, which names the field.
    const internal = await post("/admin/feed/sources", cookie, { intent: "create", url: "http://127.0.0.1/feed", name: "Inside", kind: "external", approval: "review" });
    expect(internal.response.status).toBe(400);
    expect(internal.html).toContain("127.0.0.1 is an address inside the network");
    const good = await post("/admin/feed/sources", cookie, { intent: "create", url: "https://blog.example.org/feed.xml", name: "Example blog", kind: "external", approval: "auto", dailyItemLimit: "5", expireAfterDays: "10" });
    expect(good.response.status).toBe(302);
    expect(good.response.headers.get("Location")).toBe("/admin/feed/sources?notice=created");
    const row = await testDb().selectFrom("feed_sources").selectAll().where("name", "=", "Example blog").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ url: "https://blog.example.org/feed.xml", approval: "auto", daily_item_limit: 5, expire_after_days: 10 });
  });

  it("edits and archives a source; the edit form is on the page when asked for by the address", async () => {
    const source = await makeFeedSource({ name: "Old name" });
    const page = await get(`/admin/feed/sources?open=edit-${source.id}`, cookie);
    expect(page.html).toMatch(/<form[^>]*id="edit-[^"]+"/);
    const edited = await post("/admin/feed/sources", cookie, { intent: "update", sourceId: source.id, url: source.url, name: "New name", kind: "company", approval: "review", dailyItemLimit: "20", expireAfterDays: "30" });
    expect(edited.response.headers.get("Location")).toBe("/admin/feed/sources?notice=updated");
    const archived = await post("/admin/feed/sources", cookie, { intent: "archive", sourceId: source.id });
    expect(archived.response.headers.get("Location")).toBe("/admin/feed/sources?notice=archived");
    const row = await testDb().selectFrom("feed_sources").select(["name", "kind", "archived_at"]).where("id", "=", source.id).executeTakeFirstOrThrow();
    expect(row.name).toBe("New name");
    expect(row.kind).toBe("company");
    expect(row.archived_at).not.toBeNull();
  });

  it("refuses a task owner", async () => {
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await get("/admin/feed/sources", owner)).response.status).toBe(403);
    expect((await post("/admin/feed/sources", owner, { intent: "create" })).response.status).toBe(403);
  });
});

describe("the company post form", () => {
  it("publishes a post, or answers 400 naming the bad field", async () => {
    expect((await get("/admin/feed/posts/new", cookie)).html).toContain(enFeeds.posts.title);
    const bad = await post("/admin/feed/posts/new", cookie, { title: "", link: "javascript:alert(1)" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain(enFeeds.posts.errors.title.replace("{{max}}", "200"));
    expect(bad.html).toContain(enFeeds.posts.errors.link);
    const good = await post("/admin/feed/posts/new", cookie, { title: "We won an award", text: "Thanks to everyone.", link: "https://acme.example/award" });
    expect(good.response.headers.get("Location")).toBe("/admin/feed?notice=posted");
    const queued = await post("/admin/feed/posts/new", cookie, { title: "Draft", review: "on" });
    expect(queued.response.headers.get("Location")).toBe("/admin/feed?notice=postQueued");
    const rows = await testDb().selectFrom("feed_items").select(["title", "status", "kind"]).orderBy("title").execute();
    expect(rows).toEqual([
      { title: "Draft", status: "pending", kind: "company" },
      { title: "We won an award", status: "approved", kind: "company" },
    ]);
  });

  it("refuses an alumnus", async () => {
    const alumnus = await signIn(await createUser({ role: "alumnus" }));
    expect((await post("/admin/feed/posts/new", alumnus, { title: "x" })).response.status).toBe(403);
  });
});

describe("the feed settings page", () => {
  it("saves the disclosure lines and the limit, and answers 400 naming the bad field", async () => {
    const page = await get("/admin/settings/feed", cookie);
    expect(page.response.status).toBe(200);
    expect(page.html).toMatch(/name="promotionalMaxPercent"[^>]*value="40"/);
    const bad = await post("/admin/settings/feed", cookie, { disclosureEn: "x".repeat(101), disclosureFr: "", promotionalMaxPercent: "140" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain(enFeeds.settings.errors.disclosureEn.replace("{{max}}", "100"));
    expect(bad.html).toContain(enFeeds.settings.errors.promotionalMaxPercent);
    const good = await post("/admin/settings/feed", cookie, { disclosureEn: "#formeremployee of Acme", disclosureFr: "#ancienemployé d’Acme", promotionalMaxPercent: "30" });
    expect(good.response.headers.get("Location")).toBe("/admin/settings/feed?notice=saved");
    expect(await getFeedSettings(testDb())).toEqual({ disclosures: { en: "#formeremployee of Acme", fr: "#ancienemployé d’Acme" }, promotionalMaxPercent: 30 });
  });

  it("refuses a task owner", async () => {
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await get("/admin/settings/feed", owner)).response.status).toBe(403);
  });
});
