import type { User } from "~/modules/auth/users.server";
import { action as importAction, loader as importLoader } from "~/routes/admin.imports.$importId/route";
import { action as uploadAction } from "~/routes/admin.departures.import";
import { testDb } from "../../support/database";
import { dayFirst, daysFromToday } from "../../support/dates";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { signIn } from "../../factories";

/** A multipart upload of `content` as the form's file field, as a browser sends it. */
export function uploadRequest(content: string | Uint8Array, cookie: string, fileName = "hr-export.csv") {
  const form = new FormData();
  form.append("file", new File([typeof content === "string" ? content : new Uint8Array(content)], fileName, { type: "text/csv" }));
  return buildRequest("/admin/departures/import", { method: "POST", form, cookie });
}

/** Uploads through the page's action and returns the new import's id. */
export async function uploadCsv(hr: User, content: string | Uint8Array, fileName?: string): Promise<string> {
  const cookie = await signIn(hr);
  const response = await callAction(uploadAction, uploadRequest(content, cookie, fileName));
  const location = response.headers.get("Location");
  if (response.status !== 302 || !location) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
  return location.split("/").pop()!;
}

/** Confirms a mapping (the suggested one unless given) and a date format through the page's action. */
export async function confirmMapping(hr: User, importId: string, fields: Record<string, string>) {
  const cookie = await signIn(hr);
  const response = await callAction(
    importAction,
    buildRequest(`/admin/imports/${importId}`, { form: { intent: "map", ...fields }, cookie }),
    { importId },
  );
  if (response.status !== 302) throw new Error(`mapping refused: ${response.status} ${await response.text()}`);
}

export async function pageData(hr: User, importId: string, query = "") {
  const cookie = await signIn(hr);
  const response = await callLoader(importLoader, buildRequest(`/admin/imports/${importId}${query}`, { cookie }), { importId });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

export async function clickImport(hr: User, importId: string) {
  const cookie = await signIn(hr);
  const response = await callAction(importAction, buildRequest(`/admin/imports/${importId}`, { form: { intent: "import" }, cookie }), { importId });
  expect(response.status).toBe(302);
}

export async function importRow(importId: string) {
  return testDb().selectFrom("csv_imports").selectAll().where("id", "=", importId).executeTakeFirstOrThrow();
}

export async function departureCount(): Promise<number> {
  const row = await testDb().selectFrom("departures").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The usual mapping of the files these tests write. */
export const STANDARD_MAPPING = {
  externalId: "Employee ID",
  employeeName: "Name",
  employeeEmail: "Work email",
  departmentName: "Department",
  noticeDate: "Notice date",
  lastDay: "Last working day",
  type: "Type",
  reasonCode: "Reason",
  dateFormat: "dmy",
};

export const STANDARD_HEADER = "Employee ID;Name;Work email;Department;Notice date;Last working day;Type;Reason";

/**
 * The notice date and last day the files here give a departure: near the real today, so that the
 * import (which checks dates against HR's window of usual dates around the company's today) takes
 * them whenever the tests run. ISO for expectations; `NOTICE`, `LAST` as the files write them.
 */
export const NOTICE_DAY = daysFromToday(-5);
export const LAST_DAY = daysFromToday(12);
export const NOTICE = dayFirst(NOTICE_DAY);
export const LAST = dayFirst(LAST_DAY);

/** Valid rows with ids `${prefix}-0…`, one a line, in the standard layout. */
export function validRows(count: number, prefix = "E"): string[] {
  const departments = ["Engineering", "Sales", "Marketing", "Finance"];
  return Array.from({ length: count }, (_, i) =>
    [`${prefix}-${i}`, `Person ${i}`, `${prefix.toLowerCase()}${i}@example.com`, departments[i % departments.length], NOTICE, LAST, "voluntary", ""].join(";"),
  );
}
