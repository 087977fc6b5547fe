import { sql } from "kysely";
import { penalizeRateLimit, RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { action, loader } from "~/routes/pulse.$token";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createDepartment, installOffboardingDefaults, makeAlumnus, makeBareDeparture, makePulse } from "../../factories";

useTestDatabase();

const open = (token: string, query = "") => callLoader(loader, buildRequest(`/pulse/${token}${query}`), { token });
const post = (token: string, form: Record<string, string>) => callAction(action, buildRequest(`/pulse/${token}`, { method: "POST", form }), { token });

/** Every row the answer could write, counted: the page must leave them all as they were on GET. */
async function footprint() {
  const { rows } = await sql<{ answers: number; responses: number; audit: number; pool: number }>`
    select (select count(*)::int from pulse_answers) as answers, (select count(*)::int from survey_responses) as responses,
           (select count(*)::int from audit_log) as audit, (select count(*)::int from anonymous_pool) as pool`.execute(testDb());
  return rows[0]!;
}

async function answerRows(pulseId: string) {
  return testDb().selectFrom("pulse_answers").selectAll().where("pulse_id", "=", pulseId).execute();
}

async function setUp(options: Parameters<typeof makePulse>[0] = {}) {
  const { pulse, survey, version } = await makePulse(options);
  const alumnus = await makeAlumnus({ consents: ["pulse"] });
  return { pulse, survey, version, alumnus, token: pulseAnswerToken({ pulseId: pulse.id, userId: alumnus.id }) };
}

