import type { User } from "~/modules/auth/users.server";
import { action as importAction } from "~/routes/admin.imports.$importId/route";
import { loader as rejectionsLoader } from "~/routes/admin.imports.$importId.rejections[.]csv";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { clickImport, confirmMapping, importRow, pageData, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv } from "./helpers";
import { createUser, installOffboardingDefaults, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * Rows whose dates lie outside HR's window of usual dates (a departure from 2016, a last day in
 * 2037): the preview marks them, and the import records them only when HR ticks the box.
 */

useTestDatabase();
useJobQueue();

const TODAY = "2026-12-10";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(() => {
  vi.useRealTimers();
});

let hr: User;
beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin" });
});

const FILE = [
  "E-1;Ann Archer;ann@example.com;Sales;01/12/2026;18/12/2026;voluntary;",
  "E-2;Bob Baker;bob@example.com;Sales;24/12/2015;03/01/2016;voluntary;",
  "E-3;Cleo Cruz;cleo@example.com;Sales;01/12/2026;31/03/2037;voluntary;",
];

async function mappedImport() {
  const id = await uploadCsv(hr, `${[STANDARD_HEADER, ...FILE].join("\n")}\n`);
  await confirmMapping(hr, id, STANDARD_MAPPING);
  return id;
}

async function recordedIds() {
  const rows = await testDb().selectFrom("departures").select("external_id").orderBy("external_id").execute();
  return rows.map((row) => row.external_id);
}

describe("rows with unusual dates", () => {
  it("are marked on the preview with their dates, and still counted as ready to import", async () => {
    const id = await mappedImport();
    const { preview } = (await pageData(hr, id)).page;
    expect(preview.counts).toMatchObject({ total: 3, new: 3 });
    expect(preview.unusualCount).toBe(2);
    expect(preview.dateWindow).toEqual({ pastDays: 90, futureDays: 730 });
    expect(preview.unusualRows).toEqual([
      {
        rowNumber: 3,
        employeeName: "Bob Baker",
        dates: [
          { field: "noticeDate", date: "2015-12-24", side: "past", days: 90 },
          { field: "lastDay", date: "2016-01-03", side: "past", days: 90 },
        ],
      },
      { rowNumber: 4, employeeName: "Cleo Cruz", dates: [{ field: "lastDay", date: "2037-03-31", side: "future", days: 730 }] },
    ]);
  });

  it("are not imported without the box, and the report of rejected rows says why", async () => {
    const id = await mappedImport();
    await clickImport(hr, id);
    expect(await importRow(id)).toMatchObject({ status: "completed", created_count: 1, rejected_count: 2, unusual_dates_confirmed: false });
    expect(await recordedIds()).toEqual(["E-1"]);
    const rejections = await testDb().selectFrom("csv_import_rejections").select(["row_number", "errors"]).where("import_id", "=", id).orderBy("row_number").execute();
    // Stored as codes (ADR 013), put into words in the language of whoever reads the report.
    const past = (field: string, date: string) => ({ code: "departure.unusualDate.past", field, values: { field, date: { day: date }, count: 90 } });
    expect(rejections).toEqual([
      { row_number: 3, errors: { noticeDate: [past("noticeDate", "2015-12-24")], lastDay: [past("lastDay", "2016-01-03")] } },
      {
        row_number: 4,
        errors: { lastDay: [{ code: "departure.unusualDate.future", field: "lastDay", values: { field: "lastDay", date: { day: "2037-03-31" }, count: 730 } }] },
      },
    ]);
    const report = async (cookie: string) =>
      (await callLoader(rejectionsLoader, buildRequest(`/admin/imports/${id}/rejections.csv`, { cookie }), { importId: id })).text();
    const english = await report(await signIn(hr));
    expect(english).toContain("Check the notice date: Dec 24, 2015 is more than 90 days ago.");
    expect(english).toContain("Check the last working day: Jan 3, 2016 is more than 90 days ago.");
    expect(english).toContain("Check the last working day: Mar 31, 2037 is more than 730 days from today.");
    const french = await report(await signIn(await createUser({ role: "hr_admin", locale: "fr" })));
    expect(french).toContain("Vérifiez le dernier jour travaillé : le 31 mars 2037 est dans plus de 730 jours.");
  });

  it("are imported as they are once HR ticks the box, which the audit log records", async () => {
    const id = await mappedImport();
    const cookie = await signIn(hr);
    const response = await callAction(
      importAction,
      buildRequest(`/admin/imports/${id}`, { form: { intent: "import", confirmUnusualDates: "on" }, cookie }),
      { importId: id },
    );
    expect(response.status).toBe(302);
    expect(await importRow(id)).toMatchObject({ status: "completed", created_count: 3, rejected_count: 0, unusual_dates_confirmed: true });
    expect(await recordedIds()).toEqual(["E-1", "E-2", "E-3"]);
    const started = await testDb().selectFrom("audit_log").select("data").where("action", "=", "csv_import.started").executeTakeFirstOrThrow();
    expect(started.data).toMatchObject({ unusualDatesConfirmed: true });
  });
});
