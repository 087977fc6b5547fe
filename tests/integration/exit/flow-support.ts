import { vi } from "vitest";
import type { Confidentiality } from "../../../db/schema";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { surveyDefinitionSchema, type SurveyDefinition } from "~/modules/surveys/definition";
import { testDb } from "../../support/database";
import { createSurvey, installOffboardingDefaults } from "../../factories";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { action as surveyAction, loader as surveyLoader } from "~/routes/exit.survey.$page";
import { loader as welcomeLoader } from "~/routes/exit._index";

/**
 * The leaver's exit flow: a published exit survey, and helpers that drive the flow's routes. The
 * leaver comes from tests/factories (makeLeaver: a departure whose invitation the real
 * createDeparture creates, the leaver signed in).
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

/** The defaults, then a survey published as the active exit survey in place of the default one. */
export async function setUpFlow(options: { confidentiality?: Confidentiality; definition?: SurveyDefinition } = {}) {
  await installOffboardingDefaults();
  const confidentiality = options.confidentiality ?? "confidential";
  const { survey, version } = await createSurvey({
    name: `Exit ${confidentiality}`,
    confidentiality,
    definition: options.definition ?? DEFAULT_SURVEY,
    activeExit: true,
  });
  return { surveyId: survey.id, versionId: version.id };
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