describe("the pulse answer page", () => {
  it("GET shows the question with the score of the link preselected, and writes nothing", async () => {
    const { token } = await setUp();
    const before = await footprint();
    const response = await open(token, "?score=7");
    expect(response.status).toBe(200);
    const data = (await response.json()) as { view: { window: string; answered: boolean; enps: { prompt: { en: string } } }; preselected: number | null };
    expect(data.preselected).toBe(7);
    expect(data.view).toMatchObject({ window: "open", answered: false });
    expect(data.view.enps.prompt.en).toBe("How likely are you to recommend Acme Corp as a place to work?");
    expect(await footprint()).toEqual(before);
  });

  it("preselects nothing when the score in the link is missing or not 0–10", async () => {
    const { token } = await setUp();
    for (const query of ["", "?score=11", "?score=-1", "?score=7.5", "?score=seven", "?score=07"]) {
      const data = (await (await open(token, query)).json()) as { preselected: number | null };
      expect(data.preselected, query).toBeNull();
    }
  });

  it("answers 404, not 500, to a forged, altered or malformed token, on GET and on POST, and records nothing", async () => {
    const { token, pulse } = await setUp();
    const [pulseId, userId, mac] = token.split(".") as [string, string, string];
    const other = await makeAlumnus();
    const forged = [
      `${pulseId}.${other.id}.${mac}`,
      `${pulseId}.${userId}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`,
      `${pulseId}.${userId}`,
      "not-a-token",
      `${"x".repeat(300)}`,
      `${pulseId}.${userId}.${mac}.extra`,
    ];
    for (const bad of forged) {
      expect((await open(bad, "?score=3")).status, bad).toBe(404);
      expect((await post(bad, { score: "3" })).status, bad).toBe(404);
    }
    expect(await answerRows(pulse.id)).toEqual([]);
  });

  it("POST records a confidential answer as one survey response of the alumnus's department, linked from the answer row", async () => {
    await installOffboardingDefaults();
    const department = await createDepartment(`Support ${Date.now()}`);
    const departure = await makeBareDeparture({ departmentId: department.id });
    const { pulse, survey, version, token, alumnus } = await setUp();
    await testDb().updateTable("alumni_profiles").set({ departure_id: departure.id }).where("user_id", "=", alumnus.id).execute();

    const response = await post(token, { score: "9", comment: "  Great place to grow.  " });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: "done", replaced: false });

    const [answer] = await answerRows(pulse.id);
    expect(answer).toMatchObject({ user_id: alumnus.id, enps_score: 9, comment: "Great place to grow.", locale: "en" });
    const response_ = await testDb().selectFrom("survey_responses").selectAll().executeTakeFirstOrThrow();
    expect(response_).toMatchObject({
      id: answer!.response_id,
      survey_id: survey.id,
      survey_version_id: version.id,
      confidentiality: "confidential",
      invitation_id: null,
      department_id: department.id,
      departure_type: departure.type,
      enps_score: 9,
      answers: { enps: 9, comment: "Great place to grow." },
      locale: "en",
    });
    expect(response_.submitted_at).toBeInstanceOf(Date);
    expect(response_.period_month).toBe(`${daysFromToday(0).slice(0, 7)}-01`);
  });

  it("a second POST replaces the first: still one answer and one survey response per person, with the new score", async () => {
    const { pulse, token } = await setUp();
    await post(token, { score: "3", comment: "Too much overtime." });
    const first = (await answerRows(pulse.id))[0]!;
    const again = await post(token, { score: "8" });
    expect(await again.json()).toMatchObject({ kind: "done", replaced: true });

    const answers = await answerRows(pulse.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ enps_score: 8, comment: "", response_id: first.response_id });
    const responses = await testDb().selectFrom("survey_responses").select(["id", "enps_score", "answers"]).execute();
    expect(responses).toEqual([{ id: first.response_id, enps_score: 8, answers: { enps: 8 } }]);
    // The page now says an answer exists (not what it was).
    const data = (await (await open(token)).json()) as { view: { answered: boolean } };
    expect(data.view.answered).toBe(true);
  });

  it("keeps an anonymous answer only as the person's replaceable answer row while the pulse is open: no survey response", async () => {
    const { pulse, token } = await setUp({ confidentiality: "anonymous" });
    await post(token, { score: "4", comment: "Meh" });
    await post(token, { score: "5", comment: "Better" });
    const answers = await answerRows(pulse.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ enps_score: 5, comment: "Better", response_id: null });
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toEqual([]);
    expect(await testDb().selectFrom("anonymous_pool").select("id").execute()).toEqual([]);
  });

  it("refuses a score that is missing or out of range, and a comment over 5000 characters, naming the field", async () => {
    const { pulse, token } = await setUp();
    const missing = await post(token, { comment: "No score" });
    expect(missing.status).toBe(400);
    const missingData = (await missing.json()) as { fieldErrors: Record<string, string[]>; values: { comment: string } };
    expect(missingData.fieldErrors.score).toEqual(["Choose a score from 0 to 10."]);
    expect(missingData.values.comment).toBe("No score");
    expect((await post(token, { score: "11" })).status).toBe(400);
    const long = await post(token, { score: "5", comment: "x".repeat(5001) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.comment).toEqual(["Keep your comment to 5000 characters."]);
    // The survey's own limit (2000 for the default pulse survey) is checked by the domain, on the same field.
    const overSurveyLimit = await post(token, { score: "5", comment: "y".repeat(2001) });
    expect(overSurveyLimit.status).toBe(400);
    expect(((await overSurveyLimit.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.comment?.[0]).toContain("2000");
    expect(await answerRows(pulse.id)).toEqual([]);
  });

  it("records nothing once the pulse is closed, cancelled, not sent yet, or past its last day, and the page says so", async () => {
    const cases = [
      { overrides: { status: "closed" as const }, window: "closed" },
      { overrides: { status: "cancelled" as const }, window: "cancelled" },
      { overrides: { status: "scheduled" as const }, window: "notYetOpen" },
      { overrides: { status: "open" as const, closesOn: daysFromToday(-1) }, window: "closed" },
    ];
    for (const { overrides, window } of cases) {
      const { pulse, token } = await setUp(overrides);
      const page = (await (await open(token, "?score=6")).json()) as { view: { window: string } };
      expect(page.view.window).toBe(window);
      const refused = await post(token, { score: "6" });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual({ kind: "window", window });
      expect(await answerRows(pulse.id)).toEqual([]);
    }
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toEqual([]);
  });

  it("limits posts per IP with the shared rate limiter: over the limit answers 429 and records nothing", async () => {
    const { pulse, token } = await setUp();
    await penalizeRateLimit("pulseAnswersByIp", "127.0.0.1", RATE_LIMITS.pulseAnswersByIp.points);
    const response = await post(token, { score: "9" });
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await answerRows(pulse.id)).toEqual([]);
  });
});
