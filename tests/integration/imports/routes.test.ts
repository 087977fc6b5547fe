import { readFileSync } from "node:fs";
import type { User } from "~/modules/auth/users.server";
import { action as uploadAction, loader as uploadLoader } from "~/routes/admin.departures.import";
import { action as importAction, loader as importLoader } from "~/routes/admin.imports.$importId/route";
import { loader as rejectionsLoader } from "~/routes/admin.imports.$importId.rejections[.]csv";
import { loader as sampleLoader } from "~/routes/admin.imports.sample[.]csv";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { clickImport, confirmMapping, importRow, LAST, LAST_DAY, NOTICE, pageData, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv, uploadRequest } from "./helpers";
import { createUser, installOffboardingDefaults, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let hr: User;

beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin" });
});

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part)));

describe("uploading a file", () => {
  it("reads a Windows-1252 file with semicolons and suggests a mapping from its French headers", async () => {
    // "Hélène" and "Opérations" as Excel on Windows writes them: é is the single byte 0xE9.
    const file = bytes(
      "Matricule;Pr",
      [0xe9],
      "nom;Nom;E-mail professionnel;Service;Dernier jour\r\n",
      "M-1;H",
      [0xe9],
      "l",
      [0xe8],
      "ne;Dupont;helene@example.com;Op",
      [0xe9],
      `rations;${LAST}\r\n`,
    );
    const id = await uploadCsv(hr, file, "export-rh.csv");
    const data = await pageData(hr, id);
    expect(data.importRow).toMatchObject({ fileName: "export-rh.csv", encoding: "windows-1252", totalRows: 1, status: "uploaded" });
    expect(data.page).toMatchObject({
      view: "mapping",
      delimiter: ";",
      dateFormat: "dmy",
      dateFormatDetected: true,
      mapping: { externalId: "Matricule", firstName: "Prénom", lastName: "Nom", employeeEmail: "E-mail professionnel", departmentName: "Service", lastDay: "Dernier jour" },
    });
    expect(data.page.columns[1]).toEqual({ header: "Prénom", examples: ["Hélène"] });

    await confirmMapping(hr, id, { ...data.page.mapping, dateFormat: "dmy" });
    const preview = await pageData(hr, id);
    expect(preview.page.preview.samples[0]).toMatchObject({ employeeName: "Hélène Dupont", departmentName: "Opérations", lastDay: LAST_DAY });
  });

  it("reads a UTF-8 file with a byte order mark, tabs and a quoted value spanning lines", async () => {
    const file = `\uFEFFWork email\tName\tDepartment\tLast day\tJob title\nann@example.com\tAnn\tSales\t${LAST_DAY}\t"Account executive,\nkey accounts"\n`;
    const id = await uploadCsv(hr, file);
    const data = await pageData(hr, id);
    expect(data.importRow.encoding).toBe("utf-8");
    expect(data.page).toMatchObject({ delimiter: "\t", dateFormat: "iso" });
    expect(data.page.columns.map((c: any) => c.header)).toEqual(["Work email", "Name", "Department", "Last day", "Job title"]);
    await confirmMapping(hr, id, { ...data.page.mapping, dateFormat: "iso" });
    await clickImport(hr, id);
    const departure = await testDb().selectFrom("departures").selectAll().executeTakeFirstOrThrow();
    expect(departure).toMatchObject({ employee_email: "ann@example.com", job_title: "Account executive,\nkey accounts", source: "csv" });
  });

  it("answers a file over 10 MB with 413 and a message beside the file field", async () => {
    const cookie = await signIn(hr);
    const huge = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61);
    const response = await callAction(uploadAction, uploadRequest(huge, cookie));
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.result.error.file).toEqual(["The file is larger than 10 MB. Split it into smaller files and import them one after the other."]);
    expect(await testDb().selectFrom("csv_imports").selectAll().execute()).toEqual([]);
  });

  it.each([
    ["a spreadsheet workbook", bytes([0x50, 0x4b, 0x03, 0x04], "rest of a zip"), "This is a spreadsheet workbook"],
    ["an empty file", "", "The file is empty."],
    ["duplicate columns", "Email;Name;email\na;b;c\n", "Several columns have the same name: “email”."],
    ["a header without rows", "Email;Name\n", "The file has a header row but no data rows."],
  ])("refuses %s with 400 and says why", async (_label, content, message) => {
    const cookie = await signIn(hr);
    const response = await callAction(uploadAction, uploadRequest(content, cookie));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.result.error.file[0]).toContain(message);
  });

  it("answers a form without a file, or not multipart at all, with 400", async () => {
    const cookie = await signIn(hr);
    const empty = await callAction(uploadAction, buildRequest("/admin/departures/import", { method: "POST", form: new FormData(), cookie }));
    expect(empty.status).toBe(400);
    const urlencoded = await callAction(uploadAction, buildRequest("/admin/departures/import", { form: { file: "x" }, cookie }));
    expect(urlencoded.status).toBe(400);
    expect((await urlencoded.json()).result.error.file).toEqual(["Choose a CSV file to upload."]);
  });

  it("lists recent imports on the upload page", async () => {
    await uploadCsv(hr, `${STANDARD_HEADER}\nE-1;Ann;ann@example.com;Sales;${NOTICE};${LAST};voluntary;\n`, "first.csv");
    const response = await callLoader(uploadLoader, buildRequest("/admin/departures/import", { cookie: await signIn(hr) }));
    const data = await response.json();
    expect(data.imports).toEqual([expect.objectContaining({ file_name: "first.csv", status: "uploaded", total_rows: 1, uploaded_by: hr.name })]);
  });
});

