import { action as newAction } from "~/routes/admin.openings.new";
import { action as editAction, loader as editLoader } from "~/routes/admin.openings.$openingId";
import { loader as listLoader } from "~/routes/admin.openings._index";
import { loader as poolLoader } from "~/routes/admin.openings.boomerang";
import { loader as csvLoader } from "~/routes/admin.openings.boomerang_.export[.]csv";
import { action as alumniAction, loader as alumniLoader } from "~/routes/alumni.openings";
import { loader as publicLoader } from "~/routes/openings.$openingId";
import { insertClicks } from "~/modules/links/tracked-links.server";
import { openingsForHome } from "~/modules/openings/home.server";
import { referralLinkCode } from "~/modules/openings/referrals.server";
import { createDepartment, createUser, installDefaultsWithoutSurveys, makeMember, makeOpening, signIn } from "../../factories";
import { setConsent } from "../../factories/scoring";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";

/** Openings (issue 14): HR's pages and their guards, the alumni page's consent gate, referral links and their counts. */

useTestDatabase();

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

async function hrCookie(locale: "en" | "fr" = "en") {
  return signIn(await createUser({ role: "hr_admin", locale }));
}

async function referralLinks(openingId: string) {
  return testDb().selectFrom("tracked_links").select(["id", "code", "user_id", "target_url", "channel"]).where("subject_ref", "=", `opening/${openingId}`).execute();
}

async function askReferral(cookie: string, openingId: string) {
  return callAction(alumniAction, buildRequest("/alumni/openings", { cookie, form: { intent: "referral", openingId } }));
}

