import enAlumni from "~/locales/en/alumni.json";
import { penalizeRateLimit, RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import { updateFeedSettings } from "~/modules/feeds/settings.server";
import { createUser, makeAlumnus, makeFeedItem, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";

/** The share feed on /alumni and an item's share page, through the built app. */

useTestDatabase();
const app = useHttpApp();

const { get, post } = pageRequests(app);

const SHARE_HOSTS = ["https://www.linkedin.com", "https://twitter.com", "https://x.com", "https://www.facebook.com"];

function formAction(response: Response): string {
  return /form-action ([^;]+)/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1] ?? "";
}

describe("the share feed on /alumni", () => {
  it("shows an alumnus who chose it the approved items, each with share buttons posting to a new tab", async () => {
    const cookie = await signIn(await makeAlumnus({ consents: ["share_feed"] }));
    const item = await makeFeedItem({ kind: "external", status: "approved", title: "Rust in production", imageUrl: "https://images.example/rust.png" });
    await makeFeedItem({ kind: "external", status: "pending", title: "Not yet approved" });
    const { response, html } = await get("/alumni", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain("Rust in production");
    expect(html).not.toContain("Not yet approved");
    expect(html).toContain(`action="/alumni/share/${item.id}" target="_blank"`);
    for (const network of ["linkedin", "x", "facebook"]) expect(html).toContain(`name="network" value="${network}"`);
    // The image comes from the portal, never from the feed's host.
    expect(html).toContain(`src="/feed/images/${item.id}"`);
    expect(html).not.toContain("images.example");
    // The page's forms may lead to the networks' share pages, and only to them.
    expect(formAction(response).split(" ").sort()).toEqual(["'self'", ...SHARE_HOSTS].sort());
  });

  it("tells an alumnus who did not choose the share feed where to turn it on, and shows no item", async () => {
    const cookie = await signIn(await makeAlumnus({ consents: ["newsletter"] }));
    await makeFeedItem({ kind: "external", status: "approved", title: "Rust in production" });
    const { response, html } = await get("/alumni", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain(enAlumni.feed.offTitle);
    expect(html).toContain('href="/alumni/preferences"');
    expect(html).not.toContain("Rust in production");
  });

  it("lets staff preview the feed without share buttons, and refuses leavers", async () => {
    await makeFeedItem({ kind: "external", status: "approved", title: "Rust in production" });
    const { html } = await get("/alumni", await signIn(await createUser({ role: "hr_admin" })));
    expect(html).toContain(enAlumni.feed.preview);
    expect(html).toContain("Rust in production");
    expect(html).not.toContain('name="network"');
    expect((await get("/alumni", await signIn(await createUser({ role: "leaver" })))).response.status).toBe(403);
  });

  it("allows forms to lead to the four share hosts, and nowhere else beyond the portal, on every page (navigation keeps the first page's policy)", async () => {
    const { response } = await get("/alumni/preferences", await signIn(await makeAlumnus({ consents: ["share_feed"] })));
    expect(formAction(response).split(" ").sort()).toEqual(["'self'", ...SHARE_HOSTS].sort());
  });
});

describe("sharing an item", () => {
  it("records the share and sends the tab to the network's share page with the tracked link", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const { response } = await post(`/alumni/share/${item.id}`, await signIn(alumnus), { network: "x", language: "en", text: "From my old team" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("Location")!);
    expect(location.origin + location.pathname).toBe("https://twitter.com/intent/tweet");
    expect(location.searchParams.get("text")).toBe("From my old team");
    const link = await testDb().selectFrom("tracked_links").select(["code", "user_id", "channel"]).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ user_id: alumnus.id, channel: "x" });
    expect(location.searchParams.get("url")).toBe(`${new URL(location.searchParams.get("url")!).origin}/r/${link.code}`);
  });

  it("answers a text too long for X with the page and the message beside the X field", async () => {
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const { response, html } = await post(`/alumni/share/${item.id}`, await signIn(await makeAlumnus({ consents: ["share_feed"] })), {
      network: "x",
      language: "en",
      text: "a".repeat(300),
    });
    expect(response.status).toBe(400);
    expect(html).toMatch(/id="share-x-text-error"[^>]*>.*X allows 280\. Shorten it by 44\./s);
    expect(await testDb().selectFrom("share_intents").selectAll().execute()).toHaveLength(0);
  });

  it("answers a person without the share feed consent with the reason, and a malformed form with 400", async () => {
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const refused = await post(`/alumni/share/${item.id}`, await signIn(await makeAlumnus()), { network: "linkedin", language: "en" });
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain("Sharing is for alumni who chose to receive the share feed.");
    const malformed = await post(`/alumni/share/${item.id}`, await signIn(await makeAlumnus({ consents: ["share_feed"] })), { network: "myspace", language: "en" });
    expect(malformed.response.status).toBe(400);
    expect(await testDb().selectFrom("tracked_links").selectAll().execute()).toHaveLength(0);
  });

  it("answers 429 with when to try again once a person pressed share 60 times in an hour, and records nothing more", async () => {
    const alumnus = await makeAlumnus({ consents: ["share_feed"] });
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    await penalizeRateLimit("sharesByPerson", alumnus.id, RATE_LIMITS.sharesByPerson.points);
    const { response, html } = await post(`/alumni/share/${item.id}`, await signIn(alumnus), { network: "x", language: "en" });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(html).toMatch(/You have shared a lot in the last hour\. Try again in \d+ minutes\./);
    expect(await testDb().selectFrom("share_intents").selectAll().execute()).toHaveLength(0);
  });

  it("refuses staff (they preview) and answers 404 for an item that cannot be shared", async () => {
    const item = await makeFeedItem({ kind: "external", status: "approved" });
    const pending = await makeFeedItem({ kind: "external", status: "pending" });
    expect((await post(`/alumni/share/${item.id}`, await signIn(await createUser({ role: "hr_admin" })), { network: "x", language: "en" })).response.status).toBe(403);
    const cookie = await signIn(await makeAlumnus({ consents: ["share_feed"] }));
    expect((await post(`/alumni/share/${pending.id}`, cookie, { network: "x", language: "en" })).response.status).toBe(404);
    expect((await get(`/alumni/share/${pending.id}`, cookie)).response.status).toBe(404);
    expect((await get("/alumni/share/not-an-id", cookie)).response.status).toBe(404);
  });

  it("shows the suggested texts to edit, with the disclosure line apart", async () => {
    const hr = await createUser({ role: "hr_admin" });
    await updateFeedSettings(testDb(), { disclosureEn: "#formeremployee of Acme", disclosureFr: "", promotionalMaxPercent: "40" }, { userId: hr.id });
    const item = await makeFeedItem({ kind: "external", status: "approved", title: "Rust in production" });
    const { response, html } = await get(`/alumni/share/${item.id}`, await signIn(await makeAlumnus({ consents: ["share_feed"] })));
    expect(response.status).toBe(200);
    for (const network of ["linkedin", "x", "facebook"]) expect(html).toMatch(new RegExp(`<textarea[^>]*id="share-${network}-text"[^>]*>Rust in production`));
    expect(html).toContain("Added at the end of every share: “#formeremployee of Acme”");
    expect(formAction(response)).toContain("https://twitter.com");
  });
});
