import { sql } from "kysely";
import type { AppLocale } from "~/modules/i18n/config";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { unusualDates, type DateWindow, type UnusualDate } from "~/modules/offboarding/date-window";
import { getDateWindow } from "~/modules/offboarding/date-window.server";
import { departureInputSchema, type DepartureInput } from "~/modules/offboarding/schemas";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { yieldToEventLoop } from "~/utils/event-loop";
import type { Failure, FailureCode } from "~/utils/failures";
import { checkWithSchema } from "~/utils/schema-failures";
import type { DepartureSource } from "../../../db/schema";
import { rowRecord, type ParsedCsv } from "./csv.server";
import { rowProblemsOf } from "./row-problems";
import { DEPARTURE_FIELDS, mapRow, normaliseLabel, type ColumnMapping, type DateFormat } from "./mapping";

/**
 * Every row of a mapped file judged before anything is written: invalid (with each field's
 * reasons), a duplicate of an earlier row of the file, already in the portal (skipped, not an
 * error), or new. The preview page shows this; the import acts on it. Reasons are coded failures
 * (ADR 013): the preview page and the report put them into words in their reader's language.
 */

export type RowOutcome = "new" | "existing" | "invalid" | "duplicate";

/** Where a row's problems are filed: a departure field, or the row as a whole. */
export type ProblemKey = (typeof DEPARTURE_FIELDS)[number] | "row";

export interface ExistingDeparture {
  id: string;
  createdAt: Date;
  source: DepartureSource;
}

export interface AnalysedRow {
  rowNumber: number;
  values: string[];
  outcome: RowOutcome;
  /** The validated input (new and existing rows). */
  input?: DepartureInput;
  /** Why an invalid or duplicate row is refused; those without a field are about the whole row. */
  failures: Failure[];
  /** The departure already recorded for this row (existing rows). */
  existing?: ExistingDeparture;
  /** The department name when no department has it: the import creates it for review. */
  newDepartment?: string;
  /** New rows: the dates outside HR's window of usual dates, imported only if HR confirms them. */
  unusualDates?: UnusualDate[];
}

export interface ImportCounts {
  total: number;
  new: number;
  existing: number;
  invalid: number;
  duplicate: number;
}

export interface ImportAnalysis {
  headers: string[];
  rows: AnalysedRow[];
  counts: ImportCounts;
  /** Department names the import will create under the root, flagged for review. */
  newDepartments: string[];
  /** New rows with dates outside HR's window of usual dates, and that window. */
  unusualCount: number;
  dateWindow: DateWindow;
}

const LOOKUP_CHUNK = 500;
const YIELD_EVERY = 500;

/** The shared departure schema's message keys as the codes of a row's failures. */
const SCHEMA_CODES: Readonly<Record<string, FailureCode>> = {
  "validation.required": "importRow.required",
  "validation.emailInvalid": "importRow.emailInvalid",
  "validation.emailTooLong": "importRow.emailTooLong",
  "validation.textTooLong": "importRow.textTooLong",
  "validation.dateInvalid": "importRow.dateExpected",
  "validation.typeInvalid": "importRow.typeInvalid",
  "validation.hireAfterLastDay": "importRow.hireAfterLastDay",
  "validation.controlCharacter": "importRow.controlCharacter",
  "validation.languageInvalid": "importRow.languageInvalid",
  "validation.flagInvalid": "importRow.flagInvalid",
  "failures:departure.departmentMissing": "departure.departmentMissing",
  "failures:departure.lastDayBeforeNotice": "departure.lastDayBeforeNotice",
  "failures:departure.terminationBeforeLastDay": "departure.terminationBeforeLastDay",
};

/** Codes whose message quotes the cell: "invalid" alone would not tell the importer which value. */
const QUOTES_THE_CELL: ReadonlySet<FailureCode> = new Set(["importRow.languageInvalid", "importRow.flagInvalid"]);

const checkDeparture = checkWithSchema(departureInputSchema, SCHEMA_CODES, "importRow.valueInvalid");

