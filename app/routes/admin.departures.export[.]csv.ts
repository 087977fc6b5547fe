import type { LoaderFunctionArgs } from "@remix-run/node";
import Papa from "papaparse";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { todayIn } from "~/utils/calendar-days";
import {
  DEPARTURES_EXPORT_MAX,
  listDepartmentOptions,
  listDepartures,
  parseDepartureListQuery,
} from "~/modules/offboarding/departure-queries.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * /admin/departures/export.csv?…: the departures list with the same filters, as a CSV file for a
 * spreadsheet. Type, status and reason are exported as their codes (the values the API and the CSV
 * import accept), dates as YYYY-MM-DD.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and names and job titles are typed by people or other systems. papaparse
 * prefixes such cells with a quote; our pattern has no `$` anchor, because papaparse's default one
 * (`^[=+\-@\t\r].*$`) misses a value that continues on a second line.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await requireHrAdmin(request, "departures");
  const db = getDb();
  const parsed = parseDepartureListQuery(new URL(request.url).searchParams, locale, t);
  if (!parsed.success) return badRequest(parsed.errors);
  const departments = await listDepartmentOptions(db);
  if (parsed.filters.departmentId && !departments.some((d) => d.id === parsed.filters.departmentId)) {
    return badRequest({ department: [t("filters.errors.unknownDepartment")] });
  }

  const today = todayIn(getEnv().COMPANY_TIME_ZONE);
  const { rows } = await listDepartures(db, parsed.filters, { today, limit: DEPARTURES_EXPORT_MAX });
  const paths = new Map(departments.map((department) => [department.id, department.path]));
  const columns = [
    "externalId",
    "name",
    "workEmail",
    "department",
    "jobTitle",
    "location",
    "type",
    "reason",
    "status",
    "noticeDate",
    "lastDay",
    "terminationDate",
    "tasksTotal",
    "tasksDone",
    "tasksOverdue",
  ] as const;
  const csv = Papa.unparse(
    {
      fields: columns.map((column) => t(`export.columns.${column}`)),
      data: rows.map((row) => [
        row.externalId ?? "",
        row.employeeName,
        row.employeeEmail,
        paths.get(row.departmentId) ?? "",
        row.jobTitle ?? "",
        row.location ?? "",
        row.type,
        row.reasonCode ?? "",
        row.status,
        row.noticeDate,
        row.lastDay,
        row.terminationDate,
        row.tasksTotal,
        row.tasksFinished,
        row.tasksOverdue,
      ]),
    },
    { escapeFormulae: FORMULA_START, newline: "\r\n" },
  );

  const fileName = `${t("export.fileName")}-${today}.csv`;
  // The byte order mark makes Excel read the file as UTF-8 (accented names stay intact).
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // Personal data: not kept by the browser's or any proxy's cache.
      "Cache-Control": "no-store",
    },
  });
}

function badRequest(errors: Record<string, string[]>) {
  const lines = Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
  return new Response(`${lines.join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