describe("HR's opening pages", () => {
  it("refuse an alumnus with 403 on every admin page and export", async () => {
    const { cookie } = await makeMember({ consents: ["openings"] });
    const opening = await makeOpening();
    const responses = [
      await callLoader(listLoader, buildRequest("/admin/openings", { cookie })),
      await callLoader(editLoader, buildRequest(`/admin/openings/${opening.id}`, { cookie }), { openingId: opening.id }),
      await callLoader(poolLoader, buildRequest("/admin/openings/boomerang", { cookie })),
      await callLoader(csvLoader, buildRequest("/admin/openings/boomerang/export.csv", { cookie })),
      await callAction(newAction, buildRequest("/admin/openings/new", { cookie, form: { titleEn: "X" } })),
      await callAction(editAction, buildRequest(`/admin/openings/${opening.id}`, { cookie, form: { intent: "close" } }), { openingId: opening.id }),
    ];
    expect(responses.map((response) => response.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await testDb().selectFrom("openings").select("status").where("id", "=", opening.id).executeTakeFirstOrThrow()).status).toBe("open");
  });

  it("create an opening, and answer a bad form with errors naming each field in HR's language", async () => {
    const departmentId = (await createDepartment("Engineering")).id;
    const bad = { titleEn: "", departmentId: "", location: "", externalUrl: "http://careers.example.com/jobs/1" };
    const en = await callAction(newAction, buildRequest("/admin/openings/new", { cookie: await hrCookie("en"), form: bad }));
    expect(en.status).toBe(400);
    const enErrors = (await en.json()).result.error;
    expect(enErrors.titleEn[0]).toMatch(/^Title:/);
    expect(enErrors.departmentId[0]).toMatch(/^Department:/);
    expect(enErrors.location[0]).toMatch(/^Location:/);
    expect(enErrors.externalUrl[0]).toMatch(/^Link to apply:.*https:\/\//);
    const fr = await callAction(newAction, buildRequest("/admin/openings/new", { cookie: await hrCookie("fr"), form: bad }));
    const frErrors = (await fr.json()).result.error;
    expect(frErrors.titleEn[0]).toMatch(/^Intitulé :/);
    expect(frErrors.externalUrl[0]).toMatch(/^Lien pour postuler :/);
    expect(await testDb().selectFrom("openings").select("id").execute()).toEqual([]);

    const created = await callAction(
      newAction,
      buildRequest("/admin/openings/new", { cookie: await hrCookie(), form: { titleEn: "Staff engineer", titleFr: "Ingénieur principal", departmentId, location: "Lyon", externalUrl: "https://careers.example.com/jobs/42" } }),
    );
    expect(created.status).toBe(302);
    const row = await testDb().selectFrom("openings").selectAll().executeTakeFirstOrThrow();
    expect(created.headers.get("Location")).toBe(`/admin/openings/${row.id}?done=created`);
    expect(row).toMatchObject({ title_en: "Staff engineer", title_fr: "Ingénieur principal", department_id: departmentId, status: "open" });
    expect(await testDb().selectFrom("audit_log").select("action").where("subject_id", "=", row.id).execute()).toEqual([{ action: "opening.created" }]);
  });

  it("close an opening, which then gives no new referral link, while its public page says it is closed", async () => {
    const opening = await makeOpening();
    const closed = await callAction(editAction, buildRequest(`/admin/openings/${opening.id}`, { cookie: await hrCookie(), form: { intent: "close" } }), { openingId: opening.id });
    expect(closed.status).toBe(302);
    const { cookie } = await makeMember({ consents: ["openings"] });
    expect((await askReferral(cookie, opening.id)).status).toBe(409);
    expect(await referralLinks(opening.id)).toEqual([]);
    const page = await callLoader(publicLoader, buildRequest(`/openings/${opening.id}`), { openingId: opening.id });
    expect((await page.json()).opening.externalUrl).toBeNull();
    expect((await callLoader(publicLoader, buildRequest("/openings/nope"), { openingId: "nope" })).status).toBe(404);
  });
});

describe("the alumni openings page", () => {
  it("shows openings only to an alumnus whose latest openings choice is a grant, and explains otherwise", async () => {
    const opening = await makeOpening({ titleEn: "Data analyst" });
    await makeOpening({ titleEn: "Old role", status: "closed" });
    const withConsent = await makeMember({ consents: ["openings"] });
    const without = await makeMember({ consents: ["newsletter"] });
    const withdrew = await makeMember({ consents: ["openings"] });
    await setConsent(withdrew.userId, "openings", false);

    const seen = await (await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: withConsent.cookie }))).json();
    expect(seen.consented).toBe(true);
    expect(seen.openings.map((o: { id: string }) => o.id)).toEqual([opening.id]);
    for (const member of [without, withdrew]) {
      const data = await (await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: member.cookie }))).json();
      expect(data).toMatchObject({ consented: false, openings: [] });
      expect((await askReferral(member.cookie, opening.id)).status).toBe(403);
    }
    expect(await referralLinks(opening.id)).toEqual([]);
  });

  it("is not for HR or task owners (403), and a GET creates no referral link", async () => {
    const opening = await makeOpening();
    expect((await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: await signIn(await createUser({ role: "task_owner" })) }))).status).toBe(403);
    const { cookie } = await makeMember({ consents: ["openings"] });
    await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie }));
    expect(await referralLinks(opening.id)).toEqual([]);
  });

  it("gives one referral link per alumnus and opening, however often (or concurrently) asked, leading to the opening's public page", async () => {
    const [first, second] = [await makeOpening(), await makeOpening()];
    const ada = await makeMember({ consents: ["openings"] });
    const bob = await makeMember({ consents: ["openings"] });
    const answers = await Promise.all([askReferral(ada.cookie, first.id), askReferral(ada.cookie, first.id), askReferral(ada.cookie, first.id)]);
    expect(answers.map((answer) => answer.status)).toEqual([302, 302, 302]);
    await askReferral(ada.cookie, first.id);
    await askReferral(bob.cookie, first.id);
    await askReferral(ada.cookie, second.id);
    const links = await referralLinks(first.id);
    expect(links.map((link) => link.user_id).sort()).toEqual([ada.userId, bob.userId].sort());
    const adaLink = links.find((link) => link.user_id === ada.userId)!;
    expect(adaLink).toMatchObject({ channel: "referral", code: referralLinkCode({ openingId: first.id, userId: ada.userId }) });
    expect(adaLink.target_url).toMatch(new RegExp(`/openings/${first.id}$`));
    expect(await referralLinks(second.id)).toHaveLength(1);

    const page = await (await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: ada.cookie }))).json();
    const shown = page.openings.find((o: { id: string }) => o.id === first.id);
    expect(shown.referral.url).toMatch(new RegExp(`/r/${adaLink.code}$`));
  });

  it("counts referral clicks per alumnus and per opening on HR's pages", async () => {
    const [first, second] = [await makeOpening({ titleEn: "First" }), await makeOpening({ titleEn: "Second" })];
    const ada = await makeMember({ name: "Ada Referrer", consents: ["openings"] });
    const bob = await makeMember({ name: "Bob Referrer", consents: ["openings"] });
    await askReferral(ada.cookie, first.id);
    await askReferral(bob.cookie, first.id);
    await askReferral(bob.cookie, second.id);
    const linkOf = async (openingId: string, userId: string) => (await referralLinks(openingId)).find((link) => link.user_id === userId)!.id;
    const clicks = (linkId: string, n: number) => Array.from({ length: n }, () => ({ linkId, clickedAt: new Date(), ipHash: null }));
    await insertClicks([...clicks(await linkOf(first.id, ada.userId), 3), ...clicks(await linkOf(first.id, bob.userId), 1), ...clicks(await linkOf(second.id, bob.userId), 2)], testDb());

    const cookie = await hrCookie();
    const list = await (await callLoader(listLoader, buildRequest("/admin/openings", { cookie }))).json();
    const row = (id: string) => list.openings.find((o: { id: string }) => o.id === id);
    expect(row(first.id)).toMatchObject({ referrers: 2, clicks: 4 });
    expect(row(second.id)).toMatchObject({ referrers: 1, clicks: 2 });
    const detail = await (await callLoader(editLoader, buildRequest(`/admin/openings/${first.id}`, { cookie }), { openingId: first.id })).json();
    expect(detail.referrers.map((r: { name: string; clicks: number }) => [r.name, r.clicks])).toEqual([
      ["Ada Referrer", 3],
      ["Bob Referrer", 1],
    ]);
    const alumni = await (await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: bob.cookie }))).json();
    expect(alumni.openings.find((o: { id: string }) => o.id === second.id).referral.clicks).toBe(2);
  });
});

describe("openingsForHome", () => {
  it("returns the newest open openings only with the openings consent, and [] without or after withdrawing it", async () => {
    await makeOpening({ titleEn: "A", createdAt: new Date("2026-12-01T09:00:00Z") });
    const newest = await makeOpening({ titleEn: "B", createdAt: new Date("2026-12-02T09:00:00Z") });
    await makeOpening({ titleEn: "Closed", status: "closed" });
    const member = await makeMember({ consents: ["openings"] });
    const home = await openingsForHome(testDb(), member.userId, 1);
    expect(home).toEqual([{ id: newest.id, title: { en: "B", fr: "" }, department: null, location: "Paris", href: `/alumni/openings#opening-${newest.id}` }]);
    expect(await openingsForHome(testDb(), member.userId, 5)).toHaveLength(2);
    const other = await makeMember({ consents: ["newsletter", "pulse"] });
    expect(await openingsForHome(testDb(), other.userId, 5)).toEqual([]);
    await setConsent(member.userId, "openings", false);
    expect(await openingsForHome(testDb(), member.userId, 5)).toEqual([]);
  });
});
