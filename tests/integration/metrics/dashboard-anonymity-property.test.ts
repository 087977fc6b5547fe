import fc from "fast-check";
import * as enpsMetricsRoute from "~/routes/api.v1.metrics.enps";
import { addToAnonymousPool } from "~/modules/exit/anonymous-pool.server";
import { addResponseToMetrics } from "~/modules/metrics/response-metrics.server";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { readEnpsDashboard, type EnpsDashboardFilters } from "~/modules/responses/enps-dashboard.server";
import type { EnpsFigure } from "~/modules/responses/enps-dashboard";
import { addCalendarDays, monthOf } from "~/utils/calendar-days";
import type { DepartureType, SurveyKind } from "../../../db/schema";
import { testDb, truncateAll, useTestDatabase } from "../../support/database";
import { apiRequest, callRoute } from "../api/helpers";
import { createSurvey, issueToken, setAnonymitySettings } from "../../factories";

/**
 * The anonymity of the eNPS dashboard and of its API (docs/decisions/008 and 026), over random
 * histories: random department trees; confidential and anonymous answers of both survey kinds
 * arriving over months; nightly releases; k changed now and then; HR (and the API) asking at any
 * moment with random filters (period, department, departure type, survey kind). For every figure —
 * each month's point, each total, each department bar — worked out here independently from the raw
 * rows:
 * - its anonymous part is exactly the sum over the whole blocks the filter contains;
 * - a confidential part of 1 to k − 1 respondents never shows: the figure is the blocks alone, or
 *   the coded marker without counts;
 * - the same figure seen twice has an anonymous part that grew by whole blocks only;
 * and the API answers exactly the read model.
 */

useTestDatabase();

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10);
const MONTHS = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"];
const TYPES: (DepartureType | null)[] = ["voluntary", "involuntary", null];
const KINDS: SurveyKind[] = ["exit", "pulse"];

type Command =
  | { kind: "confidential"; survey: number; department: number | null; type: number; score: number | null; daysLater: number }
  | { kind: "anonymous"; survey: number; department: number | null; type: number; score: number | null; daysLater: number }
  | { kind: "release"; daysLater: number }
  | { kind: "setK"; k: number }
  | { kind: "query"; department: number | null; type: number | null; surveyKind: number | null; from: number | null; to: number | null };

const answer = (kind: "confidential" | "anonymous") =>
  fc.record({
    kind: fc.constant(kind),
    survey: fc.integer({ min: 0, max: 1 }),
    department: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 8 }),
    type: fc.integer({ min: 0, max: TYPES.length - 1 }),
    score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null, freq: 8 }),
    daysLater: fc.integer({ min: 0, max: 5 }),
  });
const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: answer("confidential") },
  { weight: 7, arbitrary: answer("anonymous") },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), daysLater: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("setK" as const), k: fc.integer({ min: 3, max: 6 }) }) },
  // The unfiltered view, so that the same view comes back over time.
  { weight: 2, arbitrary: fc.constant<Command>({ kind: "query", department: null, type: null, surveyKind: null, from: null, to: null }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("query" as const),
      department: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 2 }),
      type: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null, freq: 2 }),
      surveyKind: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null, freq: 2 }),
      from: fc.option(fc.integer({ min: 0, max: MONTHS.length - 1 }), { nil: null, freq: 2 }),
      to: fc.option(fc.integer({ min: 0, max: MONTHS.length - 1 }), { nil: null, freq: 2 }),
    }),
  },
);
/**
 * One history run first, before the random ones (fast-check counts it within numRuns): the
 * unfiltered view seen with one confidential answer alone (the marker), then with one block (the
 * answer withheld), then with two, then filtered by type. Random histories reach some of these
 * cases, growth above all, only with some seeds, and every case must be exercised in every run.
 */
