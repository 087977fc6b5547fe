import { readEnpsDashboard } from "~/modules/responses/enps-dashboard.server";
import type { EnpsFigure } from "~/modules/responses/enps-dashboard";
import { testDb, useTestDatabase } from "../../support/database";
import { createAnonymousResponses, createResponse, createSurvey, makeBareDeparture, setAnonymitySettings } from "../../factories";

/**
 * The dashboard's read model on a small hand-made company: figures sum confidential responses and
 * whole blocks; a confidential group below k is the coded marker, never its counts; the department
 * filter keeps a block only whole; departures come from HR's records.
 */

useTestDatabase();

async function tree() {
  const insert = async (name: string, parentId: string | null) =>
    (await testDb().insertInto("departments").values({ name, parent_id: parentId }).returning("id").executeTakeFirstOrThrow()).id;
  const company = await insert("Company", null);
  const engineering = await insert("Engineering", company);
  const sales = await insert("Sales", company);
  return { company, engineering, sales };
}

const shown = (figure: EnpsFigure) => {
  if (figure.suppressed) throw new Error("expected a figure, got the suppressed marker");
  return figure;
};

describe("readEnpsDashboard", () => {
  it("sums confidential responses and whole blocks, withholds a confidential group below k, and keeps blocks whole", async () => {
    await setAnonymitySettings({ minBlockSize: 3, releaseDelayDays: 1 });
    const { engineering, sales } = await tree();
    const exit = await createSurvey({ name: "Exit", kind: "exit" });
    const pulse = await createSurvey({ name: "Pulse", kind: "pulse" });
    const anonymous = await createSurvey({ name: "Anon exit", confidentiality: "anonymous" });
    const confidential = { surveyId: exit.survey.id, surveyVersionId: exit.version.id, confidentiality: "confidential" as const, periodMonth: "2026-10-01" };
    // Engineering: 3 confidential exit responses (10, 9, 2); Sales: 1 (withheld below k = 3).
    for (const enps of [10, 9, 2]) await createResponse({ ...confidential, departmentId: engineering, enps });
    await createResponse({ ...confidential, departmentId: sales, enps: 0 });
    // Pulse: 2 confidential in Engineering: below k.
    for (const enps of [10, 10]) await createResponse({ surveyId: pulse.survey.id, surveyVersionId: pulse.version.id, confidentiality: "confidential", periodMonth: "2026-10-01", departmentId: engineering, enps });
    // A block of 3 anonymous Engineering responses released in November.
    await createAnonymousResponses({ surveyId: anonymous.survey.id, surveyVersionId: anonymous.version.id, departmentId: engineering, pooledOn: "2026-11-02" }, [8, 8, 9], "2026-11-10");

    const all = await readEnpsDashboard(testDb(), {});
    expect(all.k).toBe(3);
    // Exit total: 4 confidential (10, 9, 2, 0) + the block (8, 8, 9): 3 promoters, 2 passives, 2 detractors of 7.
    expect(shown(all.totals.exit)).toMatchObject({ respondents: 7, counts: { promoters: 3, passives: 2, detractors: 2 }, enps: 14, sources: { confidential: 4, anonymous: 3, anonymousBlocks: 1 } });
    expect(shown(all.totals.exit).histogram).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 2, 2, 1]);
    // The pulse has 2 confidential respondents: the marker, no counts.
    expect(all.totals.pulse).toEqual({ suppressed: true, reason: "fewer_than_k", k: 3 });
    // Over time: October (confidential) and November (the block's release), pulse still withheld.
    expect(all.overTime.map((point) => point.month)).toEqual(["2026-10-01", "2026-11-01"]);
    expect(shown(all.overTime[1]!.exit)).toMatchObject({ respondents: 3, sources: { confidential: 0, anonymousBlocks: 1 } });
    // Bars: Engineering has confidential 3 + the block; Sales' single response is withheld.
    const bar = (name: string) => all.byDepartment.find((b) => b.name === name)!;
    expect(shown(bar("Engineering").exit)).toMatchObject({ respondents: 6, sources: { confidential: 3, anonymous: 3 } });
    expect(bar("Sales").exit).toEqual({ suppressed: true, reason: "fewer_than_k", k: 3 });
    expect(JSON.stringify(bar("Sales").exit)).not.toContain('"counts"');

    // Filtered to Sales: the Engineering block is not in the subtree; Sales' one response is withheld.
    const salesOnly = await readEnpsDashboard(testDb(), { departmentId: sales });
    expect(salesOnly.totals.exit).toEqual({ suppressed: true, reason: "fewer_than_k", k: 3 });
    expect(salesOnly.anonymous).toMatchObject({ blocks: 0, blocksLeftOut: 0 });
    // Filtered to exit surveys in November: the block only.
    const november = await readEnpsDashboard(testDb(), { surveyKind: "exit", fromMonth: "2026-11-01", toMonth: "2026-11-01" });
    expect(shown(november.totals.exit)).toMatchObject({ respondents: 3, enps: 33 });
    // Another departure type than the block's: the block is left out whole.
    const retirement = await readEnpsDashboard(testDb(), { departureType: "retirement" });
    expect(retirement.anonymous).toMatchObject({ blocks: 0, blocksLeftOut: 0 });
    expect(shown(retirement.totals.exit).respondents).toBe(0);
  });

  it("reads departures from HR's records: reasons, regrettable and volume per month", async () => {
    const { engineering } = await tree();
    const reason = await testDb().insertInto("departure_reasons").values({ code: "pay", label_en: "Pay", label_fr: "Salaire" }).returning("id").executeTakeFirstOrThrow();
    // Recorded as HR does, then set to the facts under test.
    const record = async (facts: { last_day: string; reason_id: string | null; regrettable: boolean | null; status?: "cancelled" }) => {
      const departure = await makeBareDeparture();
      await testDb()
        .updateTable("departures")
        .set({ department_id: engineering, notice_date: "2026-09-01", ...facts })
        .where("id", "=", departure.id)
        .execute();
    };
    await record({ last_day: "2026-10-15", reason_id: reason.id, regrettable: true });
    await record({ last_day: "2026-10-20", reason_id: null, regrettable: false });
    await record({ last_day: "2026-12-01", reason_id: reason.id, regrettable: null });
    await record({ last_day: "2026-12-02", reason_id: reason.id, regrettable: true, status: "cancelled" });
    const dashboard = await readEnpsDashboard(testDb(), { fromMonth: "2026-10-01", toMonth: "2026-12-01" });
    expect(dashboard.departures.source).toBe("departure_records");
    expect(dashboard.departures.reasons).toEqual([
      { reasonId: reason.id, code: "pay", label: { en: "Pay", fr: "Salaire" }, count: 2 },
      { reasonId: null, code: null, label: null, count: 1 },
    ]);
    expect(dashboard.departures.regrettable).toEqual({ regrettable: 1, notRegrettable: 1, unknown: 1 });
    expect(dashboard.departures.volumeByMonth).toEqual([
      { month: "2026-10-01", count: 2 },
      { month: "2026-12-01", count: 1 },
    ]);
  });
});
