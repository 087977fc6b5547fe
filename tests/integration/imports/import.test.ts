import { sql } from "kysely";
import type { User } from "~/modules/auth/users.server";
import { CHUNK_SIZE, runImport, runImportJob } from "~/modules/imports/import.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { action as importAction } from "~/routes/admin.imports.$importId/route";
import { addCalendarDays } from "~/utils/calendar-days";
import { testDb, useTestDatabase } from "../../support/database";
import { companyToday, dayFirst } from "../../support/dates";
import { buildRequest, callAction } from "../../support/remix";
import {
  clickImport,
  confirmMapping,
  departureCount,
  importRow,
  LAST,
  LAST_DAY,
  NOTICE,
  NOTICE_DAY,
  pageData,
  STANDARD_HEADER,
  STANDARD_MAPPING,
  uploadCsv,
  validRows,
} from "./helpers";
import { startImport } from "~/modules/imports/start-import.server";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";
import { failureText } from "~/modules/i18n/failure-text";

useTestDatabase();
useJobQueue();

let hr: User;

beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin" });
});

/** Uploads, maps with the standard mapping, and returns the import's id. */
async function mappedImport(lines: string[], fileName?: string) {
  const id = await uploadCsv(hr, `${[STANDARD_HEADER, ...lines].join("\n")}\n`, fileName);
  await confirmMapping(hr, id, STANDARD_MAPPING);
  return id;
}

const MIXED_FILE = [
  `E-1;Ann Archer;ann@example.com;Engineering;${NOTICE};${LAST};Resignation;career_growth`,
  `E-2;Bob Baker;bob@example;Sales;${NOTICE};${LAST};voluntary;`,
  `E-3;Cleo Cruz;cleo@example.com;Sales;${NOTICE};31/02/2027;voluntary;`,
  `E-4;Dan Dale;dan@example.com;Finance;${NOTICE};${LAST};voluntary;bored`,
  `E-1;Ann Archer;ann@example.com;Engineering;${NOTICE};${LAST};Resignation;career_growth`,
  `E-6;Eve Ewing;eve@example.com;Quantum Research;${NOTICE};${LAST};voluntary;`,
  `E-7;Fay Fox;fay@example.com;Sales;${NOTICE};${LAST};voluntary;`,
  `;Gus Gray;ann@example.com;Sales;${dayFirst(addCalendarDays(NOTICE_DAY, 1))};${LAST};voluntary;`,
];

describe("the preview", () => {
  it("counts the rows and lists every invalid one with its row number, field, column and reason", async () => {
    await makeDeparture({ employeeEmail: "fay@example.com", noticeDate: NOTICE_DAY, lastDay: LAST_DAY, externalId: "E-7" }, { today: companyToday() });
    const id = await mappedImport(MIXED_FILE);

    const data = await pageData(hr, id);
    expect(data.page.view).toBe("preview");
    const { preview } = data.page;
    expect(preview.counts).toEqual({ total: 8, new: 2, existing: 1, invalid: 3, duplicate: 2 });
    const problems = Object.fromEntries(preview.problems.map((p: any) => [p.rowNumber, p]));
    expect(Object.keys(problems).map(Number)).toEqual([3, 4, 5, 6, 9]);
    expect(problems[3].errors).toEqual([{ key: "employeeEmail", column: "Work email", failures: [{ code: "importRow.emailInvalid", field: "employeeEmail" }] }]);
    expect(problems[4].errors).toEqual([
      { key: "lastDay", column: "Last working day", failures: [{ code: "importRow.dateInvalid", field: "lastDay", values: { value: "31/02/2027", pattern: "DD/MM/YYYY" } }] },
    ]);
    expect(problems[5].errors).toEqual([
      {
        key: "reasonCode",
        column: "Reason",
        failures: [{ code: "departure.reasonUnknown", field: "reasonCode", values: { value: "bored", codes: expect.stringMatching(/^career_growth, compensation, /) } }],
      },
    ]);
    const duplicateOfRow2 = { key: "row", failures: [{ code: "importRow.duplicateOf", values: { row: 2 } }] };
    expect(problems[6]).toMatchObject({ outcome: "duplicate", errors: [duplicateOfRow2] });
    // Same work email and last day as row 2, without an external id: the same departure.
    expect(problems[9]).toMatchObject({ outcome: "duplicate", errors: [duplicateOfRow2] });
    // Codes, put into words by whoever reads them.
    expect(failureText(problems[3].errors[0].failures[0], "en")).toBe("Enter an email address like name@example.com.");
    expect(failureText(problems[3].errors[0].failures[0], "fr")).toBe("Saisissez une adresse e-mail comme nom@exemple.com.");
    expect(failureText(problems[6].errors[0].failures[0], "en")).toMatch(/^The same departure as row 2 /);
    expect(problems[3].raw).toMatchObject({ "Employee ID": "E-2", "Work email": "bob@example" });
    expect(preview.newDepartments).toEqual(["Quantum Research"]);
    expect(preview.samples.map((s: any) => [s.rowNumber, s.employeeEmail, s.lastDay, s.type, s.newDepartment])).toEqual([
      [2, "ann@example.com", LAST_DAY, "voluntary", false],
      [7, "eve@example.com", LAST_DAY, "voluntary", true],
    ]);
    // Nothing is written by a preview.
    expect(await departureCount()).toBe(1);
  });

  it("accepts a reason by its label in either language, and pages a long list of problems", async () => {
    const lines = [
      `E-1;Ann;ann@example.com;Sales;${NOTICE};${LAST};voluntary;Évolution de carrière ailleurs`,
      ...Array.from({ length: 60 }, (_, i) => `X-${i};;x${i}@example.com;Sales;${NOTICE};${LAST};voluntary;`),
    ];
    const id = await mappedImport(lines);
    const first = await pageData(hr, id);
    expect(first.page.preview.counts).toMatchObject({ new: 1, invalid: 60 });
    expect(first.page.preview.samples[0].reasonCode).toBe("career_growth");
    expect(first.page.preview).toMatchObject({ page: 1, pageCount: 2 });
    expect(first.page.preview.problems).toHaveLength(50);
    const second = await pageData(hr, id, "?page=2");
    expect(second.page.preview.problems.map((p: any) => p.rowNumber)).toEqual(Array.from({ length: 10 }, (_, i) => 53 + i));
    expect(second.page.preview.problems[0].errors).toEqual([
      { key: "employeeName", column: "Name", failures: [{ code: "importRow.required", field: "employeeName", values: { field: "employeeName" } }] },
    ]);
    expect(failureText(second.page.preview.problems[0].errors[0].failures[0], "en")).toBe("Enter the name.");
  });
});

