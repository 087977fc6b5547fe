import { savePage } from "~/modules/exit/drafts.server";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { surveyPages } from "~/modules/surveys/pages";
import { parseSurveyDefinition, type Answers } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";

/**
 * Demo data for HR's exit-flow views, added after the demo departures (db/seed.ts): one leaver
 * finished the confidential exit survey (through the flow's own save and submit), another is
 * half-way, and last year's anonymous survey left results by department, enough in some
 * departments to show figures and too few in one to show any.
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
  // Five, yet withheld: next to Engineering's 8 it would expose Mobile's 3 (complementary suppression).
  Platform: [9, 10, 8, 6, 9],
  Mobile: [7, 3, 9],
  Sales: [4, 6, 8, 9, 2, 5],
  // Two responses only: the page withholds this department's figures.
  Marketing: [10, 3],
};

async function seedAnonymousHistory(db: DB, companyName: string) {
  const lastYear = new Date().getUTCFullYear() - 1;
  const definition = JSON.stringify(defaultExitSurveyDefinition(companyName));
  const survey = await db
    .insertInto("surveys")
    .values({
      kind: "exit",
      name: `Exit survey ${lastYear} (anonymous)`,
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
  const rows = departments.flatMap((department) =>
    ANONYMOUS_HISTORY[department.name]!.map((enps, index) => ({
      survey_id: survey.id,
      survey_version_id: version.id,
      confidentiality: "anonymous" as const,
      invitation_id: null,
      submitted_at: null,
      // Spread over the last four months of last year.
      period_month: `${lastYear}-${String(9 + (index % 4)).padStart(2, "0")}-01`,
      department_id: department.id,
      departure_type: "voluntary" as const,
      locale: index % 3 === 0 ? ("fr" as const) : ("en" as const),
      enps_score: enps,
      answers: JSON.stringify({ enps, reasons: [enps <= 6 ? "compensation" : "career_growth"] }),
    })),
  );
  if (rows.length > 0) await db.insertInto("survey_responses").values(rows).execute();
}
