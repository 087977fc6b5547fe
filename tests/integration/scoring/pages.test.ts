import Papa from "papaparse";
import enAlumni from "~/locales/en/alumni.json";
import enScoring from "~/locales/en/scoring.json";
import frScoring from "~/locales/fr/scoring.json";
import { updateScoringSettings } from "~/modules/scoring/settings.server";
import { runScoringTick } from "~/modules/scoring/scoring-job.server";
import { createUser, installDefaultsWithoutSurveys, makeFeedItem, makeShare, signIn } from "../../factories";
import { leaverWithExitAnswer, makeAlumnusOf } from "../../factories/scoring";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { isDomainFailure } from "~/utils/failures";

/** HR's segments page, its CSV export and the score's settings, through the built app. */

useTestDatabase();
useJobQueue();
const app = useHttpApp();
const { get, post } = pageRequests(app);

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

async function audit(prefix: string) {
  return (await testDb().selectFrom("audit_log").select(["action", "data"]).where("action", "like", `${prefix}%`).orderBy("created_at").execute());
}

describe("HR's segments page", () => {
  it("counts each segment, lists one with name, score, reason and time, and audits what it showed", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const ada = await leaverWithExitAnswer({ enps: 9, name: "Ada Promoter" });
    await makeShare({ userId: ada.userId, item: await makeFeedItem() });
    await leaverWithExitAnswer({ enps: 10, name: "Bea Promoter" });
    await leaverWithExitAnswer({ enps: 2, name: "Carl Detractor" });
    await leaverWithExitAnswer({ enps: 8, name: "Dan Passive" });
    await runScoringTick();

    const { response, html } = await get("/admin/segments", cookie);
    expect(response.status).toBe(200);
    expect(html).toContain(enScoring.segmentsPage.title);
    expect(html).toMatch(/Promoters <span class="muted">\(2\)<\/span>/);
    expect(html).toMatch(/Detractors <span class="muted">\(1\)<\/span>/);
    expect(html).toMatch(/Passives <span class="muted">\(1\)<\/span>/);
    expect(html).toContain("Ada Promoter");
    expect(html).toContain("scored 9 at exit; 1 share in 90 days");
    expect(html).not.toContain("Carl Detractor");
    // The best promoter first.
    expect(html.indexOf("Bea Promoter")).toBeLessThan(html.indexOf("Ada Promoter"));
    expect(html).toContain('href="/admin/segments/export.csv?segment=promoter"');
    expect(html).toContain('href="/admin/segments"');

    const detractors = await get("/admin/segments?segment=detractor", cookie);
    expect(detractors.html).toContain("Carl Detractor");
    expect(detractors.html).toContain("scored 2 at exit");
    expect((await audit("scoring.segment_viewed")).map((row) => (row.data as { segment: string }).segment)).toEqual(["promoter", "detractor"]);
  });

  it("exports a segment as CSV with the reason in HR's language, audited, and nothing of another segment", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    await leaverWithExitAnswer({ enps: 9, name: "=HYPERLINK(evil)" });
    await leaverWithExitAnswer({ enps: 1, name: "Carl Detractor" });
    await runScoringTick();

    const { response, html: body } = await get("/admin/segments/export.csv?segment=promoter", cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const rows = Papa.parse<string[]>(body.replace(/^\uFEFF/, "").trim()).data;
    expect(rows[0]).toEqual(Object.values(frScoring.export.columns));
    expect(rows).toHaveLength(2);
    expect(rows[1]![0]).toBe("'=HYPERLINK(evil)");
    expect(rows[1]!.slice(2, 5)).toEqual(["promoter", "30", "a noté 9 à la sortie"]);
    expect(body).not.toContain("Carl Detractor");
    expect((await audit("scoring.segment_exported")).map((row) => row.data)).toEqual([{ segment: "promoter", rows: 1 }]);
  });

  it("answers a segment that does not exist with 400 and its message, and refuses everyone but HR admins", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const wrong = await get("/admin/segments?segment=fans", hr);
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toContain(enScoring.segmentsPage.badSegment);
    expect((await get("/admin/segments/export.csv?segment=fans", hr)).response.status).toBe(400);
    expect((await get("/admin/segments?page=abc", hr)).response.status).toBe(400);

    for (const role of ["task_owner", "alumnus", "leaver"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await get("/admin/segments", cookie)).response.status).toBe(403);
      expect((await get("/admin/segments/export.csv?segment=promoter", cookie)).response.status).toBe(403);
      expect((await get("/admin/settings/scoring", cookie)).response.status).toBe(403);
      expect((await post("/admin/settings/scoring", cookie, { npsWeight: "100" })).response.status).toBe(403);
    }
  });
});