describe("importing a small file", () => {
  it("creates the valid rows during the request and records the rejected ones with their reasons", async () => {
    await makeDeparture({ employeeEmail: "fay@example.com", noticeDate: NOTICE_DAY, lastDay: LAST_DAY, externalId: "E-7" }, { today: companyToday() });
    const id = await mappedImport(MIXED_FILE);
    await clickImport(hr, id);

    expect(await importRow(id)).toMatchObject({ status: "completed", total_rows: 8, processed_rows: 8, created_count: 2, existing_count: 1, rejected_count: 5 });
    const created = await testDb().selectFrom("departures").selectAll().where("source", "=", "csv").orderBy("external_id").execute();
    expect(created.map((d) => [d.external_id, d.employee_email, d.last_day, d.created_by])).toEqual([
      ["E-1", "ann@example.com", LAST_DAY, hr.id],
      ["E-6", "eve@example.com", LAST_DAY, hr.id],
    ]);
    const tasks = await testDb().selectFrom("departure_tasks").select("id").where("departure_id", "=", created[0]!.id).execute();
    expect(tasks.length).toBeGreaterThan(0);
    const rejections = await testDb().selectFrom("csv_import_rejections").select(["row_number", "errors"]).where("import_id", "=", id).orderBy("row_number").execute();
    expect(rejections.map((r) => [r.row_number, Object.keys(r.errors)])).toEqual([
      [3, ["employeeEmail"]],
      [4, ["lastDay"]],
      [5, ["reasonCode"]],
      [6, ["row"]],
      [9, ["row"]],
    ]);
    const data = await pageData(hr, id);
    expect(data.page.view).toBe("completed");
    expect(data.importRow).toMatchObject({ createdCount: 2, existingCount: 1, rejectedCount: 5 });
    const audit = await testDb().selectFrom("audit_log").select("action").where("subject_id", "=", id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["csv_import.uploaded", "csv_import.mapped", "csv_import.started", "csv_import.completed"]);
  });

  it("creates an unknown department under the root, flagged for review", async () => {
    const id = await mappedImport([`E-6;Eve Ewing;eve@example.com;Quantum Research;${NOTICE};${LAST};voluntary;`]);
    await clickImport(hr, id);
    const department = await testDb().selectFrom("departments").selectAll().where("name", "=", "Quantum Research").executeTakeFirstOrThrow();
    const root = await testDb().selectFrom("departments").selectAll().where("parent_id", "is", null).executeTakeFirstOrThrow();
    expect(department).toMatchObject({ needs_review: true, parent_id: root.id });
  });

  it("creates nothing new when the same file is imported again", async () => {
    const lines = [...validRows(3), `E-9;Ida;ida@example.com;Sales;${NOTICE};bad;voluntary;`];
    const first = await mappedImport(lines);
    await clickImport(hr, first);
    expect(await importRow(first)).toMatchObject({ created_count: 3, existing_count: 0, rejected_count: 1 });
    const departuresBefore = await departureCount();
    const tasksBefore = (await testDb().selectFrom("departure_tasks").select("id").execute()).length;

    const again = await mappedImport(lines);
    expect((await pageData(hr, again)).page.preview.counts).toMatchObject({ new: 0, existing: 3, invalid: 1 });
    await clickImport(hr, again);
    expect(await importRow(again)).toMatchObject({ status: "completed", created_count: 0, existing_count: 3, rejected_count: 1 });
    expect(await departureCount()).toBe(departuresBefore);
    expect((await testDb().selectFrom("departure_tasks").select("id").execute()).length).toBe(tasksBefore);
  });

  it("skips a row whose person and last day are recorded without its external id, as the same departure", async () => {
    await makeDeparture({ employeeEmail: "ann@example.com", noticeDate: NOTICE_DAY, lastDay: LAST_DAY }, { today: companyToday() });
    const id = await mappedImport([`E-50;Ann Archer;ANN@example.com;Sales;${NOTICE};${LAST};voluntary;`]);
    expect((await pageData(hr, id)).page.preview.counts).toMatchObject({ new: 0, existing: 1 });
    await clickImport(hr, id);
    expect(await importRow(id)).toMatchObject({ status: "completed", created_count: 0, existing_count: 1, rejected_count: 0 });
    expect(await departureCount()).toBe(1);
  });

  it("does not start twice when Import is clicked twice", async () => {
    const id = await mappedImport(validRows(2));
    await clickImport(hr, id);
    await clickImport(hr, id);
    expect(await importRow(id)).toMatchObject({ status: "completed", created_count: 2 });
    expect(await departureCount()).toBe(2);
  });
});

