import type { User } from "~/modules/auth/users.server";
import { parseSurveyDefinition } from "~/modules/surveys/definition";
import { getActiveExitSurveyVersion } from "~/modules/surveys/surveys.server";
import * as listRoute from "~/routes/admin.surveys._index";
import * as newRoute from "~/routes/admin.surveys.new";
import * as surveyRoute from "~/routes/admin.surveys.$surveyId._index";
import * as questionRoute from "~/routes/admin.surveys.$surveyId.questions.$questionId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

useTestDatabase();

let admin: User;
let cookie: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  admin = await createUser({ role: "hr_admin" });
  cookie = await signIn(admin);
});

type Reply = { result: { status?: string; error?: Record<string, string[]> } };

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBe(400);
  return ((await response.json()) as Reply).result.error ?? {};
}

function createSurvey(form: Record<string, string>, as = cookie) {
  return callAction(newRoute.action, buildRequest("/admin/surveys/new", { form, cookie: as }));
}

function postSurvey(surveyId: string, form: Record<string, string>, as = cookie) {
  return callAction(surveyRoute.action, buildRequest(`/admin/surveys/${surveyId}`, { form, cookie: as }), { surveyId });
}

function postQuestion(surveyId: string, questionId: string, form: Record<string, string>, as = cookie) {
  return callAction(questionRoute.action, buildRequest(`/admin/surveys/${surveyId}/questions/${questionId}`, { form, cookie: as }), {
    surveyId,
    questionId,
  });
}

