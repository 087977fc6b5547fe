import enAlumni from "~/locales/en/alumni.json";
import enFeeds from "~/locales/en/feeds.json";
import frFeeds from "~/locales/fr/feeds.json";
import { setLeaderboardOptIn } from "~/modules/advocacy/leaderboard.server";
import { createAlumniProfile, createUser, makeClicks, makeFeedItem, makeFeedSource, makeShare, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";

/** The advocacy pages as a browser without JavaScript gets them, through the built app. */

useTestDatabase();
const app = useHttpApp();

const { get, post } = pageRequests(app);

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

async function alumnus(name: string, optIn: boolean) {
  const user = await createUser({ role: "alumnus", name });
  await createAlumniProfile(user.id, { status: "active" });
  if (optIn) await setLeaderboardOptIn(testDb(), { userId: user.id }, true);
  return user;
}

async function audit(prefix: string) {
  return (await testDb().selectFrom("audit_log").select("action").where("action", "like", `${prefix}%`).orderBy("created_at").execute()).map((row) => row.action);
}

describe("HR's share analytics", () => {
  it("shows each item's shares by network, the sources with company posts as one row, the advocates and the earned media value with its formula", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const source = await makeFeedSource({ name: "Industry Weekly", kind: "external" });
    const article = await makeFeedItem({ source, status: "approved", title: "Robots at work" });
    const post = await makeFeedItem({ source: null, kind: "company", status: "approved", title: "Acme opens Lyon" });
    const ada = await alumnus("Ada Advocate", true);
    const quiet = await alumnus("Quiet Person", false);
    const linkedin = await makeShare({ userId: ada.id, item: article, channel: "linkedin", at: [hoursAgo(5), hoursAgo(4)] });
    await makeShare({ userId: ada.id, item: article, channel: "x", at: hoursAgo(5) });
    await makeShare({ userId: quiet.id, item: post, channel: "facebook", at: hoursAgo(5) });
    await makeClicks(linkedin.id, [
      { at: hoursAgo(3), ip: "a" },
      { at: hoursAgo(3), ip: "a" },
      { at: hoursAgo(3), ip: "b" },
    ]);

    const { response, html } = await get("/admin/feed/analytics", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain(enFeeds.analytics.title);
    expect(html).toContain("over the last 30 days");
    // Robots at work: LinkedIn 1, X 1, Facebook 0, 2 shares, 2 visits, 1 visit per share.
    expect(html).toMatch(/Robots at work<\/a><\/th><td[^>]*>External<\/td><td[^>]*>Industry Weekly<\/td>(<td[^>]*>(\d+)<\/td>){5}/);
    const robots = html.slice(html.indexOf("Robots at work</a>"));
    expect([...robots.slice(0, robots.indexOf("</tr>")).matchAll(/<td class="analytics-table__number"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(["1", "1", "0", "2", "2", "1"]);
    expect(html).toMatch(/<th scope="row">Company posts<\/th><td[^>]*>1<\/td><td[^>]*>0<\/td>/);
    // Advocates: only the one who opted in. 2 shares × 5 + 2 visits × 10 = 30 points.
    expect(html).toMatch(/<th scope="row">Ada Advocate<\/th><td[^>]*>30<\/td><td[^>]*>2<\/td><td[^>]*>2<\/td>/);
    expect(html).not.toContain("Quiet Person");
    // 3 shares × 300 ÷ 1000 × €10.00 + 2 × €1.50 = €12.00.
    expect(html).toContain("<strong>€12.00</strong>");
    expect(html).toContain("Shares × 300 impressions per share ÷ 1,000 × €10.00 per thousand impressions + visits × €1.50 per visit.");
    expect(html).toContain('href="/admin/settings/advocacy"');

    await testDb().insertInto("feed_settings").values({ id: true, leaderboard_enabled: false }).execute();
    const off = await get("/admin/feed/analytics?days=7", cookie);
    expect(off.html).toContain(enFeeds.analytics.advocatesOff);
    expect(off.html).not.toContain("Ada Advocate");
    expect(off.html).toContain("over the last 7 days");
  });

  it("answers a period that is not offered with 400, the message, and the default period", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const { response, html } = await get("/admin/feed/analytics?days=5", cookie);
    expect(response.status).toBe(400);
    expect(html).toContain(enFeeds.analytics.badPeriod);
    expect(html).toContain(enFeeds.analytics.itemsEmpty);
  });

  it("is in French, with the amount in French notation, for a French-speaking admin", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { html } = await get("/admin/feed/analytics", cookie);
    expect(html).toContain(frFeeds.analytics.title);
    expect(html).toMatch(/<strong>0,00\s€<\/strong>/u);
  });

  it("is linked from the review queue, and refuses alumni and task owners", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    expect((await get("/admin/feed", hr)).html).toContain('href="/admin/feed/analytics"');
    for (const role of ["alumnus", "task_owner"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await get("/admin/feed/analytics", cookie)).response.status).toBe(403);
      expect((await get("/admin/settings/advocacy", cookie)).response.status).toBe(403);
      expect((await post("/admin/settings/advocacy", cookie, { pointsPerShare: "1" })).response.status).toBe(403);
    }
  });
});

