import fc from "fast-check";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";
import { addResponseToMetrics, removeResponseFromMetrics } from "~/modules/metrics/response-metrics.server";
import { rebuildMetrics } from "~/modules/metrics/rebuild.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { analyseComment, type SentimentLang } from "~/modules/sentiment/analyse";
import { enpsCategory } from "~/modules/surveys/answers";
import { addCalendarDays } from "~/utils/calendar-days";
import type { DepartureType } from "../../../db/schema";
import { testDb, truncateAll, useTestDatabase } from "../../support/database";
import { createSurvey, SAMPLE_DEFINITION, setAnonymitySettings } from "../../factories";

/**
 * Rollups = the raw rows grouped, exactly (docs/decisions/026), for random histories: responses of
 * random surveys of both kinds, departments, months, departure types, scores (or none) and
 * comments; removals and replacements (as the pulse replaces an answer); anonymous submissions and
 * releases into blocks. The expected figures are computed here from the raw rows alone (scoring
 * each comment again), and compared with integer equality (sentiment sums in 1/10,000) — after the
 * history, and again after running the rebuild twice.
 */

useTestDatabase();

const RUNS = Number(process.env.PROPERTY_RUNS ?? 15);
const MONTHS = ["2026-01-01", "2026-02-01", "2026-03-01"];
const TYPES: (DepartureType | null)[] = ["voluntary", "involuntary", "retirement", null];
const COMMENTS = [
  "",
  "Great team, I love it",
  "My manager was toxic",
  "Underpaid: the salary was bad",
  "Le salaire était mauvais mais le chef génial",
  "Nothing to add",
  "Excellent pay and a good boss",
];
// Without the comment question: an anonymous block mixing versions asks it of some responses only.
const WITHOUT_COMMENT = { ...SAMPLE_DEFINITION, questions: SAMPLE_DEFINITION.questions.filter((question) => question.id !== "change") };

type Command =
  | { kind: "add"; survey: number; month: number; department: number | null; type: number; score: number | null; comment: number; locale: SentimentLang }
  | { kind: "remove"; pick: number }
  | { kind: "replace"; pick: number; score: number; comment: number }
  | { kind: "pool"; department: number | null; type: number; score: number | null; comment: number; version: number }
  | { kind: "release"; daysLater: number };

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      survey: fc.integer({ min: 0, max: 1 }),
      month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
      department: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 5 }),
      type: fc.integer({ min: 0, max: TYPES.length - 1 }),
      score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null, freq: 6 }),
      comment: fc.integer({ min: 0, max: COMMENTS.length - 1 }),
      locale: fc.constantFrom<SentimentLang>("en", "fr"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), score: fc.integer({ min: 0, max: 10 }), comment: fc.integer({ min: 0, max: COMMENTS.length - 1 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("pool" as const),
      department: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 5 }),
      type: fc.integer({ min: 0, max: TYPES.length - 1 }),
      score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null, freq: 6 }),
      comment: fc.integer({ min: 0, max: COMMENTS.length - 1 }),
      // Mostly the first version, so that some blocks asked the comment question of everyone.
      version: fc.integer({ min: 0, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("release" as const), daysLater: fc.integer({ min: 2, max: 40 }) }) },
);

function answersOf(score: number | null, comment: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  if (score !== null) answers.enps = score;
  if (COMMENTS[comment]) answers.change = COMMENTS[comment];
  return answers;
}

const units = (value: number | string) => Math.round(Number(value) * 10_000);

interface EnpsTotals {
  responses: number;
  scored: number;
  promoters: number;
  passives: number;
  detractors: number;
  histogram: number[];
}
interface ThemeTotals {
  comments: number;
  units: number;
  negative: number;
  neutral: number;
  positive: number;
}

function addScore(totals: EnpsTotals, score: number | null) {
  totals.responses += 1;
  if (score === null) return;
  totals.scored += 1;
  totals.histogram[score]! += 1;
  totals[`${enpsCategory(score)}s` as "promoters" | "passives" | "detractors"] += 1;
}
const emptyEnps = (): EnpsTotals => ({ responses: 0, scored: 0, promoters: 0, passives: 0, detractors: 0, histogram: Array(11).fill(0) });
function addComment(byTheme: Map<string, ThemeTotals>, key: string, text: string, lang?: SentimentLang) {
  const analysis = analyseComment(text, lang ? { lang } : {});
  for (const theme of new Set(analysis.themes)) {
    const totals = byTheme.get(`${key}|${theme}`) ?? { comments: 0, units: 0, negative: 0, neutral: 0, positive: 0 };
    totals.comments += 1;
    totals.units += units(analysis.score.toFixed(4));
    totals[analysis.label] += 1;
    byTheme.set(`${key}|${theme}`, totals);
  }
}