async function newSurveyId(form: Record<string, string> = {}): Promise<string> {
  const response = await createSurvey({ kind: "exit", nameEn: "Exit survey 2027", nameFr: "Questionnaire de départ 2027", confidentiality: "anonymous", ...form });
  expect(response.status).toBe(302);
  const match = /^\/admin\/surveys\/([0-9a-f-]{36})\?notice=created$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

async function surveyRow(id: string) {
  return testDb().selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function draftOf(id: string) {
  return parseSurveyDefinition((await surveyRow(id)).draft);
}

async function versionsOf(id: string) {
  return testDb().selectFrom("survey_versions").selectAll().where("survey_id", "=", id).orderBy("version").execute();
}

async function auditActions() {
  return (await testDb().selectFrom("audit_log").select("action").where("action", "like", "survey.%").orderBy("id").execute()).map((r) => r.action);
}

async function defaultSurveyId() {
  return (await testDb().selectFrom("surveys").select("id").where("is_active_exit", "=", true).executeTakeFirstOrThrow()).id;
}

const followUp = {
  type: "text",
  promptEn: "What would have made you stay?",
  promptFr: "Qu’est-ce qui vous aurait fait rester ?",
  maxLength: "2000",
  conditionQuestionId: "enps",
  conditionOperator: "lte",
  conditionValue: "6",
};

describe("the default exit survey", () => {
  it("is listed as published version 1 and sent to leavers, with nothing left to fix", async () => {
    const list = await callLoader(listRoute.loader, buildRequest("/admin/surveys", { cookie }));
    const { surveys } = await loaderData<typeof listRoute.loader>(list);
    expect(surveys).toHaveLength(1);
    expect(surveys[0]).toMatchObject({ currentVersion: 1, isActiveExit: true, unpublishedChanges: false, confidentiality: "confidential" });

    const page = await callLoader(surveyRoute.loader, buildRequest(`/admin/surveys/${surveys[0]!.id}`, { cookie }), { surveyId: surveys[0]!.id });
    const { problems, survey } = await loaderData<typeof surveyRoute.loader>(page);
    expect(problems).toEqual([]);
    expect(survey.draft.questions).toHaveLength(10);
  });
});

describe("creating a survey", () => {
  it("names each invalid field", async () => {
    const errors = await errorsOf(await createSurvey({ kind: "quiz", nameEn: " ", confidentiality: "public" }));
    expect(Object.keys(errors).sort()).toEqual(["confidentiality", "kind", "nameEn", "nameFr"]);
    expect(errors.nameEn).toEqual(["Fill in “Name in English”."]);
    expect(errors.nameFr).toEqual(["Fill in “Name in French”."]);
  });

  it("starts an exit survey as an unpublished draft holding the eNPS question, and audits it", async () => {
    const id = await newSurveyId();
    const row = await surveyRow(id);
    expect(row).toMatchObject({ kind: "exit", name_en: "Exit survey 2027", name_fr: "Questionnaire de départ 2027", confidentiality: "anonymous", current_version_id: null, is_active_exit: false });
    expect((await draftOf(id)).questions.map((q) => q.type)).toEqual(["enps"]);
    expect((await draftOf(id)).questions[0]!.prompt.en).toBe("How likely are you to recommend Acme Corp as a place to work?");
    expect(await auditActions()).toEqual(["survey.created"]);
  });
});

describe("editing questions", () => {
  it("adds a conditional follow-up with an id made from its prompt", async () => {
    const id = await newSurveyId();
    const response = await postQuestion(id, "new", followUp);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/surveys/${id}?notice=questionAdded`);
    const [, added] = (await draftOf(id)).questions;
    expect(added).toEqual({
      id: "what_would_have_made_you_stay",
      type: "text",
      prompt: { en: followUp.promptEn, fr: followUp.promptFr },
      help: null,
      required: false,
      options: [],
      maxLength: 2000,
      condition: { questionId: "enps", operator: "lte", value: 6 },
    });
    expect(await auditActions()).toEqual(["survey.created", "survey.question_added"]);
  });

  it("reads a ticked 'required' box and choices one per line", async () => {
    const id = await newSurveyId();
    const response = await postQuestion(id, "new", {
      type: "single_choice",
      promptEn: "Where did you work?",
      promptFr: "Où travailliez-vous ?",
      required: "on",
      options: "Remote | À distance\r\nOffice | Bureau",
    });
    expect(response.status).toBe(302);
    const question = (await draftOf(id)).questions[1]!;
    expect(question.required).toBe(true);
    expect(question.options.map((o) => o.id)).toEqual(["remote", "office"]);
  });

  it("names the field of each mistake and changes nothing", async () => {
    const id = await newSurveyId();
    const before = (await surveyRow(id)).draft;
    expect(await errorsOf(await postQuestion(id, "new", { ...followUp, promptFr: "" }))).toEqual({ promptFr: ["Fill in “Question in French”."] });
    expect(await errorsOf(await postQuestion(id, "new", { ...followUp, type: "multiple_choice", options: "Only | Seul" }))).toEqual({
      options: ["Give at least 2 choices, one per line."],
    });
    expect(await errorsOf(await postQuestion(id, "new", { ...followUp, conditionValue: "11" }))).toEqual({
      conditionValue: ["Enter a whole number from 0 to 10."],
    });
    expect(await errorsOf(await postQuestion(id, "new", { ...followUp, maxLength: "9000" }))).toEqual({
      maxLength: ["Enter a whole number of characters from 1 to 5000, or leave it empty."],
    });
    expect((await surveyRow(id)).draft).toEqual(before);
  });

  it("refuses a condition on a question that comes later", async () => {
    const id = await newSurveyId();
    await postQuestion(id, "new", followUp);
    // The eNPS question is first: it cannot depend on the follow-up after it.
    const errors = await errorsOf(
      await postQuestion(id, "enps", {
        type: "enps",
        promptEn: "Recommend us?",
        promptFr: "Nous recommanderiez-vous ?",
        conditionQuestionId: "what_would_have_made_you_stay",
        conditionOperator: "eq",
        conditionValue: "x",
      }),
    );
    expect(errors).toEqual({ conditionQuestionId: ["Choose a question that comes before this one."] });
  });

  it("refuses to move a follow-up above the question it depends on, naming both", async () => {
    const id = await newSurveyId();
    await postQuestion(id, "new", followUp);
    const errors = await errorsOf(await postSurvey(id, { intent: "move", questionId: "what_would_have_made_you_stay", direction: "up" }));
    expect(Object.values(errors).flat()).toEqual([
      "Move “What would have made you stay?” after “How likely are you to recommend Acme Corp as a place to work?”, or change its condition: it depends on that answer.",
    ]);
    expect((await draftOf(id)).questions.map((q) => q.id)).toEqual(["enps", "what_would_have_made_you_stay"]);
  });

  it("moves, edits and removes questions in the draft, each change audited", async () => {
    const id = await newSurveyId();
    await postQuestion(id, "new", { type: "yes_no", promptEn: "Come back?", promptFr: "Revenir ?" });
    expect((await postSurvey(id, { intent: "move", questionId: "come_back", direction: "up" })).status).toBe(302);
    expect((await draftOf(id)).questions.map((q) => q.id)).toEqual(["come_back", "enps"]);
    expect((await postQuestion(id, "come_back", { type: "yes_no", promptEn: "Would you come back?", promptFr: "Reviendriez-vous ?", required: "on" })).status).toBe(302);
    expect((await draftOf(id)).questions[0]).toMatchObject({ id: "come_back", required: true, prompt: { en: "Would you come back?" } });
    expect((await postSurvey(id, { intent: "remove", questionId: "come_back" })).status).toBe(302);
    expect((await draftOf(id)).questions.map((q) => q.id)).toEqual(["enps"]);
    expect(await auditActions()).toEqual([
      "survey.created",
      "survey.question_added",
      "survey.question_moved",
      "survey.question_updated",
      "survey.question_removed",
    ]);
  });

  it("refuses to remove a question another one depends on", async () => {
    const id = await newSurveyId();
    await postQuestion(id, "new", followUp);
    const errors = await errorsOf(await postSurvey(id, { intent: "remove", questionId: "enps" }));
    expect(Object.values(errors).flat()).toEqual([
      "Remove or change the condition of “What would have made you stay?” first: it depends on this question.",
    ]);
  });

  it("answers 404 for a question or a survey that does not exist", async () => {
    const id = await newSurveyId();
    expect((await postQuestion(id, "nope", followUp)).status).toBe(404);
    expect((await postQuestion(id, "Bad Id!", followUp)).status).toBe(404);
    expect((await postSurvey("00000000-0000-4000-8000-000000000000", { intent: "publish" })).status).toBe(404);
    expect((await postSurvey("not-a-uuid", { intent: "publish" })).status).toBe(404);
  });
});

describe("publishing", () => {
  it("freezes the draft: editing after publishing leaves version 1 as it was, and the next publication is version 2", async () => {
    const id = await newSurveyId();
    expect((await postSurvey(id, { intent: "publish" })).status).toBe(302);
    const [v1] = await versionsOf(id);
    expect(v1).toMatchObject({ version: 1, confidentiality: "anonymous", published_by: admin.id });
    expect((await surveyRow(id)).current_version_id).toBe(v1!.id);

    await postQuestion(id, "new", followUp);
    const [v1After] = await versionsOf(id);
    expect(parseSurveyDefinition(v1After!.definition).questions.map((q) => q.id)).toEqual(["enps"]);

    const page = await callLoader(surveyRoute.loader, buildRequest(`/admin/surveys/${id}`, { cookie }), { surveyId: id });
    expect((await loaderData<typeof surveyRoute.loader>(page)).survey.unpublishedChanges).toBe(true);

    expect((await postSurvey(id, { intent: "publish" })).status).toBe(302);
    const versions = await versionsOf(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(parseSurveyDefinition(versions[1]!.definition).questions).toHaveLength(2);
    expect((await surveyRow(id)).current_version_id).toBe(versions[1]!.id);
    expect((await auditActions()).filter((a) => a === "survey.published")).toHaveLength(2);
  });

  it("leaves existing invitations on the version they were made with", async () => {
    const id = await defaultSurveyId();
    const v1 = (await versionsOf(id))[0]!;
    const { departure } = await makeDeparture();
    await testDb()
      .insertInto("exit_invitations")
      .values({ departure_id: departure.id, survey_version_id: v1.id, send_on: "2026-11-27", expires_on: "2027-01-17" })
      .onConflict((oc) => oc.column("departure_id").doUpdateSet({ survey_version_id: v1.id }))
      .execute();
    await postSurvey(id, { intent: "save-settings", nameEn: "Exit survey", nameFr: "Questionnaire de départ", confidentiality: "anonymous" });
    expect((await postSurvey(id, { intent: "publish" })).status).toBe(302);
    const invitation = await testDb().selectFrom("exit_invitations").selectAll().where("departure_id", "=", departure.id).executeTakeFirstOrThrow();
    expect(invitation.survey_version_id).toBe(v1.id);
    expect((await getActiveExitSurveyVersion(testDb()))).toMatchObject({ version: 2, confidentiality: "anonymous" });
  });

  it("refuses an exit survey without its eNPS question, saying so", async () => {
    const id = await newSurveyId();
    await postQuestion(id, "new", { type: "yes_no", promptEn: "Come back?", promptFr: "Revenir ?" });
    await postSurvey(id, { intent: "remove", questionId: "enps" });
    const errors = await errorsOf(await postSurvey(id, { intent: "publish" }));
    expect(Object.values(errors).flat()).toEqual(["Add an eNPS question: an exit survey has exactly one."]);
    expect(await versionsOf(id)).toEqual([]);
  });

  it("refuses an empty pulse survey and a draft with nothing new", async () => {
    const pulse = await newSurveyId({ kind: "pulse", nameEn: "Alumni pulse", nameFr: "Sondage des anciens" });
    expect(Object.values(await errorsOf(await postSurvey(pulse, { intent: "publish" }))).flat()).toEqual(["Add at least one question."]);
    const exit = await defaultSurveyId();
    expect(Object.values(await errorsOf(await postSurvey(exit, { intent: "publish" }))).flat()).toEqual([
      "Nothing changed since version 1: there is nothing new to publish.",
    ]);
  });
});

describe("the active exit survey", () => {
  it("says why publishing is refused in the admin's language", async () => {
    const pulse = await newSurveyId({ kind: "pulse", name: "Alumni pulse" });
    await testDb().updateTable("users").set({ locale: "fr" }).where("role", "=", "hr_admin").execute();
    const french = (form: Record<string, string>) => postSurvey(pulse, form);
    expect(Object.values(await errorsOf(await french({ intent: "publish" }))).flat()).toEqual(["Ajoutez au moins une question."]);
  });

  it("switches to another published exit survey, one at a time", async () => {
    const previous = await defaultSurveyId();
    const id = await newSurveyId();
    expect(Object.values(await errorsOf(await postSurvey(id, { intent: "activate" }))).flat()).toEqual([
      "Publish the survey before sending it to leavers.",
    ]);
    await postSurvey(id, { intent: "publish" });
    expect((await postSurvey(id, { intent: "activate" })).status).toBe(302);
    const active = await testDb().selectFrom("surveys").select("id").where("is_active_exit", "=", true).execute();
    expect(active.map((row) => row.id)).toEqual([id]);
    expect((await getActiveExitSurveyVersion(testDb()))?.surveyId).toBe(id);
    expect((await surveyRow(previous)).is_active_exit).toBe(false);
    expect(await auditActions()).toContain("survey.activated");
  });

  it("is never a pulse survey, and cannot be archived", async () => {
    const pulse = await newSurveyId({ kind: "pulse", nameEn: "Pulse", nameFr: "Sondage" });
    await postQuestion(pulse, "new", { type: "rating", promptEn: "How are you?", promptFr: "Comment allez-vous ?" });
    await postSurvey(pulse, { intent: "publish" });
    expect(Object.values(await errorsOf(await postSurvey(pulse, { intent: "activate" }))).flat()).toEqual([
      "Only an exit survey can be sent to leavers.",
    ]);
    expect(Object.values(await errorsOf(await postSurvey(await defaultSurveyId(), { intent: "archive" }))).flat()).toEqual([
      "This survey is the one sent to new leavers: make another exit survey the one sent first.",
    ]);
  });
});

describe("settings and archiving", () => {
  it("saves the name, the timing and the confidentiality, which waits for the next version", async () => {
    const id = await defaultSurveyId();
    const response = await postSurvey(id, {
      intent: "save-settings",
      nameEn: "Leaving survey",
      nameFr: "Questionnaire de fin de contrat",
      confidentiality: "anonymous",
      inviteDaysBeforeLastDay: "5",
      introEn: "Thanks",
      introFr: "Merci",
    });
    expect(response.status).toBe(302);
    expect(await surveyRow(id)).toMatchObject({ name_en: "Leaving survey", name_fr: "Questionnaire de fin de contrat", confidentiality: "anonymous", invite_days_before_last_day: 5 });
    expect((await draftOf(id)).intro).toEqual({ en: "Thanks", fr: "Merci" });
    expect(await getActiveExitSurveyVersion(testDb())).toMatchObject({ version: 1, confidentiality: "confidential", inviteDaysBeforeLastDay: 5 });
    expect(await auditActions()).toEqual(["survey.updated"]);
  });

  it("names the invitation delay and a welcome text in one language only", async () => {
    const errors = await errorsOf(
      await postSurvey(await defaultSurveyId(), { intent: "save-settings", nameEn: "Exit", nameFr: "Départ", confidentiality: "confidential", inviteDaysBeforeLastDay: "91", introEn: "Hi" }),
    );
    expect(errors.inviteDaysBeforeLastDay).toEqual(["Enter a whole number of days from 0 to 90, or leave it empty."]);
    const intro = await errorsOf(
      await postSurvey(await defaultSurveyId(), { intent: "save-settings", nameEn: "Exit", nameFr: "Départ", confidentiality: "confidential", introEn: "Hi" }),
    );
    expect(intro).toEqual({ introFr: ["Fill in “Welcome text in French” too: every text exists in English and in French."] });
  });

  it("archives a survey, which then refuses every change", async () => {
    const id = await newSurveyId();
    const response = await postSurvey(id, { intent: "archive" });
    expect(response.headers.get("Location")).toBe("/admin/surveys?notice=archived");
    expect((await surveyRow(id)).archived_at).not.toBeNull();
    expect(Object.values(await errorsOf(await postQuestion(id, "new", followUp))).flat()).toEqual([
      "This survey is archived: it can no longer be changed.",
    ]);
  });
});

describe("who may use the builder", () => {
  it("answers 403 to a task owner on every page and action", async () => {
    const owner = await createUser({ role: "task_owner" });
    const ownerCookie = await signIn(owner);
    const id = await defaultSurveyId();
    const responses = await Promise.all([
      callLoader(listRoute.loader, buildRequest("/admin/surveys", { cookie: ownerCookie })),
      callLoader(newRoute.loader, buildRequest("/admin/surveys/new", { cookie: ownerCookie })),
      callLoader(surveyRoute.loader, buildRequest(`/admin/surveys/${id}`, { cookie: ownerCookie }), { surveyId: id }),
      callLoader(questionRoute.loader, buildRequest(`/admin/surveys/${id}/questions/enps`, { cookie: ownerCookie }), { surveyId: id, questionId: "enps" }),
      createSurvey({ kind: "exit", nameEn: "Mine", nameFr: "Le mien", confidentiality: "anonymous" }, ownerCookie),
      postSurvey(id, { intent: "publish" }, ownerCookie),
      postQuestion(id, "new", followUp, ownerCookie),
    ]);
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await auditActions()).toEqual([]);
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const response = await callLoader(listRoute.loader, buildRequest("/admin/surveys"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
