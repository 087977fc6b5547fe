import Papa from "papaparse";
import { action as alumniAction, loader as alumniLoader } from "~/routes/alumni.openings";
import { loader as poolLoader } from "~/routes/admin.openings.boomerang";
import { loader as csvLoader } from "~/routes/admin.openings.boomerang_.export[.]csv";
import { createUser, installDefaultsWithoutSurveys, makeMember, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";

/** Boomerang interest (issue 14): said and withdrawn by the alumnus, listed, filtered and exported for HR. */

useTestDatabase();

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

async function flag(cookie: string, note = "") {
  return callAction(alumniAction, buildRequest("/alumni/openings", { cookie, form: { intent: "boomerang", note } }));
}

async function poolNames(cookie: string, query = "") {
  const response = await callLoader(poolLoader, buildRequest(`/admin/openings/boomerang${query}`, { cookie }));
  const data = await response.json();
  return { status: response.status, data, names: (data.pool?.rows ?? []).map((row: { name: string }) => row.name).sort() };
}

describe("boomerang interest", () => {
  it("is said and withdrawn by the alumnus without the openings consent, and the note is limited to 500 characters in their language", async () => {
    const member = await makeMember({ consents: ["newsletter"], locale: "fr" });
    const tooLong = await flag(member.cookie, "x".repeat(501));
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).result.error.note[0]).toMatch(/^Mot : .*500/);
    expect(await testDb().selectFrom("boomerang_interest").selectAll().execute()).toEqual([]);

    expect((await flag(member.cookie, "Product roles, from 2027")).headers.get("Location")).toBe("/alumni/openings?done=flagged#boomerang");
    const page = await (await callLoader(alumniLoader, buildRequest("/alumni/openings", { cookie: member.cookie }))).json();
    expect(page.interest).toMatchObject({ note: "Product roles, from 2027" });
    expect(page.consented).toBe(false);
    expect((await flag(member.cookie, "")).headers.get("Location")).toBe("/alumni/openings?done=updated#boomerang");
    expect(await testDb().selectFrom("boomerang_interest").select(["user_id", "note"]).execute()).toEqual([{ user_id: member.userId, note: null }]);

    await callAction(alumniAction, buildRequest("/alumni/openings", { cookie: member.cookie, form: { intent: "withdraw" } }));
    expect(await testDb().selectFrom("boomerang_interest").selectAll().execute()).toEqual([]);
    const actions = await testDb().selectFrom("audit_log").select("action").where("action", "like", "boomerang.%").orderBy("id").execute();
    expect(actions.map((row) => row.action)).toEqual(["boomerang.flagged", "boomerang.flagged", "boomerang.withdrawn"]);
  });
});

describe("HR's boomerang pool", () => {
  async function pool() {
    const ada = await makeMember({ name: "Ada Promoter", departmentName: "Engineering", eligibleForRehire: true, segment: "promoter" });
    const bob = await makeMember({ name: "Bob Detractor", departmentName: "Sales", eligibleForRehire: false, segment: "detractor" });
    const cleo = await makeMember({ name: "Cleo Unscored", departmentName: "Engineering", eligibleForRehire: null });
    const dan = await makeMember({ name: "Dan NotInterested", departmentName: "Engineering", eligibleForRehire: true, segment: "promoter" });
    await flag(ada.cookie, "=HYPERLINK(\"https://evil.example\",\"click\")");
    await flag(bob.cookie, "+1 would come back");
    await flag(cleo.cookie);
    void dan;
    return { ada, bob, cleo };
  }

  it("lists who flagged interest with department, last day, rehire eligibility and segment, and filters by each", async () => {
    await pool();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const all = await poolNames(cookie);
    expect(all.names).toEqual(["Ada Promoter", "Bob Detractor", "Cleo Unscored"]);
    const ada = all.data.pool.rows.find((row: { name: string }) => row.name === "Ada Promoter");
    expect(ada).toMatchObject({ department: "Engineering", lastDay: "2026-12-18", eligibleForRehire: true, segment: "promoter" });
    expect(all.data.pool.rows.find((row: { name: string }) => row.name === "Cleo Unscored").segment).toBe("unknown");

    const engineering = (await testDb().selectFrom("departments").select("id").where("name", "=", "Engineering").executeTakeFirstOrThrow()).id;
    expect((await poolNames(cookie, `?department=${engineering}`)).names).toEqual(["Ada Promoter", "Cleo Unscored"]);
    expect((await poolNames(cookie, "?segment=detractor")).names).toEqual(["Bob Detractor"]);
    expect((await poolNames(cookie, "?segment=unknown")).names).toEqual(["Cleo Unscored"]);
    expect((await poolNames(cookie, "?rehire=yes")).names).toEqual(["Ada Promoter"]);
    expect((await poolNames(cookie, "?rehire=no")).names).toEqual(["Bob Detractor"]);
    expect((await poolNames(cookie, "?rehire=unknown&segment=unknown")).names).toEqual(["Cleo Unscored"]);
    expect((await poolNames(cookie, `?department=${engineering}&rehire=no`)).names).toEqual([]);

    const bad = await poolNames(cookie, "?segment=vip&rehire=maybe");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["rehire", "segment"]);
    expect(bad.data.errors.segment[0]).toMatch(/^Segment:/);
  });

  it("exports the filtered pool as CSV with formula-looking notes neutralised, and audits it", async () => {
    await pool();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const response = await callLoader(csvLoader, buildRequest("/admin/openings/boomerang/export.csv?rehire=yes", { cookie }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(["Name", "Personal email", "Department", "Last day", "Eligible for rehire", "Segment", "Interested since", "Note"]);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 1)).toEqual(["Ada Promoter"]);
    expect(rows[1]![4]).toBe("Yes");
    expect(rows[1]![5]).toBe("Promoter");
    // papaparse prefixes a cell that a spreadsheet would run as a formula with a quote.
    expect(rows[1]![7]).toBe("'=HYPERLINK(\"https://evil.example\",\"click\")");

    const all = Papa.parse<string[]>((await (await callLoader(csvLoader, buildRequest("/admin/openings/boomerang/export.csv", { cookie }))).text()).replace(/^\uFEFF/, "").trim()).data;
    expect(all.find((row) => row[0] === "Bob Detractor")![7]).toBe("'+1 would come back");
    for (const row of all.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);

    const badRequest = await callLoader(csvLoader, buildRequest("/admin/openings/boomerang/export.csv?department=nope", { cookie }));
    expect(badRequest.status).toBe(400);
    expect(await badRequest.text()).toMatch(/^department: Department:/);
    const audited = await testDb().selectFrom("audit_log").select(["action", "data"]).where("action", "=", "boomerang.pool_exported").execute();
    expect(audited).toHaveLength(2);
    expect(JSON.stringify(audited)).not.toMatch(/@/);
  });
});
