import { testDb, useTestDatabase } from "../../support/database";
import { answerAllButLast, BRANCHING_SURVEY, DEFAULT_ANSWERS, draftOf, invitationRow, openPage, openWelcome, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { makeLeaver, signIn } from "../../factories";

useTestDatabase();
useFlowClock();

async function pageData(response: Response) {
  expect(response.status).toBe(200);
  return (await response.json()) as {
    page: number;
    progress: { current: number; total: number };
    isLast: boolean;
    questions: Array<{ id: string; name: string; type: string; options: Array<{ value: string; label: string }> }>;
    values: Record<string, unknown>;
    errors: Record<string, string[]>;
    notice: string | null;
  };
}

function location(response: Response) {
  return response.headers.get("Location");
}

describe("answering the survey page by page", () => {
  it("saves a page, marks the invitation started, and resumes on the next page with the earlier answers filled in", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();

    const first = await pageData(await openPage(leaver.cookie, 1));
    expect(first.questions.map((q) => q.id)).toEqual(["reasons", "manager", "growth"]);
    expect(first.progress).toEqual({ current: 1, total: 4 });
    expect(first.questions[0]!.options).toContainEqual({ value: "compensation", label: "Pay and benefits" });

    const saved = await postPage(leaver.cookie, 1, DEFAULT_ANSWERS[0]!);
    expect(saved.status).toBe(302);
    expect(location(saved)).toBe("/exit/survey/2");
    expect(await draftOf(leaver.invitationId)).toEqual({ reasons: ["compensation"], manager: 4, growth: 3 });
    const invitation = await invitationRow(leaver.invitationId);
    expect(invitation).toMatchObject({ status: "started", current_page: 1 });
    expect(invitation.started_at).toBeInstanceOf(Date);

    // The leaver leaves and comes back later, in a new session.
    const cookie = await signIn(leaver.user);
    const welcome = (await (await openWelcome(cookie)).json()) as { state: string; started: boolean; resumePage: number };
    expect(welcome).toMatchObject({ state: "survey", started: true, resumePage: 2 });
    const second = await pageData(await openPage(cookie, 2));
    expect(second.questions.map((q) => q.id)).toEqual(["pay_benefits", "workload", "culture"]);
    expect(second.progress).toEqual({ current: 2, total: 4 });
    const again = await pageData(await openPage(cookie, 1));
    expect(again.values).toMatchObject({ reasons: ["compensation"], manager: "4", growth: "3" });
  });

  it("keeps the first start time when later pages are saved", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, DEFAULT_ANSWERS[0]!);
    const startedAt = (await invitationRow(leaver.invitationId)).started_at;
    await postPage(leaver.cookie, 2, DEFAULT_ANSWERS[1]!);
    expect(await invitationRow(leaver.invitationId)).toMatchObject({ started_at: startedAt, current_page: 2 });
  });

  it("sends a leaver who asks for a page beyond the one they reached, or no page at all, to the right one", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    for (const page of ["3", "4", "99", "0", "-1", "abc", "1e3"]) {
      const response = await openPage(leaver.cookie, page);
      expect(response.status, page).toBe(302);
      expect(location(response), page).toBe("/exit/survey/1");
    }
    await postPage(leaver.cookie, 1, DEFAULT_ANSWERS[0]!);
    expect(location(await openPage(leaver.cookie, 4))).toBe("/exit/survey/2");
    expect((await openPage(leaver.cookie, 2)).status).toBe(200);
  });

  it("does not save a page posted beyond the one reached", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    const response = await postPage(leaver.cookie, 3, { q_enps: "9" });
    expect(location(response)).toBe("/exit/survey/1");
    expect(await draftOf(leaver.invitationId)).toBeUndefined();
  });
});

describe("invalid answers", () => {
  async function setUp() {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, { q_enps: "4", q_note: "ok" });
    return leaver;
  }

  it.each([
    ["a score of 11", { q_enps: "11" }, "enps", /from 0 to 10/],
    ["a missing required answer", { q_note: "hello" }, "enps", /score/i],
    ["text over the limit", { q_enps: "5", q_note: "x".repeat(21) }, "note", /20/],
  ])("refuses %s with 400 and the message beside that question, leaving the draft as it was", async (_label, form, questionId, message) => {
    const leaver = await setUp();
    const before = await draftOf(leaver.invitationId);

    const response = await postPage(leaver.cookie, 1, form);

    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, string[]>; values: Record<string, unknown> };
    expect(Object.keys(body.errors)).toEqual([questionId]);
    expect(body.errors[questionId]!.join(" ")).toMatch(message);
    // What was typed comes back to fill the form again.
    expect(body.values).toMatchObject(Object.fromEntries(Object.entries(form).map(([k, v]) => [k.slice(2), v])));
    expect(await draftOf(leaver.invitationId)).toEqual(before);
    expect((await invitationRow(leaver.invitationId)).current_page).toBe(1);
  });

  it("writes the messages in the leaver's language", async () => {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const leaver = await makeLeaver({ locale: "fr" });
    const response = await postPage(leaver.cookie, 1, { q_enps: "11" });
    const body = (await response.json()) as { errors: Record<string, string[]> };
    expect(body.errors.enps!.join(" ")).toMatch(/de 0 à 10/);
  });
});

