import pg from "pg";
import { addResponseToMetrics, removeResponseFromMetrics } from "~/modules/metrics/response-metrics.server";
import { submitExitResponse } from "~/modules/exit/submit.server";
import { analyseComment } from "~/modules/sentiment/analyse";
import { testDatabaseHandle, testDb, useTestDatabase } from "../../support/database";
import { createAnonymousResponses, createResponse, createSurvey, makeLeaver, SAMPLE_DEFINITION } from "../../factories";
import { answerAllButLast, DEFAULT_ANSWERS, postPage, setUpFlow, useFlowClock } from "../exit/flow-support";

/**
 * The rollups move with the raw rows, in their transaction (docs/decisions/026): a confidential
 * submit adds its eNPS, histogram and comments; a removal takes exactly that away again (rows at
 * zero disappear); a release writes its blocks' figures; and concurrent writers on one key lose no
 * increment (on PostgreSQL the transactions really overlap).
 */

useTestDatabase();

function rollups() {
  return testDb().selectFrom("enps_rollups").selectAll().orderBy("month").execute();
}

describe("the confidential write path", () => {
  useFlowClock();

  it("adds a submitted confidential response to the eNPS rollup and scores its comment", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "next");
    const result = await submitExitResponse(testDb(), { invitationId: leaver.invitationId, userId: leaver.user.id, locale: "fr" });
    expect(result.outcome).toBe("submitted");

    const response = await testDb().selectFrom("survey_responses").selectAll().executeTakeFirstOrThrow();
    const [rollup] = await rollups();
    expect(rollup).toMatchObject({
      survey_id: response.survey_id,
      month: response.period_month,
      department_id: response.department_id,
      departure_type: response.departure_type,
      responses: 1,
      scored: 1,
      promoters: 0,
      passives: 1,
      detractors: 0,
      histogram: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
    });
    // "More feedback." is the one written answer; it is scored in the response's language.
    const comments = await testDb().selectFrom("comment_scores").selectAll().execute();
    expect(comments).toEqual([expect.objectContaining({ response_id: response.id, question_id: "change", lang: "fr" })]);
  });
});

describe("adding and removing", () => {
  it("sums responses of one key, and a removal takes exactly its part away", async () => {
    const { survey, version } = await createSurvey({ definition: SAMPLE_DEFINITION });
    const base = { surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential" as const, periodMonth: "2026-10-01", departmentId: null };
    const kept = "My manager was toxic";
    const removed = "Great team but underpaid: the salary was low";
    const a = await createResponse({ ...base, enps: 10, answers: { enps: 10, change: removed } });
    await createResponse({ ...base, enps: 3, answers: { enps: 3, change: kept } });
    // Per theme, how many of these comments the scorer tags with it (a GROUP BY over the comments).
    const themeCounts = (texts: string[]) => {
      const counts = new Map<string, number>();
      for (const text of texts) for (const theme of analyseComment(text, { lang: "en" }).themes) counts.set(theme, (counts.get(theme) ?? 0) + 1);
      return [...counts].map(([theme, comments]) => ({ theme, comments })).sort((x, y) => x.theme.localeCompare(y.theme));
    };
    expect(themeCounts([removed])).toContainEqual({ theme: "pay", comments: 1 });
    expect(themeCounts([kept])).toContainEqual({ theme: "manager", comments: 1 });
    await createResponse({ ...base, enps: null, answers: {} });

    expect(await rollups()).toEqual([
      expect.objectContaining({ responses: 3, scored: 2, promoters: 1, passives: 0, detractors: 1, histogram: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1] }),
    ]);
    expect(await testDb().selectFrom("theme_rollups").select(["theme", "comments"]).orderBy("theme").execute()).toEqual(themeCounts([kept, removed]));

    await testDb()
      .transaction()
      .execute(async (trx) => {
        await removeResponseFromMetrics(trx, a.id);
        await trx.deleteFrom("survey_responses").where("id", "=", a.id).execute();
      });
    expect(await rollups()).toEqual([expect.objectContaining({ responses: 2, scored: 1, promoters: 0, detractors: 1, histogram: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] })]);
    // The pay theme had only that comment: its row is gone, as a GROUP BY would have no such group.
    expect(await testDb().selectFrom("theme_rollups").select(["theme", "comments"]).orderBy("theme").execute()).toEqual(themeCounts([kept]));
    expect(themeCounts([kept]).map((row) => row.theme)).not.toContain("pay");
    expect(await testDb().selectFrom("comment_scores").select("response_id").execute()).toHaveLength(1);
  });

  it("keeps departments and departure types apart, nulls forming one group of their own", async () => {
    const { survey, version } = await createSurvey();
    const base = { surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential" as const, periodMonth: "2026-10-01" };
    await createResponse({ ...base, departmentId: null, departureType: null, enps: 9 });
    await createResponse({ ...base, departmentId: null, departureType: null, enps: 9 });
    await createResponse({ ...base, departmentId: null, departureType: "involuntary", enps: 9 });
    const rows = await testDb().selectFrom("enps_rollups").select(["departure_type", "responses"]).orderBy("departure_type").execute();
    expect(rows).toEqual([
      { departure_type: "involuntary", responses: 1 },
      { departure_type: null, responses: 2 },
    ]);
  });
});

describe("the release", () => {
  it("writes each block's eNPS counts and histogram in its transaction", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [10, 9, 7, 2, null]);
    const block = await testDb().selectFrom("anonymous_blocks").select("id").executeTakeFirstOrThrow();
    const row = await testDb().selectFrom("anonymous_block_enps").selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({
      block_id: block.id,
      responses: 5,
      scored: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      histogram: [0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1],
    });
  });
});

/** Sessions of this test database waiting for a lock, seen from a connection outside the pool. */
async function waitForLockWaiters(connectionString: string, count: number) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const { rows } = await client.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} writers ever waited for the rollup row`);
  } finally {
    await client.end();
  }
}

describe("concurrent writers", () => {
  it("lose no increment when transactions on one key overlap", async () => {
    const { survey, version } = await createSurvey();
    const { connectionString } = testDatabaseHandle();
    // The test database's pool has 5 connections: one writer holds the row, three queue.
    const writers = 4;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const firstHolds = new Promise<void>((resolve) => (holding = resolve));
    const write = (score: number, holdOpen: boolean) =>
      testDb()
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .insertInto("survey_responses")
            .values({
              survey_id: survey.id,
              survey_version_id: version.id,
              confidentiality: "confidential",
              period_month: "2026-09-01",
              department_id: null,
              departure_type: "voluntary",
              locale: "en",
              enps_score: score,
              answers: JSON.stringify({ enps: score }),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await addResponseToMetrics(trx, row.id);
          // The first writer keeps its row lock until the others queue behind it.
          if (holdOpen) {
            holding();
            await gate;
          }
        });

    if (connectionString) {
      // PostgreSQL: the first transaction holds the new rollup row; the others insert the same key
      // at the same time and must wait, then add to it.
      const first = write(10, true);
      await firstHolds;
      const others = Array.from({ length: writers - 1 }, (_, index) => write(index, false));
      await waitForLockWaiters(connectionString, writers - 1);
      release();
      await Promise.all([first, ...others]);
    } else {
      // PGlite has one connection: transactions run one after another.
      release();
      await Promise.all(Array.from({ length: writers }, (_, index) => write(index === 0 ? 10 : index - 1, false)));
    }
    expect(await rollups()).toEqual([
      expect.objectContaining({ responses: 4, scored: 4, promoters: 1, passives: 0, detractors: 3, histogram: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1] }),
    ]);
  });
});
