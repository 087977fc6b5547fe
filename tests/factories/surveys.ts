import type { SurveyDefinition } from "~/modules/surveys/definition";
import type { Confidentiality, SurveyKind } from "../../db/schema";
import { testDb } from "../support/database";
import { unique } from "./sequence";

/*
 * Surveys are written straight into the tables. The builder's createSurvey and publishSurvey need an
 * HR actor, record audit rows that several suites count, and refuse states that the tests of the
 * views need (a version whose confidentiality differs from the survey's, an archived survey with a
 * current version): the rows here are the ones those functions would leave behind.
 */

const text = (en: string, fr: string) => ({ en, fr });

/** A small exit survey with one question of every type; the last one only shows for eNPS ≤ 6. */
export const SAMPLE_DEFINITION: SurveyDefinition = {
  intro: null,
  questions: [
    {
      id: "enps",
      type: "enps",
      prompt: text("How likely are you to recommend Acme Corp as a place to work?", "Quelle est la probabilité que vous recommandiez Acme Corp comme employeur ?"),
      help: null,
      required: true,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "reasons",
      type: "reasons",
      prompt: text("Why are you leaving?", "Pourquoi partez-vous ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "manager",
      type: "rating",
      prompt: text("How would you rate your manager?", "Comment évaluez-vous votre responsable ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "growth",
      type: "single_choice",
      prompt: text("Could you grow here?", "Avez-vous pu progresser ici ?"),
      help: null,
      required: false,
      options: [
        { id: "yes", label: text("Yes, a lot", "Oui, beaucoup") },
        { id: "somewhat", label: text("Somewhat", "Un peu") },
        { id: "no", label: text("Not at all", "Pas du tout") },
      ],
      maxLength: null,
      condition: null,
    },
    {
      id: "liked",
      type: "multiple_choice",
      prompt: text("What did you like?", "Qu’avez-vous apprécié ?"),
      help: null,
      required: false,
      options: [
        { id: "team", label: text("My team", "Mon équipe") },
        { id: "mission", label: text("The mission", "La mission") },
        { id: "pay", label: text("The pay", "La rémunération") },
      ],
      maxLength: null,
      condition: null,
    },
    {
      id: "come_back",
      type: "yes_no",
      prompt: text("Would you come back?", "Reviendriez-vous ?"),
      help: null,
      required: false,
      options: [],
      maxLength: null,
      condition: null,
    },
    {
      id: "change",
      type: "text",
      prompt: text("What should we change?", "Que devrions-nous changer ?"),
      help: null,
      required: false,
      options: [],
      maxLength: 2000,
      condition: { questionId: "enps", operator: "lte", value: 6 },
    },
  ],
};

export interface SurveyOverrides {
  name?: string;
  /** Empty by default: French pages then show the English name. */
  nameFr?: string;
  kind?: SurveyKind;
  confidentiality?: Confidentiality;
  definition?: SurveyDefinition;
  /**
   * Make it the exit survey new departures are invited to. As HR's "make active" does, the survey
   * that was active stops being so (only one can be).
   */
  activeExit?: boolean;
  archived?: boolean;
}

/** A survey with its first published version (version 1, current). */
export async function createSurvey(overrides: SurveyOverrides = {}) {
  const db = testDb();
  const confidentiality = overrides.confidentiality ?? "confidential";
  const definition = JSON.stringify(overrides.definition ?? SAMPLE_DEFINITION);
  if (overrides.activeExit) await db.updateTable("surveys").set({ is_active_exit: false }).where("is_active_exit", "=", true).execute();
  const survey = await db
    .insertInto("surveys")
    .values({
      kind: overrides.kind ?? "exit",
      name_en: overrides.name ?? `Exit survey ${unique()}`,
      name_fr: overrides.nameFr ?? "",
      confidentiality,
      draft: definition,
      is_active_exit: overrides.activeExit ?? false,
      invite_days_before_last_day: null,
      archived_at: overrides.archived ? new Date() : null,
      created_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = await publishVersion(survey.id, { confidentiality, definition: overrides.definition });
  return { survey, version };
}

/** The survey's next version, made current. */
export async function publishVersion(surveyId: string, overrides: { confidentiality?: Confidentiality; definition?: SurveyDefinition } = {}) {
  const db = testDb();
  const survey = await db.selectFrom("surveys").selectAll().where("id", "=", surveyId).executeTakeFirstOrThrow();
  const last = await db
    .selectFrom("survey_versions")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  const version = await db
    .insertInto("survey_versions")
    .values({
      survey_id: surveyId,
      version: Number(last?.version ?? 0) + 1,
      confidentiality: overrides.confidentiality ?? survey.confidentiality,
      definition: JSON.stringify(overrides.definition ?? SAMPLE_DEFINITION),
      published_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", surveyId).execute();
  return version;
}
