import type { DB } from "~/utils/db.server";
import { surveyDefinitionSchema, type Question, type SurveyDefinition } from "./definition";

/**
 * The exit survey a new installation starts with (configuration, not demo data: production gets it
 * too). Its questions follow what exit-interview research finds people leave over — the manager,
 * growth, pay, workload, culture — plus the eNPS question and two open ones; HR edits it like any
 * other survey.
 *
 * The company name is written into the eNPS prompt when the survey is seeded, not resolved when it
 * is shown: a published version holds exactly the words leavers read, and every page (the flow,
 * HR's builder, the responses) shows prompts as stored. Renaming the company later means editing
 * the prompt and publishing again, like any other wording change.
 */

export const DEFAULT_EXIT_SURVEY_NAME = { en: "Exit survey", fr: "Questionnaire de départ" };
/** Long enough for a real answer, short enough to read on a phone. */
const OPEN_TEXT_MAX = 2000;

const SCORE_HELP = {
  rating: { en: "1 = very poor, 5 = excellent.", fr: "1 = très mauvais, 5 = excellent." },
  enps: { en: "0 = not at all likely, 10 = extremely likely.", fr: "0 = pas du tout probable, 10 = très probable." },
};

function question(fields: Partial<Question> & Pick<Question, "id" | "type" | "prompt">): Question {
  return { help: null, required: false, options: [], maxLength: null, condition: null, ...fields };
}

function rating(id: string, en: string, fr: string): Question {
  return question({ id, type: "rating", prompt: { en, fr }, help: SCORE_HELP.rating });
}

/** The default exit survey's definition, with the company's name in the eNPS question. */
export function defaultExitSurveyDefinition(companyName: string): SurveyDefinition {
  return surveyDefinitionSchema.parse({
    intro: {
      en: "Thank you for taking a few minutes to tell us about your time with us. Honest answers, good or bad, are what help us improve.",
      fr: "Merci de prendre quelques minutes pour nous parler de votre expérience parmi nous. Des réponses sincères, positives ou non, sont ce qui nous aide à progresser.",
    },
    questions: [
      question({
        id: "reasons",
        type: "reasons",
        required: true,
        prompt: { en: "What are the main reasons you are leaving?", fr: "Quelles sont les principales raisons de votre départ\u00a0?" },
        help: { en: "Choose every reason that applies.", fr: "Cochez toutes les raisons qui s’appliquent." },
      }),
      rating("manager", "How would you rate your relationship with your manager?", "Comment évaluez-vous votre relation avec votre manager\u00a0?"),
      rating(
        "growth",
        "How would you rate your opportunities to learn and grow your career here?",
        "Comment évaluez-vous vos possibilités d’apprendre et d’évoluer dans votre carrière ici\u00a0?",
      ),
      rating("pay_benefits", "How would you rate your pay and benefits?", "Comment évaluez-vous votre rémunération et vos avantages\u00a0?"),
      rating(
        "workload",
        "How would you rate your workload and the balance between work and personal life?",
        "Comment évaluez-vous votre charge de travail et l’équilibre entre vie professionnelle et vie personnelle\u00a0?",
      ),
      rating(
        "culture",
        "How would you rate the culture and the way people work together?",
        "Comment évaluez-vous la culture et la façon dont les gens travaillent ensemble\u00a0?",
      ),
      question({
        id: "enps",
        type: "enps",
        required: true,
        prompt: {
          en: `How likely are you to recommend ${companyName} as a place to work?`,
          fr: `Quelle est la probabilité que vous recommandiez ${companyName} comme employeur\u00a0?`,
        },
        help: SCORE_HELP.enps,
      }),
      question({
        id: "stay_factors",
        type: "text",
        prompt: { en: "What would have made you stay?", fr: "Qu’est-ce qui vous aurait fait rester\u00a0?" },
        maxLength: OPEN_TEXT_MAX,
        condition: { questionId: "enps", operator: "lte", value: 6 },
      }),
      question({
        id: "come_back",
        type: "yes_no",
        prompt: { en: "Would you consider coming back?", fr: "Envisageriez-vous de revenir un jour\u00a0?" },
      }),
      question({
        id: "change",
        type: "text",
        prompt: { en: "What should we change?", fr: "Que devrions-nous changer\u00a0?" },
        help: {
          en: "One thing we should start, stop or keep doing.",
          fr: "Une chose que nous devrions commencer, arrêter ou continuer à faire.",
        },
        maxLength: OPEN_TEXT_MAX,
      }),
    ],
  });
}

/**
 * Seeds the default exit survey, published as version 1 and active, when the installation has no
 * survey at all (HR archives surveys, never deletes them, so this runs once). Confidential by
 * default; invitations go out as soon as a departure is recorded. Returns whether it seeded.
 */
export async function ensureSurveyDefaults(db: DB, companyName: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom("surveys").select("id").limit(1).executeTakeFirst();
    if (any) return false;
    const definition = JSON.stringify(defaultExitSurveyDefinition(companyName));
    const survey = await trx
      .insertInto("surveys")
      .values({
        kind: "exit",
        name_en: DEFAULT_EXIT_SURVEY_NAME.en,
        name_fr: DEFAULT_EXIT_SURVEY_NAME.fr,
        confidentiality: "confidential",
        draft: definition,
        invite_days_before_last_day: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("survey_versions")
      .values({ survey_id: survey.id, version: 1, confidentiality: "confidential", definition })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("surveys")
      .set({ current_version_id: version.id, is_active_exit: true })
      .where("id", "=", survey.id)
      .execute();
    return true;
  });
}

export const DEFAULT_PULSE_SURVEY_NAME = { en: "Alumni pulse", fr: "Question ponctuelle aux anciens" };

/** The default pulse survey: the eNPS question and an optional comment, what an alumni pulse asks. */
export function defaultPulseSurveyDefinition(companyName: string): SurveyDefinition {
  return surveyDefinitionSchema.parse({
    intro: null,
    questions: [
      question({
        id: "enps",
        type: "enps",
        required: true,
        prompt: {
          en: `How likely are you to recommend ${companyName} as a place to work?`,
          fr: `Quelle est la probabilité que vous recommandiez ${companyName} comme employeur\u00a0?`,
        },
        help: SCORE_HELP.enps,
      }),
      question({
        id: "comment",
        type: "text",
        prompt: { en: "What is the main reason for your score?", fr: "Quelle est la principale raison de votre note\u00a0?" },
        help: { en: "Optional. A sentence is enough.", fr: "Facultatif. Une phrase suffit." },
        maxLength: OPEN_TEXT_MAX,
      }),
    ],
  });
}

/**
 * Seeds the default pulse survey (issue 13), published as version 1 and confidential, when the
 * installation has no pulse survey at all (archived ones count: HR removed it on purpose), so that HR
 * can schedule an alumni pulse from the first day. Installations that existed before get it at their
 * next start. Returns whether it seeded.
 */
export async function ensurePulseSurveyDefault(db: DB, companyName: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom("surveys").select("id").where("kind", "=", "pulse").limit(1).executeTakeFirst();
    if (any) return false;
    const definition = JSON.stringify(defaultPulseSurveyDefinition(companyName));
    const survey = await trx
      .insertInto("surveys")
      .values({
        kind: "pulse",
        name_en: DEFAULT_PULSE_SURVEY_NAME.en,
        name_fr: DEFAULT_PULSE_SURVEY_NAME.fr,
        confidentiality: "confidential",
        draft: definition,
        invite_days_before_last_day: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("survey_versions")
      .values({ survey_id: survey.id, version: 1, confidentiality: "confidential", definition })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", survey.id).execute();
    return true;
  });
}