export async function analyseImport(
  db: DB,
  csv: ParsedCsv,
  mapping: ColumnMapping,
  dateFormat: DateFormat,
  options: { today?: CalendarDay } = {},
): Promise<ImportAnalysis> {
  const today = options.today ?? todayIn(getEnv().COMPANY_TIME_ZONE);
  const [reasons, departments, window] = await Promise.all([
    db.selectFrom("departure_reasons").select(["code", "label_en", "label_fr"]).where("active", "=", true).orderBy("position").execute(),
    db.selectFrom("departments").select(sql<string>`lower(name)`.as("name")).execute(),
    getDateWindow(db),
  ]);
  const reasonByKey = new Map<string, string>();
  for (const reason of reasons) {
    for (const label of [reason.code, reason.label_en, reason.label_fr]) reasonByKey.set(normaliseLabel(label), reason.code);
  }
  const knownDepartments = new Set(departments.map((d) => d.name));
  const reasonCodes = reasons.map((r) => r.code).join(", ");

  const rows: AnalysedRow[] = [];
  for (const row of csv.rows) {
    // Thousands of rows are validated synchronously: let the server answer other requests meanwhile.
    if (rows.length > 0 && rows.length % YIELD_EVERY === 0) await yieldToEventLoop();
    rows.push(analyseRow(row));
  }

  function analyseRow(row: ParsedCsv["rows"][number]): AnalysedRow {
    const mapped = mapRow(csv.headers, row, mapping, dateFormat);
    const failures: Failure[] = [...mapped.failures];
    const rawReason = mapped.input.reasonCode?.trim();
    if (rawReason) {
      const code = reasonByKey.get(normaliseLabel(rawReason));
      if (code) mapped.input.reasonCode = code;
      else if (reasonCodes) failures.push({ code: "departure.reasonUnknown", field: "reasonCode", values: { value: rawReason, codes: reasonCodes } });
      else failures.push({ code: "departure.reasonNoneConfigured", field: "reasonCode", values: { value: rawReason } });
    }
    const parsed = checkDeparture(mapped.input);
    if (!parsed.success) {
      const unconverted = new Set(mapped.failures.map((failure) => failure.field));
      for (const failure of parsed.failures) {
        // A value that could not be converted already says why; the schema would only repeat "invalid".
        if (failure.field && unconverted.has(failure.field)) continue;
        if (QUOTES_THE_CELL.has(failure.code) && failure.field) {
          failures.push({ ...failure, values: { ...failure.values, value: String(mapped.input[failure.field] ?? "").trim() } });
        } else failures.push(failure);
      }
    }
    const base = { rowNumber: row.rowNumber, values: row.values };
    if (!parsed.success || failures.length > 0) return { ...base, outcome: "invalid", failures };
    const departmentKey = parsed.data.departmentName!.replace(/\s+/g, " ").toLowerCase();
    const { noticeDate, lastDay, terminationDate } = parsed.data;
    return {
      ...base,
      outcome: "new",
      input: parsed.data,
      failures: [],
      newDepartment: knownDepartments.has(departmentKey) ? undefined : parsed.data.departmentName!.replace(/\s+/g, " "),
      unusualDates: unusualDates({ noticeDate, lastDay, terminationDate }, window, today),
    };
  }

  markDuplicates(rows);
  await markExisting(db, rows);

  const counts: ImportCounts = { total: rows.length, new: 0, existing: 0, invalid: 0, duplicate: 0 };
  const newDepartments = new Map<string, string>();
  let unusualCount = 0;
  for (const row of rows) {
    counts[row.outcome] += 1;
    if (row.outcome === "new" && row.newDepartment) newDepartments.set(row.newDepartment.toLowerCase(), row.newDepartment);
    if (row.outcome === "new" && row.unusualDates?.length) unusualCount += 1;
  }
  return {
    headers: csv.headers,
    rows,
    counts,
    newDepartments: [...newDepartments.values()].sort((a, b) => a.localeCompare(b)),
    unusualCount,
    dateWindow: { pastDays: window.pastDays, futureDays: window.futureDays },
  };
}

function personKey(input: DepartureInput): string {
  return `${input.employeeEmail.toLowerCase()}|${input.lastDay}`;
}

/**
 * The same departure twice in one file (same external id, or same person and last day): the first
 * row counts, the later ones are reported with the row they repeat.
 */
function markDuplicates(rows: AnalysedRow[]) {
  const byExternalId = new Map<string, number>();
  const byPerson = new Map<string, number>();
  for (const row of rows) {
    if (row.outcome !== "new" || !row.input) continue;
    const external = row.input.externalId;
    const first = (external ? byExternalId.get(external) : undefined) ?? byPerson.get(personKey(row.input));
    if (first !== undefined) {
      row.outcome = "duplicate";
      row.failures = [{ code: "importRow.duplicateOf", values: { row: first } }];
      continue;
    }
    if (external) byExternalId.set(external, row.rowNumber);
    byPerson.set(personKey(row.input), row.rowNumber);
  }
}

/**
 * Rows already recorded, found as createDeparture finds them: by external id (whatever its status),
 * else by person and last day (not cancelled). A row with a new external id whose person and last
 * day are recorded is the same departure too (the database allows one).
 */