/** What the rollups must be, from the raw rows only. */
async function expectedFromRaw() {
  const db = testDb();
  const responses = await db.selectFrom("survey_responses").selectAll().execute();
  const enps = new Map<string, EnpsTotals>();
  const themes = new Map<string, ThemeTotals>();
  for (const response of responses) {
    const key = JSON.stringify([response.survey_id, response.period_month, response.department_id, response.departure_type]);
    const totals = enps.get(key) ?? emptyEnps();
    addScore(totals, response.enps_score);
    enps.set(key, totals);
    const answers = response.answers as Record<string, unknown>;
    if (typeof answers.change === "string" && answers.change.trim()) addComment(themes, key, answers.change, response.locale);
  }
  const blocks = await db.selectFrom("anonymous_blocks").select(["id", "common_question_ids"]).execute();
  const released = await db.selectFrom("anonymous_responses").select(["block_id", "enps_score", "answers"]).execute();
  const blockEnps = new Map<string, EnpsTotals>();
  const blockThemes = new Map<string, ThemeTotals>();
  const commonOf = new Map(blocks.map((block) => [block.id, block.common_question_ids]));
  for (const response of released) {
    const totals = blockEnps.get(response.block_id) ?? emptyEnps();
    addScore(totals, response.enps_score);
    blockEnps.set(response.block_id, totals);
    const answers = response.answers as Record<string, unknown>;
    if (typeof answers.change === "string" && answers.change.trim() && commonOf.get(response.block_id)!.includes("change")) {
      addComment(blockThemes, JSON.stringify(response.block_id), answers.change);
    }
  }
  return { enps, themes, blockEnps, blockThemes, comments: responses.filter((r) => typeof (r.answers as Record<string, unknown>).change === "string").length };
}

async function actualRollups() {
  const db = testDb();
  const enps = new Map<string, EnpsTotals>();
  for (const row of await db.selectFrom("enps_rollups").selectAll().execute()) {
    const { survey_id, month, department_id, departure_type, ...totals } = row;
    enps.set(JSON.stringify([survey_id, month, department_id, departure_type]), totals);
  }
  const themes = new Map<string, ThemeTotals>();
  for (const row of await db.selectFrom("theme_rollups").selectAll().execute()) {
    const key = JSON.stringify([row.survey_id, row.month, row.department_id, row.departure_type]);
    themes.set(`${key}|${row.theme}`, { comments: row.comments, units: units(row.sentiment_sum), negative: row.negative, neutral: row.neutral, positive: row.positive });
  }
  const blockEnps = new Map<string, EnpsTotals>();
  for (const { block_id, ...totals } of await db.selectFrom("anonymous_block_enps").selectAll().execute()) blockEnps.set(block_id, totals);
  const blockThemes = new Map<string, ThemeTotals>();
  for (const row of await db.selectFrom("anonymous_block_themes").selectAll().execute()) {
    blockThemes.set(`${JSON.stringify(row.block_id)}|${row.theme}`, { comments: row.comments, units: units(row.sentiment_sum), negative: row.negative, neutral: row.neutral, positive: row.positive });
  }
  const comments = (await db.selectFrom("comment_scores").select("response_id").execute()).length;
  return { enps, themes, blockEnps, blockThemes, comments };
}

const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

async function expectRollupsEqualRaw() {
  const [expected, actual] = await Promise.all([expectedFromRaw(), actualRollups()]);
  expect(sorted(actual.enps)).toEqual(sorted(expected.enps));
  expect(sorted(actual.themes)).toEqual(sorted(expected.themes));
  expect(sorted(actual.blockEnps)).toEqual(sorted(expected.blockEnps));
  expect(sorted(actual.blockThemes)).toEqual(sorted(expected.blockThemes));
  expect(actual.comments).toBe(expected.comments);
  return expected;
}