describe("HR's points and media value settings", () => {
  const valid = { leaderboardEnabled: "on", pointsPerShare: "3", pointsPerClick: "12", dailyCap: "50", currency: "usd", cpm: "12.5", cpc: "0,75", impressionsPerShare: "450" };

  it("shows the defaults, saves the rules in minor units with an audit entry, and leaves the disclosure lines alone", async () => {
    const user = await createUser({ role: "hr_admin" });
    const cookie = await signIn(user);
    await testDb().insertInto("feed_settings").values({ id: true, disclosure_en: "#formeremployee" }).execute();
    const page = await get("/admin/settings/advocacy", cookie);
    expect(page.response.status).toBe(200);
    expect(page.html).toMatch(/name="cpm"[^>]*value="10.00"/);
    expect(page.html).toMatch(/name="leaderboardEnabled"[^>]*checked=""/);
    expect(page.html).toContain(enFeeds.advocacySettings.emvNote);

    const saved = await post("/admin/settings/advocacy", cookie, valid);
    expect(saved.response.status).toBe(302);
    expect(saved.response.headers.get("Location")).toBe("/admin/settings/advocacy?notice=saved");
    const row = await testDb().selectFrom("feed_settings").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      disclosure_en: "#formeremployee",
      leaderboard_enabled: true,
      points_per_share: 3,
      points_per_click: 12,
      points_daily_cap: 50,
      emv_currency: "USD",
      emv_cpm_minor: 1250,
      emv_cpc_minor: 75,
      emv_impressions_per_share: 450,
      updated_by: user.id,
    });
    expect(await audit("advocacy.")).toEqual(["advocacy.settings_updated"]);

    // An unticked box switches the leaderboard off.
    const { leaderboardEnabled: _, ...unticked } = valid;
    await post("/admin/settings/advocacy", cookie, unticked);
    expect((await testDb().selectFrom("feed_settings").select("leaderboard_enabled").executeTakeFirstOrThrow()).leaderboard_enabled).toBe(false);
    expect((await get("/admin/settings/advocacy?notice=saved", cookie)).html).toContain(enFeeds.advocacySettings.saved);
  });

  it("answers wrong values with 400 and a message beside each field, and saves nothing", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const refused = await post("/admin/settings/advocacy", cookie, { ...valid, pointsPerShare: "5000", cpm: "ten", currency: "EURO" });
    expect(refused.response.status).toBe(400);
    expect(refused.html).toMatch(/id="[^"]*pointsPerShare-error"[^>]*>[\s\S]*The points per share must be a whole number from 0 to 1000/);
    expect(refused.html).toMatch(/id="[^"]*cpm-error"[^>]*>[\s\S]*The cost per thousand impressions must be an amount/);
    expect(refused.html).toMatch(/id="[^"]*currency-error"[^>]*>[\s\S]*three-letter ISO 4217 code/);
    // Three letters the form accepts, but no currency: the domain's coded refusal, beside the field.
    const unknown = await post("/admin/settings/advocacy", cookie, { ...valid, currency: "QQQ" });
    expect(unknown.response.status).toBe(400);
    expect(unknown.html).toMatch(/id="[^"]*currency-error"[^>]*>[\s\S]*three-letter ISO 4217 code/);
    expect(await testDb().selectFrom("feed_settings").selectAll().execute()).toEqual([]);
    expect(await audit("advocacy.")).toEqual([]);
  });

  it("is linked from the share feed settings and from the settings index", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    expect((await get("/admin/settings/feed", cookie)).html).toContain('href="/admin/settings/advocacy"');
    expect((await get("/admin/settings", cookie)).html).toContain('href="/admin/settings/advocacy"');
  });
});