async function markExisting(db: DB, rows: AnalysedRow[]) {
  const candidates = rows.filter((row) => row.outcome === "new" && row.input);
  if (candidates.length === 0) return;
  const externalIds = [...new Set(candidates.map((row) => row.input!.externalId).filter((id): id is string => Boolean(id)))];
  const emails = [...new Set(candidates.map((row) => row.input!.employeeEmail.toLowerCase()))];

  const byExternalId = new Map<string, ExistingDeparture>();
  for (let start = 0; start < externalIds.length; start += LOOKUP_CHUNK) {
    const found = await db
      .selectFrom("departures")
      .select(["id", "external_id", "created_at", "source"])
      .where("external_id", "in", externalIds.slice(start, start + LOOKUP_CHUNK))
      .execute();
    for (const d of found) byExternalId.set(d.external_id!, { id: d.id, createdAt: d.created_at, source: d.source });
  }
  const byPerson = new Map<string, ExistingDeparture>();
  for (let start = 0; start < emails.length; start += LOOKUP_CHUNK) {
    const found = await db
      .selectFrom("departures")
      .select(["id", sql<string>`lower(employee_email)`.as("email"), "last_day", "created_at", "source"])
      .where(sql<string>`lower(employee_email)`, "in", emails.slice(start, start + LOOKUP_CHUNK))
      .where("status", "<>", "cancelled")
      .execute();
    for (const d of found) byPerson.set(`${d.email}|${d.last_day}`, { id: d.id, createdAt: d.created_at, source: d.source });
  }
  for (const row of candidates) {
    const input = row.input!;
    const existing = (input.externalId ? byExternalId.get(input.externalId) : undefined) ?? byPerson.get(personKey(input));
    if (existing) {
      row.outcome = "existing";
      row.existing = existing;
      row.newDepartment = undefined;
    }
  }
}

export const PROBLEMS_PAGE_SIZE = 50;
export const VALID_SAMPLE_SIZE = 20;
export const UNUSUAL_SAMPLE_SIZE = 50;

export interface PreviewProblem {
  rowNumber: number;
  outcome: "invalid" | "duplicate";
  /** The row's failures by field ("row": about the whole row), each with the file's column. */
  errors: Array<{ key: ProblemKey; column?: string; failures: Failure[] }>;
  raw: Record<string, string>;
}

export interface PreviewSample {
  rowNumber: number;
  employeeEmail: string;
  employeeName: string;
  departmentName: string;
  newDepartment: boolean;
  noticeDate: string | null;
  lastDay: string;
  terminationDate: string | null;
  type: string;
  reasonCode: string | null;
  /** en or fr; null: not in the file (a new account gets the company's language). */
  language: AppLocale | null;
  externalId: string | null;
}

/** A new row whose dates need HR's confirmation, as the preview lists it. */
export interface PreviewUnusualRow {
  rowNumber: number;
  employeeName: string;
  dates: UnusualDate[];
}

export interface ImportPreview {
  counts: ImportCounts;
  newDepartments: string[];
  /** How many new rows have unusual dates, and the first of them. */
  unusualCount: number;
  unusualRows: PreviewUnusualRow[];
  dateWindow: DateWindow;
  problems: PreviewProblem[];
  page: number;
  pageCount: number;
  samples: PreviewSample[];
}

/**
 * What the preview page shows: the counts, one page of the rows that will not be imported (every
 * one of them across the pages) with the column each reason is about, and the first valid rows as
 * they will be recorded.
 */
export function previewOf(analysis: ImportAnalysis, mapping: ColumnMapping, page: number): ImportPreview {
  const rejected = analysis.rows.filter((row) => row.outcome === "invalid" || row.outcome === "duplicate");
  const pageCount = Math.max(1, Math.ceil(rejected.length / PROBLEMS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const problems = rejected.slice((current - 1) * PROBLEMS_PAGE_SIZE, current * PROBLEMS_PAGE_SIZE).map((row) => ({
    rowNumber: row.rowNumber,
    outcome: row.outcome as "invalid" | "duplicate",
    errors: Object.entries(rowProblemsOf(row.failures)).map(([key, failures]) => ({
      key: key as ProblemKey,
      column: columnOf(key as ProblemKey, mapping),
      failures,
    })),
    raw: rowRecord(analysis.headers, row),
  }));
  const samples = analysis.rows
    .filter((row) => row.outcome === "new")
    .slice(0, VALID_SAMPLE_SIZE)
    .map((row) => {
      const input = row.input!;
      return {
        rowNumber: row.rowNumber,
        employeeEmail: input.employeeEmail,
        employeeName: input.employeeName,
        departmentName: input.departmentName ?? "",
        newDepartment: Boolean(row.newDepartment),
        noticeDate: input.noticeDate ?? null,
        lastDay: input.lastDay,
        terminationDate: input.terminationDate ?? null,
        type: input.type,
        reasonCode: input.reasonCode ?? null,
        language: input.language ?? null,
        externalId: input.externalId ?? null,
      };
    });
  const unusualRows = analysis.rows
    .filter((row) => row.outcome === "new" && row.unusualDates?.length)
    .slice(0, UNUSUAL_SAMPLE_SIZE)
    .map((row) => ({ rowNumber: row.rowNumber, employeeName: row.input!.employeeName, dates: row.unusualDates! }));
  return {
    counts: analysis.counts,
    newDepartments: analysis.newDepartments,
    unusualCount: analysis.unusualCount,
    unusualRows,
    dateWindow: analysis.dateWindow,
    problems,
    page: current,
    pageCount,
    samples,
  };
}

/** The file column a problem is about (the name comes from first and last name when so mapped). */
export function columnOf(key: ProblemKey, mapping: ColumnMapping): string | undefined {
  if (key === "row") return undefined;
  if (key === "employeeName" && !mapping.employeeName) {
    return [mapping.firstName, mapping.lastName].filter(Boolean).join(" + ") || undefined;
  }
  return mapping[key];
}