describe("conditional pages", () => {
  it("opens the follow-up page for a low score and skips it for a high one", async () => {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const low = await makeLeaver();
    expect(location(await postPage(low.cookie, 1, { q_enps: "3" }))).toBe("/exit/survey/2");
    expect((await pageData(await openPage(low.cookie, 2))).questions.map((q) => q.id)).toEqual(["stay", "talked", "support"]);

    const high = await makeLeaver();
    expect(location(await postPage(high.cookie, 1, { q_enps: "9" }))).toBe("/exit/survey/3");
    const last = await pageData(await openPage(high.cookie, 3));
    expect(last).toMatchObject({ isLast: true, progress: { current: 2, total: 2 } });
    // The skipped page is not reachable: it has nothing to show.
    expect(location(await openPage(high.cookie, 2))).toBe("/exit/survey/3");
  });

  it("does not call a page the last one while its unanswered score may still open a follow-up", async () => {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const leaver = await makeLeaver();
    const first = await pageData(await openPage(leaver.cookie, 1));
    expect(first.isLast).toBe(false);
    expect(first.progress).toEqual({ current: 1, total: 3 });
  });
});

describe("going back", () => {
  it("saves what is typed without insisting on required answers and goes to the previous page", async () => {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, { q_enps: "3" });

    const response = await postPage(leaver.cookie, 2, { q_stay: "" }, "back");
    expect(location(response)).toBe("/exit/survey/1");
    const partly = await postPage(leaver.cookie, 2, { q_stay: "A clearer career path" }, "back");
    expect(location(partly)).toBe("/exit/survey/1");
    expect(await draftOf(leaver.invitationId)).toEqual({ enps: 3, stay: "A clearer career path" });
    expect((await pageData(await openPage(leaver.cookie, 2))).values).toMatchObject({ stay: "A clearer career path" });
  });

  it("keeps the saved answer rather than storing a malformed one, and clears an answer left blank", async () => {
    await setUpFlow({ definition: BRANCHING_SURVEY });
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, { q_enps: "3", q_note: "first" });
    await postPage(leaver.cookie, 2, { q_stay: "Pay" });

    await postPage(leaver.cookie, 1, { q_enps: "12", q_note: "" }, "back");

    expect(await draftOf(leaver.invitationId)).toEqual({ enps: 3, stay: "Pay" });
    expect((await invitationRow(leaver.invitationId)).current_page).toBe(2);
  });

  it("goes back from the first page to the welcome page", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    expect(location(await postPage(leaver.cookie, 1, {}, "back"))).toBe("/exit");
  });
});

describe("sending the answers", () => {
  it("stores one response from the last page, deletes the draft and moves the leaver to the alumni step", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    const last = await pageData(await openPage(leaver.cookie, 4));
    expect(last).toMatchObject({ isLast: true, progress: { current: 4, total: 4 } });

    const response = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");

    expect(location(response)).toBe("/exit/alumni");
    const responses = await testDb().selectFrom("survey_responses").selectAll().execute();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      confidentiality: "confidential",
      invitation_id: leaver.invitationId,
      enps_score: 8,
      locale: "en",
      answers: { reasons: ["compensation"], manager: 4, growth: 3, pay_benefits: 2, workload: 3, culture: 4, enps: 8, come_back: true, change: "More feedback." },
    });
    expect(await draftOf(leaver.invitationId)).toBeUndefined();
    expect((await invitationRow(leaver.invitationId)).status).toBe("finished");
    // Back on the welcome page or a survey page: the next step, not the survey again.
    expect(location(await openWelcome(leaver.cookie))).toBe("/exit/alumni");
    expect(location(await openPage(leaver.cookie, 1))).toBe("/exit/alumni");
  });

  it("treats a second send from another tab as done: no error, no second response, no draft brought back, the tab told so", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");

    const again = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");
    const olderPage = await postPage(leaver.cookie, 2, DEFAULT_ANSWERS[1]!);

    expect(again.status).toBe(302);
    expect(location(again)).toBe("/exit/alumni?notice=alreadySent");
    expect(location(olderPage)).toBe("/exit/alumni?notice=alreadySent");
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toHaveLength(1);
    expect(await draftOf(leaver.invitationId)).toBeUndefined();
  });

  it("shows the page again with the send button when Next turns out to end the survey", async () => {
    await setUpFlow({ definition: { intro: null, questions: BRANCHING_SURVEY.questions.slice(0, 3) } });
    const leaver = await makeLeaver();
    const response = await postPage(leaver.cookie, 1, { q_enps: "9" }, "next");
    expect(location(response)).toBe("/exit/survey/1?review=1");
    expect(await pageData(await openPage(leaver.cookie, 1, "?review=1"))).toMatchObject({ isLast: true, notice: "review" });
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toHaveLength(0);
  });

  it("sends the leaver to the page whose saved answer no longer passes, with the problem shown there", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    // HR withdraws the reason the leaver chose on page 1 before they send.
    await testDb().updateTable("departure_reasons").set({ active: false }).where("code", "=", "compensation").execute();

    const response = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");

    expect(location(response)).toBe("/exit/survey/1?check=1");
    expect(await testDb().selectFrom("survey_responses").select("id").execute()).toHaveLength(0);
    expect((await invitationRow(leaver.invitationId)).status).toBe("started");
    const page = await pageData(await openPage(leaver.cookie, 1, "?check=1"));
    expect(page.notice).toBe("check");
    expect(Object.keys(page.errors)).toEqual(["reasons"]);
  });
});