describe("the leaderboard choice on the alumni preferences", () => {
  it("is hidden by default, explained, and changed with one POST either way, audited", async () => {
    const sam = await alumnus("Sam", false);
    const cookie = await signIn(sam);
    const page = await get("/alumni/preferences", cookie);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain(enAlumni.preferences.leaderboardLead);
    expect(page.html).toContain(enAlumni.preferences.leaderboardSees);
    expect(page.html).toContain(enAlumni.preferences.leaderboardOut);

    const shown = await post("/alumni/preferences", cookie, { intent: "leaderboard", optIn: "true", shownLocale: "en" });
    expect(shown.response.status).toBe(302);
    expect(shown.response.headers.get("Location")).toBe("/alumni/preferences?done=leaderboardShown");
    const after = await get("/alumni/preferences?done=leaderboardShown", cookie);
    expect(after.html).toContain(enAlumni.preferences.leaderboardShown);
    expect(after.html).toContain(enAlumni.preferences.leaderboardIn);
    expect(after.html).toContain(enAlumni.preferences.leaderboardHide);

    // A second tab sending the same choice changes nothing more.
    await post("/alumni/preferences", cookie, { intent: "leaderboard", optIn: "true", shownLocale: "en" });
    await post("/alumni/preferences", cookie, { intent: "leaderboard", optIn: "false", shownLocale: "en" });
    expect((await testDb().selectFrom("alumni_profiles").select("leaderboard_opt_in").where("user_id", "=", sam.id).executeTakeFirstOrThrow()).leaderboard_opt_in).toBe(false);
    expect(await audit("advocacy.leaderboard")).toEqual(["advocacy.leaderboard_joined", "advocacy.leaderboard_left"]);

    const bad = await post("/alumni/preferences", cookie, { intent: "leaderboard", optIn: "maybe" });
    expect(bad.response.status).toBe(400);
  });

  it("gives an alumnus without a profile row one when they choose to appear", async () => {
    const old = await createUser({ role: "alumnus" });
    const cookie = await signIn(old);
    expect((await post("/alumni/preferences", cookie, { intent: "leaderboard", optIn: "true", shownLocale: "en" })).response.status).toBe(302);
    expect((await testDb().selectFrom("alumni_profiles").select("leaderboard_opt_in").where("user_id", "=", old.id).executeTakeFirstOrThrow()).leaderboard_opt_in).toBe(true);
  });

  it("says the leaderboard is off, without the button, when HR switched it off", async () => {
    await testDb().insertInto("feed_settings").values({ id: true, leaderboard_enabled: false }).execute();
    const cookie = await signIn(await alumnus("Sam", false));
    const page = await get("/alumni/preferences", cookie);
    expect(page.html).toContain(enAlumni.preferences.leaderboardOff);
    expect(page.html).not.toContain(enAlumni.preferences.leaderboardShow);
  });
});