const anonymousAnswer = (score: number): Command => ({ kind: "anonymous", survey: 0, department: 1, type: 0, score, daysLater: 0 });
const UNFILTERED: Command = { kind: "query", department: null, type: null, surveyKind: null, from: null, to: null };
const EVERY_CASE_HISTORY: [(number | null)[], Command[]] = [
  [null, 0, 0, 1, 1, 2],
  [
    { kind: "confidential", survey: 0, department: 2, type: 0, score: 5, daysLater: 0 },
    UNFILTERED,
    ...[9, 10, 4].map(anonymousAnswer),
    { kind: "release", daysLater: 3 },
    UNFILTERED,
    ...[7, 8, 2].map(anonymousAnswer),
    { kind: "release", daysLater: 3 },
    UNFILTERED,
    { kind: "query", department: null, type: 0, surveyKind: null, from: null, to: null },
  ],
];
const treeArbitrary = fc.tuple(...Array.from({ length: 6 }, (_, index) => (index === 0 ? fc.constant(null) : fc.integer({ min: 0, max: index - 1 }))));

interface Part {
  scored: number;
  histogram: number[];
  blocks: number;
}
const emptyPart = (): Part => ({ scored: 0, histogram: Array(11).fill(0), blocks: 0 });
function add(part: Part, score: number | null) {
  if (score === null) return;
  part.scored += 1;
  part.histogram[score]! += 1;
}

/** The figure the rules require, from the two parts worked out here. */
function expectFigure(figure: EnpsFigure, confidential: Part, blocks: Part, k: number, where: string) {
  const withheld = confidential.scored > 0 && confidential.scored < k;
  if (withheld && blocks.scored === 0) {
    expect(figure, where).toEqual({ suppressed: true, reason: "fewer_than_k", k });
    return;
  }
  expect(figure.suppressed, where).toBe(false);
  if (figure.suppressed) return;
  const histogram = withheld ? blocks.histogram : confidential.histogram.map((count, score) => count + blocks.histogram[score]!);
  expect(figure.histogram, where).toEqual(histogram);
  expect(figure.confidentialWithheld, where).toBe(withheld);
  expect(figure.sources, where).toEqual({ confidential: withheld ? 0 : confidential.scored, anonymous: blocks.scored, anonymousBlocks: blocks.blocks });
}

