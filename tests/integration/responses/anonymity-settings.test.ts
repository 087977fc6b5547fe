import { action, loader } from "~/routes/admin.settings.anonymity";
import { releaseAnonymousResponses } from "~/modules/responses/releases.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { auditRows } from "./helpers";
import { createSurvey, createUser, installDefaultsWithoutSurveys, poolAnonymousResponses, signIn } from "../../factories";

useTestDatabase();

let hrCookie: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
});

function save(form: Record<string, string>, cookie = hrCookie) {
  return callAction(action, buildRequest("/admin/settings/anonymity", { cookie, form }));
}

async function blockSizes() {
  const rows = await testDb().selectFrom("anonymous_blocks").select(["response_count", "min_block_size"]).orderBy("min_block_size").execute();
  return rows.map((row) => [row.response_count, row.min_block_size]);
}

describe("HR's anonymity settings", () => {
  it("shows k = 5 and a 3-day delay by default", async () => {
    const response = await callLoader(loader, buildRequest("/admin/settings/anonymity", { cookie: hrCookie }));
    expect(await response.json()).toMatchObject({ settings: { minBlockSize: 5, releaseDelayDays: 3 } });
  });

  it("refuses k outside 3–10 and a delay outside 1–30, naming the field, and changes nothing", async () => {
    for (const [form, field] of [
      [{ minBlockSize: "2", releaseDelayDays: "3" }, "minBlockSize"],
      [{ minBlockSize: "11", releaseDelayDays: "3" }, "minBlockSize"],
      [{ minBlockSize: "4.5", releaseDelayDays: "3" }, "minBlockSize"],
      [{ minBlockSize: "five", releaseDelayDays: "3" }, "minBlockSize"],
      [{ minBlockSize: "5", releaseDelayDays: "0" }, "releaseDelayDays"],
      [{ minBlockSize: "5", releaseDelayDays: "31" }, "releaseDelayDays"],
    ] as const) {
      const response = await save(form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
      expect(Object.keys(result.error), JSON.stringify(form)).toEqual([field]);
    }
    expect(await testDb().selectFrom("anonymity_settings").selectAll().execute()).toEqual([]);
  });

  it("is for HR admins only", async () => {
    const ownerCookie = await signIn(await createUser({ role: "task_owner" }));
    const response = await save({ minBlockSize: "3", releaseDelayDays: "1" }, ownerCookie).catch((thrown: unknown) => thrown as Response);
    expect(response.status).toBe(403);
  });

  it("applies a new k to future releases only, and audits the change", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await poolAnonymousResponses({ ...base, pooledOn: "2026-11-02" }, [1, 2, 3, 4, 5, 6]);
    await releaseAnonymousResponses(testDb(), { today: "2026-11-10" });
    expect(await blockSizes()).toEqual([[6, 5]]);

    const saved = await save({ minBlockSize: "3", releaseDelayDays: "1" });
    expect(saved.status).toBe(302);
    await poolAnonymousResponses({ ...base, pooledOn: "2026-11-20" }, [7, 8, 9]);
    await releaseAnonymousResponses(testDb(), { today: "2026-11-21" });
    // The first block keeps the k it was formed with; the new one is formed with 3.
    expect(await blockSizes()).toEqual([
      [3, 3],
      [6, 5],
    ]);
    const [entry] = await auditRows("responses.anonymity_settings_changed");
    expect(entry!.data).toMatchObject({ before: { minBlockSize: 5, releaseDelayDays: 3 }, after: { minBlockSize: 3, releaseDelayDays: 1 } });
  });
});

describe("the release", () => {
  it("waits the delay and k, publishes the older entries only, and does nothing more when run again", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await poolAnonymousResponses({ ...base, pooledOn: "2026-11-02" }, [1, 2, 3, 4]);
    await poolAnonymousResponses({ ...base, pooledOn: "2026-11-05" }, [5]);
    // On the 7th the fifth has waited only 2 days of 3: four are old enough, too few.
    expect(await releaseAnonymousResponses(testDb(), { today: "2026-11-07" })).toEqual({ releases: 0, blocks: 0, responses: 0 });
    await poolAnonymousResponses({ ...base, pooledOn: "2026-11-08" }, [6]);
    // On the 8th five have waited; the one given that day stays in the pool.
    expect(await releaseAnonymousResponses(testDb(), { today: "2026-11-08" })).toEqual({ releases: 1, blocks: 1, responses: 5 });
    expect(await releaseAnonymousResponses(testDb(), { today: "2026-11-08" })).toEqual({ releases: 0, blocks: 0, responses: 0 });
    expect(await testDb().selectFrom("anonymous_pool").select("enps_score").execute()).toEqual([{ enps_score: 6 }]);
    expect(await testDb().selectFrom("anonymous_blocks").select("month").execute()).toEqual([{ month: expect.anything() }]);
  });

  it("never releases an entry twice when two workers run it at once", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await poolAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id, pooledOn: "2026-11-02" }, [1, 2, 3, 4, 5, 6, 7]);
    const runs = await Promise.all([0, 1, 2].map(() => releaseAnonymousResponses(testDb(), { today: "2026-11-10" })));
    expect(runs.reduce((sum, run) => sum + run.responses, 0)).toBe(7);
    expect(await testDb().selectFrom("anonymous_responses").select("id").execute()).toHaveLength(7);
    expect(await testDb().selectFrom("anonymous_pool").select("id").execute()).toHaveLength(0);
  });
});
