import { savePage } from "~/modules/exit/drafts.server";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { surveyPages } from "~/modules/surveys/pages";
import { parseSurveyDefinition, type Answers } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";
import { addCalendarDays, monthOf, todayIn } from "~/utils/calendar-days";
import { getEnv } from "~/utils/env.server";
import { anonymousHistory } from "./seed-enps-demo";

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

/**
 * Last year's anonymous survey, answered through the pool and published by a release at the start
 * of each month, exactly as the nightly job does (docs/decisions/008): HR sees groups of at least k,
 * never a department below it.
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

  const today = todayIn(getEnv().COMPANY_TIME_ZONE);
  const history = anonymousHistory(lastYear, today);
  const departments = new Map((await db.selectFrom("departments").select(["id", "name"]).execute()).map((d) => [d.name, d.id]));
  for (let month = 1; month <= 12; month += 1) {
    const prefix = `${lastYear}-${String(month).padStart(2, "0")}-`;
    await db.transaction().execute(async (trx) => {
      for (const entry of history.filter((e) => e.day.startsWith(prefix))) {
        await addToAnonymousPool(trx, {
          surveyId: survey.id,
          surveyVersionId: version.id,
          departmentId: departments.get(entry.departmentName) ?? null,
          departureType: entry.departureType,
          today: entry.day,
          enpsScore: entry.enps,
          answers: entry.answers,
        });
      }
    });
    // The first night after the release delay in the next month: what has waited long enough goes out.
    const nextNight = addCalendarDays(monthOf(addCalendarDays(`${prefix}28`, 7)), 4);
    const releaseDay = nextNight < today ? nextNight : today;
    await releaseAnonymousResponses(db, { today: releaseDay, now: new Date(`${releaseDay}T01:40:00Z`) });
  }
}
