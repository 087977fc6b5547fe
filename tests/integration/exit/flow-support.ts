import { vi } from "vitest";
import type { Confidentiality, ExitInvitationStatus } from "../../../db/schema";
import { findUserById } from "~/modules/auth/users.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { surveyDefinitionSchema, type SurveyDefinition } from "~/modules/surveys/definition";
import { testDb } from "../../support/database";
import { signIn } from "../../support/factories";
import { installOffboardingDefaults, makeDeparture } from "../../support/offboarding";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { action as surveyAction, loader as surveyLoader } from "~/routes/exit.survey.$page";
import { loader as welcomeLoader } from "~/routes/exit._index";

/**
 * Test data for the leaver's exit flow: a published exit survey, a departure (whose invitation the
 * real createDeparture creates), the leaver signed in, and helpers that drive the flow's routes.
 */

/**
 * The flow reads the company's "today" from the clock; the departures here are dated around
 * 2026-11-27 (makeDeparture), so the clock says so too, whenever the suite runs. Only Date is
 * faked: timers and the database run as usual.
 */
export function useFlowClock(now = "2026-11-27T10:00:00Z") {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export const DEFAULT_SURVEY = defaultExitSurveyDefinition("Acme Corp");

/** A small survey: page 1 eNPS + a limited text; page 2 (three follow-ups) only when eNPS ≤ 6; page 3 a required choice. */
export const BRANCHING_SURVEY: SurveyDefinition = surveyDefinitionSchema.parse({
  intro: { en: "A short one.", fr: "Un court." },
  questions: [
    { id: "enps", type: "enps", required: true, prompt: { en: "Recommend us?", fr: "Nous recommander ?" } },
    { id: "note", type: "text", required: false, maxLength: 20, prompt: { en: "A word?", fr: "Un mot ?" } },
    {
      id: "stay",
      type: "text",
      required: true,
      maxLength: 200,
      prompt: { en: "What would have made you stay?", fr: "Qu’est-ce qui vous aurait retenu ?" },
      condition: { questionId: "enps", operator: "lte", value: 6 },
    },
    {
      id: "talked",
      type: "yes_no",
      required: false,
      prompt: { en: "Did you talk about it with your manager?", fr: "En avez-vous parlé avec votre manager ?" },
      condition: { questionId: "enps", operator: "lte", value: 6 },
    },
    {
      id: "support",
      type: "rating",
      required: false,
      prompt: { en: "How well were you supported?", fr: "Avez-vous été bien soutenu ?" },
      condition: { questionId: "enps", operator: "lte", value: 6 },
    },
    {
      id: "team",
      type: "single_choice",
      required: true,
      prompt: { en: "Your team?", fr: "Votre équipe ?" },
      options: [
        { id: "sales", label: { en: "Sales", fr: "Ventes" } },
        { id: "tech", label: { en: "Tech", fr: "Tech" } },
      ],
      condition: null,
    },
  ],
});

/** Publishes a survey as the active exit survey (version 1). */
export async function publishExitSurvey(options: { confidentiality?: Confidentiality; definition?: SurveyDefinition } = {}) {
  const confidentiality = options.confidentiality ?? "confidential";
  const definition = JSON.stringify(options.definition ?? DEFAULT_SURVEY);
  const db = testDb();
  await db.updateTable("surveys").set({ is_active_exit: false }).where("is_active_exit", "=", true).execute();
  const survey = await db
    .insertInto("surveys")
    .values({ kind: "exit", name_en: `Exit ${confidentiality}`, confidentiality, draft: definition, invite_days_before_last_day: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("survey_versions")
    .values({ survey_id: survey.id, version: 1, confidentiality, definition })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id, is_active_exit: true }).where("id", "=", survey.id).execute();
  return { surveyId: survey.id, versionId: version.id };
}

export interface LeaverSetup {
  departureId: string;
  invitationId: string;
  user: NonNullable<Awaited<ReturnType<typeof findUserById>>>;
  cookie: string;
}

/**
 * A departure recorded through the real domain function (which invites the leaver to the active exit
 * survey), with the leaver signed in.
 */
export async function makeLeaver(
  options: { status?: ExitInvitationStatus; departure?: Record<string, unknown>; locale?: "en" | "fr" } = {},
): Promise<LeaverSetup> {
  const { departure } = await makeDeparture(options.departure ?? {});
  const db = testDb();
  const invitation = await db.selectFrom("exit_invitations").select("id").where("departure_id", "=", departure.id).executeTakeFirstOrThrow();
  if (options.status) await db.updateTable("exit_invitations").set({ status: options.status }).where("id", "=", invitation.id).execute();
  if (options.locale) await db.updateTable("users").set({ locale: options.locale }).where("id", "=", departure.leaver_user_id).execute();
  const user = (await findUserById(db, departure.leaver_user_id))!;
  return { departureId: departure.id, invitationId: invitation.id, user, cookie: await signIn(user) };
}

export async function setUpFlow(options: { confidentiality?: Confidentiality; definition?: SurveyDefinition } = {}) {
  await installOffboardingDefaults();
  return publishExitSurvey(options);
}

export function openWelcome(cookie: string) {
  return callLoader(welcomeLoader, buildRequest("/exit", { cookie }));
}

export function openPage(cookie: string, page: number | string, query = "") {
  return callLoader(surveyLoader, buildRequest(`/exit/survey/${page}${query}`, { cookie }), { page: String(page) });
}

export type FormValues = Record<string, string | string[]>;

export function postPage(cookie: string, page: number, form: FormValues, intent: "next" | "back" | "send" = "next") {
  return callAction(surveyAction, buildRequest(`/exit/survey/${page}`, { cookie, form: { ...form, intent } }), { page: String(page) });
}

/** Answers for every page of the default survey (eNPS 8: the follow-up question stays hidden). */
export const DEFAULT_ANSWERS: FormValues[] = [
  { q_reasons: ["compensation"], q_manager: "4", q_growth: "3" },
  { q_pay_benefits: "2", q_workload: "3", q_culture: "4" },
  { q_enps: "8" },
  { q_come_back: "yes", q_change: "More feedback." },
];

/** Fills every page but the last of the default survey, leaving the leaver on the send button. */
export async function answerAllButLast(cookie: string) {
  for (const [index, form] of DEFAULT_ANSWERS.slice(0, -1).entries()) {
    const response = await postPage(cookie, index + 1, form);
    if (response.status !== 302) throw new Error(`page ${index + 1} answered ${response.status}: ${await response.text()}`);
  }
}

export async function draftOf(invitationId: string) {
  const row = await testDb().selectFrom("exit_response_drafts").select("answers").where("invitation_id", "=", invitationId).executeTakeFirst();
  return row?.answers as Record<string, unknown> | undefined;
}

export async function invitationRow(invitationId: string) {
  return testDb().selectFrom("exit_invitations").selectAll().where("id", "=", invitationId).executeTakeFirstOrThrow();
}