describe("the eNPS dashboard and its API over random histories", () => {
  it("show anonymous data in whole blocks only, never a confidential group below k, and grow by whole blocks", async () => {
    const reached = { blockFigures: 0, withheld: 0, markers: 0, departmentBars: 0, growth: 0, typeFilters: 0 };
    await fc.assert(
      fc.asyncProperty(treeArbitrary, fc.array(commandArbitrary, { minLength: 20, maxLength: 70 }), async (parents, commands) => {
        await truncateAll(testDb());
        let k = 3;
        let smallestK = k;
        await setAnonymitySettings({ minBlockSize: k, releaseDelayDays: 1 });
        const { token } = await issueToken();
        const departments: string[] = [];
        for (const [index, parent] of parents.entries()) {
          const row = await testDb()
            .insertInto("departments")
            .values({ name: `D${index}`, parent_id: parent === null ? null : departments[parent]! })
            .returning("id")
            .executeTakeFirstOrThrow();
          departments.push(row.id);
        }
        const subtreeOf = (root: number) => {
          const inside = new Set([root]);
          for (let i = 0; i < parents.length; i += 1) if (parents[i] !== null && inside.has(parents[i]!)) inside.add(i);
          return new Set([...inside].map((i) => departments[i]!));
        };
        const confidentialSurveys = [await createSurvey({ name: "Exit", kind: "exit" }), await createSurvey({ name: "Pulse", kind: "pulse" })];
        const anonymousSurveys = [
          await createSurvey({ name: "Anon exit", kind: "exit", confidentiality: "anonymous" }),
          await createSurvey({ name: "Anon pulse", kind: "pulse", confidentiality: "anonymous" }),
        ];
        const kindOfSurvey = new Map<string, SurveyKind>([...confidentialSurveys, ...anonymousSurveys].map((s) => [s.survey.id, s.survey.kind]));
        let today = "2026-01-03";
        const seen = new Map<string, Set<string>>();

        for (const command of commands) {
          if (command.kind === "confidential" || command.kind === "anonymous") {
            today = addCalendarDays(today, command.daysLater);
            if (today >= "2026-06-01") continue;
            const department = command.department === null ? null : departments[command.department]!;
            const answers = command.score === null ? {} : { enps: command.score };
            if (command.kind === "confidential") {
              const survey = confidentialSurveys[command.survey]!;
              await testDb()
                .transaction()
                .execute(async (trx) => {
                  const row = await trx
                    .insertInto("survey_responses")
                    .values({
                      survey_id: survey.survey.id,
                      survey_version_id: survey.version.id,
                      confidentiality: "confidential",
                      period_month: monthOf(today),
                      department_id: department,
                      departure_type: TYPES[command.type]!,
                      locale: "en",
                      enps_score: command.score,
                      answers: JSON.stringify(answers),
                    })
                    .returning("id")
                    .executeTakeFirstOrThrow();
                  await addResponseToMetrics(trx, row.id);
                });
            } else {
              const survey = anonymousSurveys[command.survey]!;
              await testDb()
                .transaction()
                .execute((trx) =>
                  addToAnonymousPool(trx, {
                    surveyId: survey.survey.id,
                    surveyVersionId: survey.version.id,
                    departmentId: department,
                    departureType: TYPES[command.type]!,
                    today,
                    enpsScore: command.score,
                    answers,
                  }),
                );
            }
          } else if (command.kind === "release") {
            today = addCalendarDays(today, command.daysLater);
            await releaseAnonymousResponses(testDb(), { today, now: new Date(`${today}T01:40:00Z`) });
          } else if (command.kind === "setK") {
            k = command.k;
            smallestK = Math.min(smallestK, k);
            await setAnonymitySettings({ minBlockSize: k, releaseDelayDays: 1 });
          } else {
            const from = command.from === null ? undefined : MONTHS[command.from];
            const to = command.to === null ? undefined : MONTHS[command.to];
            if (from && to && from > to) continue;
            const departmentId = command.department === null ? undefined : departments[command.department];
            const departureType = command.type === null ? undefined : (TYPES[command.type] as DepartureType);
            const surveyKind = command.surveyKind === null ? undefined : KINDS[command.surveyKind];
            const filters: EnpsDashboardFilters = {
              ...(from ? { fromMonth: from } : {}),
              ...(to ? { toMonth: to } : {}),
              ...(departmentId ? { departmentId } : {}),
              ...(departureType ? { departureType } : {}),
              ...(surveyKind ? { surveyKind } : {}),
            };
            const dashboard = await readEnpsDashboard(testDb(), filters);
            if (departureType) reached.typeFilters += 1;

            // The API answers exactly the read model.
            const query = new URLSearchParams({
              ...(from ? { from: from.slice(0, 7) } : {}),
              ...(to ? { to: to.slice(0, 7) } : {}),
              ...(departmentId ? { department: departmentId } : {}),
              ...(departureType ? { departureType } : {}),
              ...(surveyKind ? { surveyKind } : {}),
            });
            const response = await callRoute(enpsMetricsRoute, apiRequest(`/api/v1/metrics/enps?${query}`, { token }));
            expect(response.status).toBe(200);
            expect(await response.json()).toEqual(JSON.parse(JSON.stringify(dashboard)));

            // The raw rows, read here, and the filters applied to them independently.
            const inside = departmentId ? subtreeOf(command.department!) : undefined;
            const confidentialRows = (await testDb().selectFrom("survey_responses").selectAll().execute()).filter(
              (row) =>
                (!from || row.period_month >= from) &&
                (!to || row.period_month <= to) &&
                (!surveyKind || kindOfSurvey.get(row.survey_id) === surveyKind) &&
                (!departureType || row.departure_type === departureType) &&
                (!inside || (row.department_id !== null && inside.has(row.department_id))),
            );
            const blocks = (await testDb().selectFrom("anonymous_blocks").selectAll().execute()).filter(
              (block) =>
                (!from || block.month >= from) &&
                (!to || block.month <= to) &&
                (!surveyKind || kindOfSurvey.get(block.survey_id) === surveyKind) &&
                (!inside || (!block.includes_unassigned && block.department_ids.every((id) => inside.has(id)))) &&
                (!departureType || (block.departure_types.length > 0 && block.departure_types.every((type) => type === departureType))) &&
                block.enps_asked_of_all,
            );
            const members = await testDb().selectFrom("anonymous_responses").select(["block_id", "enps_score"]).execute();
            const blockPart = (chosen: typeof blocks) => {
              const part = emptyPart();
              const ids = new Set(chosen.map((block) => block.id));
              part.blocks = ids.size;
              for (const member of members) if (ids.has(member.block_id)) add(part, member.enps_score);
              return part;
            };
            const confidentialPart = (rows: typeof confidentialRows) => {
              const part = emptyPart();
              for (const row of rows) add(part, row.enps_score);
              return part;
            };
            const check = (figure: EnpsFigure, rows: typeof confidentialRows, chosen: typeof blocks, where: string) => {
              const confidential = confidentialPart(rows);
              const anonymous = blockPart(chosen);
              expectFigure(figure, confidential, anonymous, k, where);
              if (anonymous.blocks > 0 && !figure.suppressed) reached.blockFigures += 1;
              if (confidential.scored > 0 && confidential.scored < k) reached[figure.suppressed ? "markers" : "withheld"] += 1;
              // Seen before with the same filters: the blocks it rests on are the same plus new whole
              // blocks (its anonymous part equals their sum, checked above), each of at least the smallest k.
              const key = JSON.stringify([filters, where]);
              const now = new Set(chosen.map((block) => block.id));
              const before = seen.get(key);
              if (before) {
                for (const id of before) expect(now.has(id), `${where}: a block it rested on is gone`).toBe(true);
                const added = chosen.filter((block) => !before.has(block.id));
                for (const block of added) expect(block.response_count).toBeGreaterThanOrEqual(Math.max(3, smallestK));
                if (added.length > 0) reached.growth += 1;
              }
              seen.set(key, now);
            };

            for (const kind of KINDS) {
              const ofKind = (rows: typeof confidentialRows) => rows.filter((row) => kindOfSurvey.get(row.survey_id) === kind);
              const blocksOfKind = blocks.filter((block) => kindOfSurvey.get(block.survey_id) === kind);
              check(dashboard.totals[kind], ofKind(confidentialRows), blocksOfKind, `total ${kind}`);
              for (const point of dashboard.overTime) {
                check(
                  point[kind],
                  ofKind(confidentialRows).filter((row) => row.period_month === point.month),
                  blocksOfKind.filter((block) => block.month === point.month),
                  `${point.month} ${kind}`,
                );
              }
              for (const bar of dashboard.byDepartment) {
                const barMembers = bar.scope === "subtree" ? subtreeOf(departments.indexOf(bar.departmentId!)) : new Set(bar.departmentId ? [bar.departmentId] : []);
                check(
                  bar[kind],
                  ofKind(confidentialRows).filter((row) => (bar.scope === "unassigned" ? row.department_id === null : row.department_id !== null && barMembers.has(row.department_id))),
                  blocksOfKind.filter((block) =>
                    bar.scope === "unassigned"
                      ? block.includes_unassigned && block.department_ids.length === 0
                      : !block.includes_unassigned && block.department_ids.length > 0 && block.department_ids.every((id) => barMembers.has(id)),
                  ),
                  `bar ${bar.scope} ${bar.departmentId} ${kind}`,
                );
                reached.departmentBars += 1;
              }
            }
            // Every month with a figure is listed: nothing is left out of the series silently.
            const months = new Set(dashboard.overTime.map((point) => point.month));
            for (const row of confidentialRows) expect(months.has(row.period_month)).toBe(true);
            for (const block of blocks) expect(months.has(block.month)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS, examples: [EVERY_CASE_HISTORY] },
    );
    for (const [what, count] of Object.entries(reached)) expect(count, what).toBeGreaterThan(0);
  }, 900_000);
});