describe("confirming the mapping", () => {
  it("refuses a mapping without the required columns, naming each field, and stays on the mapping step", async () => {
    const id = await uploadCsv(hr, `${STANDARD_HEADER}\nE-1;Ann;ann@example.com;Sales;${NOTICE};${LAST};voluntary;\n`);
    const response = await callAction(
      importAction,
      buildRequest(`/admin/imports/${id}`, { form: { intent: "map", employeeEmail: "Work email", dateFormat: "dmy", jobTitle: "Nope" }, cookie: await signIn(hr) }),
      { importId: id },
    );
    expect(response.status).toBe(400);
    const { result } = await response.json();
    expect(result.error).toMatchObject({
      departmentName: ["Choose the column that holds the “Department”."],
      lastDay: ["Choose the column that holds the “Last working day”."],
      employeeName: ["Choose the column with the full name, or the first-name and last-name columns."],
      jobTitle: ["Choose one of the file's columns."],
    });
    expect((await pageData(hr, id)).page.view).toBe("mapping");
  });

  it("shows the saved mapping again to change it, and refuses changes once the import has started", async () => {
    const id = await uploadCsv(hr, `${STANDARD_HEADER}\nE-1;Ann;ann@example.com;Sales;${NOTICE};${LAST};voluntary;\n`);
    await confirmMapping(hr, id, { ...STANDARD_MAPPING, reasonCode: "", dateFormat: "mdy" });
    const again = await pageData(hr, id, "?step=mapping");
    expect(again.page).toMatchObject({ view: "mapping", editing: true, dateFormat: "mdy" });
    expect(again.page.mapping.reasonCode).toBeUndefined();

    await confirmMapping(hr, id, STANDARD_MAPPING);
    await clickImport(hr, id);
    const late = await callAction(importAction, buildRequest(`/admin/imports/${id}`, { form: { intent: "map", ...STANDARD_MAPPING }, cookie: await signIn(hr) }), { importId: id });
    expect(late.status).toBe(409);
  });

  it("answers 404 for an unknown or malformed import id", async () => {
    const cookie = await signIn(hr);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await callLoader(importLoader, buildRequest(`/admin/imports/${unknown}`, { cookie }), { importId: unknown })).status).toBe(404);
    expect((await callLoader(importLoader, buildRequest("/admin/imports/nope", { cookie }), { importId: "nope" })).status).toBe(404);
  });
});

