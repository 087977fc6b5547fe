import { translator } from "~/modules/i18n/translator";
import { testDb, useTestDatabase } from "../../support/database";
import { DEFAULT_SURVEY, openWelcome, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { createUser, installOffboardingDefaults, makeDeparture, makeLeaver, signIn } from "../../factories";

useTestDatabase();
useFlowClock();

async function welcome(cookie: string) {
  const response = await openWelcome(cookie);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("the exit flow's welcome page", () => {
  it("says the survey is confidential, how long it is, and offers to start", async () => {
    await setUpFlow({ confidentiality: "confidential" });
    const leaver = await makeLeaver();
    expect(await welcome(leaver.cookie)).toMatchObject({
      state: "survey",
      confidentiality: "confidential",
      intro: DEFAULT_SURVEY.intro!.en,
      questionCount: DEFAULT_SURVEY.questions.length,
      pageCount: 4,
      hasConditions: true,
      started: false,
      resumePage: 1,
      openUntil: "2027-01-17",
    });
  });

  it("says the survey is anonymous when it is, in the leaver's language", async () => {
    await setUpFlow({ confidentiality: "anonymous" });
    const leaver = await makeLeaver({ locale: "fr" });
    expect(await welcome(leaver.cookie)).toMatchObject({ confidentiality: "anonymous", intro: DEFAULT_SURVEY.intro!.fr, locale: "fr" });
  });

  it("offers to resume once a page is saved", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, { q_reasons: "culture" });
    expect(await welcome(leaver.cookie)).toMatchObject({ started: true, resumePage: 2 });
  });

  it("explains kindly when there is no exit survey for the leaver", async () => {
    await installOffboardingDefaults();
    const leaver = await createUser({ role: "leaver" });
    expect(await welcome(await signIn(leaver))).toMatchObject({ state: "none" });
    // A departure recorded while no exit survey is active brings no invitation either.
    const { cookie } = await makeLeaverWithoutSurvey();
    expect(await welcome(cookie)).toMatchObject({ state: "none" });
  });

  it("says when an invitation planned for later opens", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await testDb().updateTable("exit_invitations").set({ send_on: "2026-12-11" }).where("id", "=", leaver.invitationId).execute();
    expect(await welcome(leaver.cookie)).toMatchObject({ state: "not_open", date: "2026-12-11" });
  });

  it("says the survey closed once the invitation expired, and refuses its pages", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await testDb().updateTable("exit_invitations").set({ expires_on: "2026-11-26" }).where("id", "=", leaver.invitationId).execute();
    expect(await welcome(leaver.cookie)).toMatchObject({ state: "expired", date: "2026-11-26" });
    const response = await postPage(leaver.cookie, 1, { q_reasons: "culture" });
    expect(response.headers.get("Location")).toBe("/exit");
    expect(await testDb().selectFrom("exit_response_drafts").select("invitation_id").execute()).toEqual([]);
  });

  it("says the survey is no longer available once the departure is cancelled", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await testDb().updateTable("exit_invitations").set({ status: "cancelled" }).where("id", "=", leaver.invitationId).execute();
    expect(await welcome(leaver.cookie)).toMatchObject({ state: "cancelled" });
  });

  it("moves a leaver who already sent their answers on to the alumni step, then to the thanks page", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await testDb().updateTable("exit_invitations").set({ status: "finished" }).where("id", "=", leaver.invitationId).execute();
    expect((await openWelcome(leaver.cookie)).headers.get("Location")).toBe("/exit/alumni");
    await testDb().updateTable("exit_invitations").set({ alumni_decision: "declined" }).where("id", "=", leaver.invitationId).execute();
    expect((await openWelcome(leaver.cookie)).headers.get("Location")).toBe("/exit/thanks");
  });
});

describe("the welcome page's words", () => {
  it("tells the leaver in plain words who reads confidential and anonymous answers, in English and French", () => {
    const en = translator("en", "exit");
    const fr = translator("fr", "exit");
    expect(en("welcome.confidential.body")).toMatch(/HR admins can read your answers with your name.*log.*Managers and colleagues only ever see totals/s);
    expect(en("welcome.anonymous.body")).toMatch(/without your name, the exact date.*only record that you answered/s);
    expect(fr("welcome.confidential.body")).toMatch(/administrateurs RH peuvent lire vos réponses avec votre nom/);
    expect(fr("welcome.anonymous.body")).toMatch(/sans votre nom/);
    expect(en("survey.progress", { current: 2, total: 5 })).toBe("Page 2 of 5");
    expect(fr("survey.progress", { current: 2, total: 5 })).toBe("Page 2 sur 5");
  });
});

async function makeLeaverWithoutSurvey() {
  await testDb().updateTable("surveys").set({ is_active_exit: false }).execute();
  const { departure } = await makeDeparture();
  const user = await testDb().selectFrom("users").select(["id", "role"]).where("id", "=", departure.leaver_user_id).executeTakeFirstOrThrow();
  return { cookie: await signIn(user) };
}
