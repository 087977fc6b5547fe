import { savePage } from "~/modules/exit/drafts.server";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { surveyPages } from "~/modules/surveys/pages";
import { parseSurveyDefinition, type Answers } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";

/**
 * Demo data for HR's exit-flow views, added after the demo departures (./seed.ts): one leaver
 * finished the confidential exit survey (through the flow's own save and submit), another is
 * half-way, and last year's anonymous survey was released in groups of at least k.
 */
export async function seedExitFlowDemo(db: DB, companyName: string) {
  await answerDemoSurveys(db);
  await seedAnonymousHistory(db, companyName);
}

/** The answers a leaver gives, chosen to pass the default survey's rules (eNPS ≤ 6 opens "what would have made you stay"). */
const LENA_ANSWERS: Answers = {
  reasons: ["restructuring"],
  manager: 4,
  growth: 2,
  pay_benefits: 3,
  workload: 3,
  culture: 4,
  enps: 6,
  stay_factors: "A clear plan for the support team after the reorganisation.",
  come_back: true,
  change: "Tell teams about reorganisations earlier, and explain the reasons.",
};

async function answerDemoSurveys(db: DB) {
  const invitations = await db
    .selectFrom("exit_invitations as i")
    .innerJoin("departures as d", "d.id", "i.departure_id")
    .innerJoin("survey_versions as v", "v.id", "i.survey_version_id")
    .select(["i.id", "d.external_id", "d.leaver_user_id", "v.definition"])
    .where("d.external_id", "in", ["HR-1005", "HR-1002"])
    .execute();
  for (const invitation of invitations) {
    const definition = parseSurveyDefinition(invitation.definition);
    const pages = surveyPages(definition);
    // Lena (HR-1005) answers every page and submits; Jordan (HR-1002) stops after the first page.
    const finished = invitation.external_id === "HR-1005";
    const answered = finished ? pages : pages.slice(0, 1);
    for (const [index, page] of answered.entries()) {
      const ids = page.map((question) => question.id);
      const answers = Object.fromEntries(Object.entries(LENA_ANSWERS).filter(([id]) => ids.includes(id)));
      await savePage(db, { invitationId: invitation.id, pageQuestionIds: ids, answers, pagesDone: index + 1 });
    }
    if (finished) await submitExitResponse(db, { invitationId: invitation.id, userId: invitation.leaver_user_id, locale: "en" });
  }
}

/** department name → eNPS scores given in last year's anonymous survey. */
const ANONYMOUS_HISTORY: Record<string, number[]> = {
  // Five: a group of its own.
  Platform: [9, 10, 8, 6, 9],
  // Three, then two: too few for a group, so they are counted with their parent, then company-wide.
  Mobile: [7, 3, 9],
  Sales: [4, 6, 8, 9, 2, 5],
  Marketing: [10, 3],
};

/**
 * Last year's anonymous survey, answered through the pool and published by a release, exactly as
 * the nightly job does (docs/decisions/008): HR sees groups of at least k, never a department
 * below it.
 */
async function seedAnonymousHistory(db: DB, companyName: string) {
  const lastYear = new Date().getUTCFullYear() - 1;
  const definition = JSON.stringify(defaultExitSurveyDefinition(companyName));
  const survey = await db
    .insertInto("surveys")
    .values({
      kind: "exit",
      name_en: `Exit survey ${lastYear} (anonymous)`,
      name_fr: `Questionnaire de départ ${lastYear} (anonyme)`,
      confidentiality: "anonymous",
      draft: definition,
      invite_days_before_last_day: null,
      archived_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("survey_versions")
    .values({ survey_id: survey.id, version: 1, confidentiality: "anonymous", definition })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("surveys").set({ current_version_id: version.id }).where("id", "=", survey.id).execute();

  const departments = await db.selectFrom("departments").select(["id", "name"]).where("name", "in", Object.keys(ANONYMOUS_HISTORY)).execute();
  await db.transaction().execute(async (trx) => {
    for (const department of departments) {
      for (const [index, enps] of ANONYMOUS_HISTORY[department.name]!.entries()) {
        await addToAnonymousPool(trx, {
          surveyId: survey.id,
          surveyVersionId: version.id,
          departmentId: department.id,
          departureType: "voluntary",
          // Answered over the last four months of last year.
          today: `${lastYear}-${String(9 + (index % 4)).padStart(2, "0")}-15`,
          enpsScore: enps,
          answers: { enps, reasons: [enps <= 6 ? "compensation" : "career_growth"] },
        });
      }
    }
  });
  await releaseAnonymousResponses(db, { today: `${lastYear}-12-31`, now: new Date(`${lastYear}-12-31T01:40:00Z`) });
}
