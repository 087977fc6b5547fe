import { CLI_TIMEOUT, useCli } from "../../support/cli";

/**
 * `npm run cli -- metrics:rebuild` derives the rollups and comment scores from the raw responses
 * (here, one written straight into the table, as before this feature existed), and a second run
 * leaves exactly the same rows.
 */

const cli = useCli();

async function rollupRows() {
  const handle = await cli.scratch.open();
  try {
    return {
      enps: await handle.db.selectFrom("enps_rollups").selectAll().execute(),
      comments: await handle.db.selectFrom("comment_scores").select(["question_id", "lang", "label"]).execute(),
    };
  } finally {
    await handle.close();
  }
}

describe("npm run cli -- metrics:rebuild", { timeout: CLI_TIMEOUT }, () => {
  it("rebuilds the rollups from the raw responses, the same on a second run", async () => {
    expect((await cli.run(["migrate"])).code).toBe(0);
    const handle = await cli.scratch.open();
    try {
      const definition = { intro: null, questions: [
        { id: "enps", type: "enps", prompt: { en: "Recommend us?", fr: "Nous recommander ?" }, help: null, required: true, options: [], maxLength: null, condition: null },
        { id: "why", type: "text", prompt: { en: "Why?", fr: "Pourquoi ?" }, help: null, required: false, options: [], maxLength: null, condition: null },
      ] };
      const survey = await handle.db.insertInto("surveys").values({ kind: "exit", name_en: "Exit", confidentiality: "confidential", draft: JSON.stringify(definition) }).returning("id").executeTakeFirstOrThrow();
      const version = await handle.db
        .insertInto("survey_versions")
        .values({ survey_id: survey.id, version: 1, confidentiality: "confidential", definition: JSON.stringify(definition) })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [enps, why] of [[9, "Great team"], [3, ""]] as const) {
        await handle.db
          .insertInto("survey_responses")
          .values({ survey_id: survey.id, survey_version_id: version.id, confidentiality: "confidential", period_month: "2026-10-01", locale: "fr", enps_score: enps, answers: JSON.stringify({ enps, why }) })
          .execute();
      }
    } finally {
      await handle.close();
    }

    const first = await cli.run(["metrics:rebuild"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("2 confidential responses (1 comments)");
    const rows = await rollupRows();
    expect(rows.enps).toEqual([expect.objectContaining({ responses: 2, scored: 2, promoters: 1, detractors: 1, histogram: [0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0] })]);
    expect(rows.comments).toEqual([expect.objectContaining({ question_id: "why", lang: "fr" })]);

    expect((await cli.run(["metrics:rebuild"])).code).toBe(0);
    expect(await rollupRows()).toEqual(rows);
  });
});