describe("rollups over random histories", () => {
  it("equal the raw rows grouped, exactly, and again after two rebuilds", async () => {
    const reached = { enpsGroups: 0, themeGroups: 0, blocks: 0, blockThemes: 0, removals: 0, replacements: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { minLength: 10, maxLength: 60 }), async (commands) => {
        await truncateAll(testDb());
        await setAnonymitySettings({ minBlockSize: 3, releaseDelayDays: 1 });
        const departments: string[] = [];
        for (const [index, parent] of [null, 0, 0].entries()) {
          const row = await testDb()
            .insertInto("departments")
            .values({ name: `D${index}`, parent_id: parent === null ? null : departments[parent]! })
            .returning("id")
            .executeTakeFirstOrThrow();
          departments.push(row.id);
        }
        const surveys = [await createSurvey({ name: "Exit", kind: "exit" }), await createSurvey({ name: "Pulse", kind: "pulse" })];
        const anonymous = await createSurvey({ name: "Anonymous", confidentiality: "anonymous" });
        const secondVersion = await testDb()
          .insertInto("survey_versions")
          .values({ survey_id: anonymous.survey.id, version: 2, confidentiality: "anonymous", definition: JSON.stringify(WITHOUT_COMMENT) })
          .returning("id")
          .executeTakeFirstOrThrow();
        const live: string[] = [];
        let today = "2026-01-05";

        for (const command of commands) {
          if (command.kind === "add") {
            const survey = surveys[command.survey]!;
            const id = await testDb()
              .transaction()
              .execute(async (trx) => {
                const row = await trx
                  .insertInto("survey_responses")
                  .values({
                    survey_id: survey.survey.id,
                    survey_version_id: survey.version.id,
                    confidentiality: "confidential",
                    period_month: MONTHS[command.month]!,
                    department_id: command.department === null ? null : departments[command.department]!,
                    departure_type: TYPES[command.type]!,
                    locale: command.locale,
                    enps_score: command.score,
                    answers: JSON.stringify(answersOf(command.score, command.comment)),
                  })
                  .returning("id")
                  .executeTakeFirstOrThrow();
                await addResponseToMetrics(trx, row.id);
                return row.id;
              });
            live.push(id);
          } else if (command.kind === "remove" && live.length > 0) {
            const [id] = live.splice(command.pick % live.length, 1);
            await testDb()
              .transaction()
              .execute(async (trx) => {
                await removeResponseFromMetrics(trx, id!);
                await trx.deleteFrom("survey_responses").where("id", "=", id!).execute();
              });
            reached.removals += 1;
          } else if (command.kind === "replace" && live.length > 0) {
            const id = live[command.pick % live.length]!;
            await testDb()
              .transaction()
              .execute(async (trx) => {
                await removeResponseFromMetrics(trx, id);
                await trx
                  .updateTable("survey_responses")
                  .set({ enps_score: command.score, answers: JSON.stringify(answersOf(command.score, command.comment)) })
                  .where("id", "=", id)
                  .execute();
                await addResponseToMetrics(trx, id);
              });
            reached.replacements += 1;
          } else if (command.kind === "pool") {
            await testDb()
              .transaction()
              .execute((trx) =>
                addToAnonymousPool(trx, {
                  surveyId: anonymous.survey.id,
                  surveyVersionId: command.version < 4 ? anonymous.version.id : secondVersion.id,
                  departmentId: command.department === null ? null : departments[command.department]!,
                  departureType: TYPES[command.type]!,
                  today,
                  enpsScore: command.score,
                  answers: answersOf(command.score, command.version < 4 ? command.comment : 0),
                }),
              );
          } else if (command.kind === "release") {
            today = addCalendarDays(today, command.daysLater);
            await releaseAnonymousResponses(testDb(), { today, now: new Date(`${today}T01:40:00Z`) });
          }
        }

        // A last release, so that what was pooled is published.
        today = addCalendarDays(today, 5);
        await releaseAnonymousResponses(testDb(), { today, now: new Date(`${today}T01:40:00Z`) });

        const expected = await expectRollupsEqualRaw();
        reached.enpsGroups += expected.enps.size;
        reached.themeGroups += expected.themes.size;
        reached.blocks += expected.blockEnps.size;
        reached.blockThemes += expected.blockThemes.size;
        await rebuildMetrics(testDb());
        await expectRollupsEqualRaw();
        await rebuildMetrics(testDb());
        await expectRollupsEqualRaw();
      }),
      { numRuns: RUNS },
    );
    // The histories reached what the property is about.
    for (const [what, count] of Object.entries(reached)) expect(count, what).toBeGreaterThan(0);
  }, 600_000);
});