describe("importing a large file", () => {
  it("imports more than 200 rows in a background job, chunk by chunk", async () => {
    const id = await mappedImport([...validRows(249), `E-X;;x@example.com;Sales;${NOTICE};${LAST};voluntary;`]);
    const { background } = await startImport(id, { actorUserId: hr.id, locale: "en" });
    expect(background).toBe(true);
    expect(await importRow(id)).toMatchObject({ status: "importing", processed_rows: 0 });
    expect((await pageData(hr, id)).page.view).toBe("importing");

    expect(await runQueuedJobs(["imports.run"])).toBe(1);
    expect(await importRow(id)).toMatchObject({ status: "completed", total_rows: 250, processed_rows: 250, created_count: 249, existing_count: 0, rejected_count: 1 });
    expect(await departureCount()).toBe(249);
  });

  it("resumes after a crash from the rows already processed, creating nothing twice and counting right", async () => {
    const id = await mappedImport([...validRows(248), ";;bad;Sales;;;;", ";;worse;Sales;;;;"]);
    await startImport(id, { actorUserId: hr.id, locale: "en" });
    // The job's first delivery stops after one chunk (as if the process died there).
    await runImport(id, { actorUserId: hr.id, locale: "en", maxChunks: 1 });
    expect(await importRow(id)).toMatchObject({ status: "importing", processed_rows: CHUNK_SIZE, created_count: CHUNK_SIZE });
    expect(await departureCount()).toBe(CHUNK_SIZE);
    // Meanwhile a few rows of the next chunk were recorded from a CSV file (an older job committed
    // row by row): found as existing, they still count as created by this import.
    for (const i of [CHUNK_SIZE, CHUNK_SIZE + 1, CHUNK_SIZE + 2]) {
      await makeDeparture(
        { externalId: `E-${i}`, employeeEmail: `e${i}@example.com`, employeeName: `Person ${i}`, departmentName: "Engineering", lastDay: LAST_DAY, noticeDate: NOTICE_DAY },
        { source: "csv", actorUserId: hr.id, today: companyToday() },
      );
    }

    // pg-boss delivers the job again.
    await runQueuedJobs(["imports.run"]);
    expect(await importRow(id)).toMatchObject({ status: "completed", processed_rows: 250, created_count: 248, existing_count: 0, rejected_count: 2 });
    expect(await departureCount()).toBe(248);
    const ids = await testDb().selectFrom("departures").select("external_id").execute();
    expect(new Set(ids.map((d) => d.external_id)).size).toBe(248);
  });

  it("stops as failed on an unexpected error and resumes where it stopped", async () => {
    const id = await mappedImport(validRows(3));
    await testDb().updateTable("csv_imports").set({ status: "importing", started_at: new Date() }).where("id", "=", id).execute();
    // The database refuses every task: an error that is not the row's fault.
    await testDb().schema.alterTable("departure_tasks").addCheckConstraint("test_refuse_tasks", sql`false`).execute();
    await runImportJob({ importId: id, actorUserId: hr.id, locale: "en" });
    expect(await importRow(id)).toMatchObject({ status: "failed", processed_rows: 0, error: expect.stringContaining("test_refuse_tasks") });
    // The chunk is one transaction: nothing of it stays behind, not even the leavers' accounts.
    expect(await departureCount()).toBe(0);
    expect(await testDb().selectFrom("users").select("id").where("role", "=", "leaver").execute()).toEqual([]);
    expect((await pageData(hr, id)).page.view).toBe("failed");

    await testDb().schema.alterTable("departure_tasks").dropConstraint("test_refuse_tasks").execute();
    const cookie = await signIn(hr);
    const response = await callAction(importAction, buildRequest(`/admin/imports/${id}`, { form: { intent: "resume" }, cookie }), { importId: id });
    expect(response.status).toBe(302);
    expect(await importRow(id)).toMatchObject({ status: "completed", created_count: 3, error: null });
  });
});