describe("HR's score settings", () => {
  const valid = {
    npsWeight: "60",
    sentimentWeight: "10",
    engagementWeight: "30",
    promoterMin: "40",
    detractorMax: "-20",
    npsHalfLifeDays: "180",
    commentHalfLifeDays: "200",
    engagementHalfLifeDays: "60",
    sharePoints: "5",
    earnedClickPoints: "2",
    newsletterClickPoints: "3",
    fullPoints: "25",
    reasonWindowDays: "30",
  };

  it("shows the defaults, saves HR's formula with an audit entry, and rescores everyone with it", async () => {
    const user = await createUser({ role: "hr_admin" });
    const cookie = await signIn(user);
    const nine = await leaverWithExitAnswer({ enps: 9 });
    await runScoringTick();
    expect((await testDb().selectFrom("advocacy_scores").select("segment").where("user_id", "=", nine.userId).executeTakeFirstOrThrow()).segment).toBe("promoter");

    const page = await get("/admin/settings/scoring", cookie);
    expect(page.response.status).toBe(200);
    expect(page.html).toMatch(/name="npsWeight"[^>]*value="50"/);
    expect(page.html).toMatch(/name="detractorMax"[^>]*value="-30"/);
    expect(page.html).toContain(enScoring.settings.formula);

    const saved = await post("/admin/settings/scoring", cookie, valid);
    expect(saved.response.status).toBe(302);
    expect(saved.response.headers.get("Location")).toBe("/admin/settings/scoring?notice=saved");
    expect(await testDb().selectFrom("scoring_settings").selectAll().executeTakeFirstOrThrow()).toMatchObject({
      nps_weight: 60,
      sentiment_weight: 10,
      engagement_weight: 30,
      promoter_min: 40,
      detractor_max: -20,
      engagement_full_points: 25,
      reason_window_days: 30,
      updated_by: user.id,
    });
    expect((await audit("scoring.settings_updated")).length).toBe(1);

    // 60 × 0.6 = 36 < 40: no longer a promoter under HR's formula.
    await runScoringTick();
    expect(await testDb().selectFrom("advocacy_scores").select(["score", "segment"]).where("user_id", "=", nine.userId).executeTakeFirstOrThrow()).toEqual({ score: 36, segment: "passive" });
    expect((await get("/admin/settings/scoring?notice=saved", cookie)).html).toContain(enScoring.settings.saved);
  });

  it("answers wrong values with 400 and a message beside each field, in the admin's language, and saves nothing", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const sum = await post("/admin/settings/scoring", cookie, { ...valid, sentimentWeight: "30" });
    expect(sum.response.status).toBe(400);
    expect(sum.html).toMatch(/id="[^"]*npsWeight-error"[^>]*>[\s\S]*La somme des trois poids doit faire 100 \(elle fait 120\)/);
    const refused = await post("/admin/settings/scoring", cookie, { ...valid, promoterMin: "0", npsHalfLifeDays: "abc" });
    expect(refused.response.status).toBe(400);
    expect(refused.html).toMatch(/id="[^"]*promoterMin-error"[^>]*>[\s\S]*Saisissez un nombre entier de 1 à 100/);
    expect(refused.html).toMatch(/id="[^"]*npsHalfLifeDays-error"[^>]*>[\s\S]*Saisissez un nombre entier de 1 à 3650/);
    expect(await testDb().selectFrom("scoring_settings").selectAll().execute()).toEqual([]);
  });

  it("is checked again by the domain, with a code per wrong field", async () => {
    const user = await createUser({ role: "hr_admin" });
    const attempt = (input: Record<string, unknown>) => updateScoringSettings(testDb(), input, { userId: user.id }).then(() => null, (error: unknown) => error);
    const sum = await attempt({ ...valid, npsWeight: "10" });
    expect(isDomainFailure(sum) && sum.failures).toEqual([{ code: "scoringSettings.weightsSum", field: "npsWeight", values: { sum: 50 } }]);
    const fields = await attempt({ ...valid, detractorMax: "5", fullPoints: "", reasonWindowDays: 400 });
    expect(isDomainFailure(fields) && fields.failures.map((failure) => [failure.field, failure.code])).toEqual([
      ["detractorMax", "scoringSettings.detractorMaxInvalid"],
      ["fullPoints", "scoringSettings.fullPointsInvalid"],
      ["reasonWindowDays", "scoringSettings.reasonWindowInvalid"],
    ]);
    expect(await testDb().selectFrom("scoring_settings").selectAll().execute()).toEqual([]);
  });
});

describe("the alumni home's nudge to turn the share feed on", () => {
  it("is shown to an alumnus who did not choose the share feed, but never to a detractor", async () => {
    const passive = await leaverWithExitAnswer({ enps: 8 });
    await makeAlumnusOf(passive, ["newsletter"]);
    const detractor = await leaverWithExitAnswer({ enps: 1 });
    await makeAlumnusOf(detractor, ["newsletter"]);
    await runScoringTick();

    const passiveHome = await get("/alumni", await signIn({ id: passive.userId, role: "alumnus" }));
    expect(passiveHome.html).toContain(enAlumni.feed.turnOn);
    const detractorHome = await get("/alumni", await signIn({ id: detractor.userId, role: "alumnus" }));
    expect(detractorHome.response.status).toBe(200);
    expect(detractorHome.html).toContain(enAlumni.feed.offTitle);
    expect(detractorHome.html).not.toContain(enAlumni.feed.turnOn);
  });
});