describe("the report of rejected rows", () => {
  it("gives the original columns and an errors column, and neutralises cells a spreadsheet would run as formulas", async () => {
    const id = await uploadCsv(
      hr,
      [
        STANDARD_HEADER,
        `E-1;Ann;ann@example.com;Sales;${NOTICE};${LAST};voluntary;`,
        `E-2;"=HYPERLINK(""http://evil.example"";""click"")";not-an-email;Sales;${NOTICE};${LAST};voluntary;`,
        `E-3;@SUM(1+1);cy@example.com;-2+3;${NOTICE};31/02/2027;voluntary;`,
        `E-4;"Dee, ""the boss""";dee@example.com;Sales;${NOTICE};${LAST};voluntary;bored`,
      ].join("\n"),
    );
    await confirmMapping(hr, id, STANDARD_MAPPING);
    await clickImport(hr, id);
    expect(await importRow(id)).toMatchObject({ created_count: 1, rejected_count: 3 });

    const response = await callLoader(rejectionsLoader, buildRequest(`/admin/imports/${id}/rejections.csv`, { cookie: await signIn(hr) }), { importId: id });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain('filename="hr-export-rejected.csv"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte order mark first, so that Excel reads the accents right.
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(body).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Employee ID,Name,Work email,Department,Notice date,Last working day,Type,Reason,errors");
    expect(lines[1]).toBe(
      `E-2,"'=HYPERLINK(""http://evil.example"";""click"")",not-an-email,Sales,${NOTICE},${LAST},voluntary,,Row 3 — Work email: Enter an email address like name@example.com.`,
    );
    expect(lines[2]).toBe(`E-3,'@SUM(1+1),cy@example.com,'-2+3,${NOTICE},31/02/2027,voluntary,,Row 4 — Last working day: “31/02/2027” is not a date written as DD/MM/YYYY.`);
    const dee = `E-4,"Dee, ""the boss""",dee@example.com,Sales,${NOTICE},${LAST},voluntary,bored,"Row 5 — Reason: Unknown reason ""bored"". Use one of: career_growth, `;
    expect(lines[3]?.startsWith(dee), lines[3]).toBe(true);
    expect(lines).toHaveLength(4);

    // The report is written in its reader's language, whoever started the import.
    const french = await createUser({ role: "hr_admin", locale: "fr" });
    const inFrench = await callLoader(rejectionsLoader, buildRequest(`/admin/imports/${id}/rejections.csv`, { cookie: await signIn(french) }), { importId: id });
    const frenchLines = (await inFrench.text()).trimEnd().split("\r\n");
    expect(frenchLines[1]).toMatch(/,Ligne 3 — E-mail professionnel: Saisissez une adresse e-mail comme nom@exemple\.com\.$/);
    expect(frenchLines[2]).toMatch(/,Ligne 4 — Dernier jour travaillé: «\s31\/02\/2027\s» n’est pas une date écrite DD\/MM\/YYYY\.$/);
  });
});

describe("the sample file", () => {
  it("is served to HR and previews with the bad rows it was written to show", async () => {
    const response = await callLoader(sampleLoader, buildRequest("/admin/imports/sample.csv", { cookie: await signIn(hr) }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("departures-sample.csv");
    const sample = readFileSync("docs/samples/departures-sample.csv");
    expect(Buffer.from(await response.arrayBuffer()).equals(sample)).toBe(true);

    const id = await uploadCsv(hr, new Uint8Array(sample), "departures-sample.csv");
    const mapping = await pageData(hr, id);
    expect(mapping.page.dateFormat).toBe("dmy");
    await confirmMapping(hr, id, { ...mapping.page.mapping, dateFormat: mapping.page.dateFormat });
    const { preview } = (await pageData(hr, id)).page;
    expect(preview.counts).toEqual({ total: 14, new: 8, existing: 0, invalid: 5, duplicate: 1 });
    expect(preview.newDepartments).toContain("Quantum Research");
    const regrettable = preview.problems.find((problem: any) => problem.rowNumber === 15);
    expect(regrettable.errors).toEqual([
      { key: "regrettable", column: "Regrettable", failures: [{ code: "importRow.flagInvalid", field: "regrettable", values: { value: "maybe" } }] },
    ]);
  });
});

describe("who may import", () => {
  const someId = "00000000-0000-4000-8000-000000000000";
  const guarded = [
    ["upload page", () => callLoader(uploadLoader, buildRequest("/admin/departures/import", { cookie: cookieOf }))],
    ["upload", () => callAction(uploadAction, uploadRequest("a\nb\n", cookieOf ?? ""))],
    ["import page", () => callLoader(importLoader, buildRequest(`/admin/imports/${someId}`, { cookie: cookieOf }), { importId: someId })],
    [
      "import actions",
      () => callAction(importAction, buildRequest(`/admin/imports/${someId}`, { form: { intent: "import" }, cookie: cookieOf }), { importId: someId }),
    ],
    ["rejected rows", () => callLoader(rejectionsLoader, buildRequest(`/admin/imports/${someId}/rejections.csv`, { cookie: cookieOf }), { importId: someId })],
    ["sample file", () => callLoader(sampleLoader, buildRequest("/admin/imports/sample.csv", { cookie: cookieOf }))],
  ] as const;
  let cookieOf: string | undefined;

  it.each(guarded)("refuses the %s to a task owner (403)", async (_name, call) => {
    cookieOf = await signIn(await createUser({ role: "task_owner" }));
    expect((await call()).status).toBe(403);
  });

  it.each(guarded)("sends an anonymous visitor of the %s to sign in", async (_name, call) => {
    cookieOf = undefined;
    const response = await call();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
