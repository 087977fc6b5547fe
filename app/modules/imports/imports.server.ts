import type { Selectable } from "kysely";
import Papa from "papaparse";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { CsvEncoding, CsvImportsTable } from "../../../db/schema";
import { parseCsvText, type ParsedCsv } from "./csv.server";
import { RECENT_IMPORTS_LIMIT } from "./limits";
import { storedMappingSchema, type ColumnMapping, type DateFormat } from "./mapping";

/** The csv_imports rows: an uploaded file, then its mapping, then the import's progress and result. */
export type CsvImport = Selectable<CsvImportsTable>;

export const FILE_NAME_MAX = 200;

/** Where an import stands, as its page shows it. */
export type ImportStage = "mapping" | "preview" | "importing" | "completed" | "failed";

export function stageOf(row: Pick<CsvImport, "status" | "mapping" | "date_format">): ImportStage {
  if (row.status === "importing" || row.status === "completed" || row.status === "failed") return row.status;
  return row.mapping && row.date_format ? "preview" : "mapping";
}

/** A file name safe to show and to put in a download name: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, FILE_NAME_MAX);
  return cleaned || "import.csv";
}

export async function createImport(
  db: DB,
  values: { fileName: string; content: string; encoding: CsvEncoding; totalRows: number; createdBy: string },
): Promise<CsvImport> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("csv_imports")
      .values({
        file_name: cleanFileName(values.fileName),
        content: values.content,
        encoding: values.encoding,
        total_rows: values.totalRows,
        created_by: values.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: values.createdBy,
      action: "csv_import.uploaded",
      subjectType: "csv_import",
      subjectId: row.id,
      data: { rows: values.totalRows, encoding: values.encoding },
    });
    return row;
  });
}

export function findImport(db: DB, id: string): Promise<CsvImport | undefined> {
  return db.selectFrom("csv_imports").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface ImportSummary {
  id: string;
  file_name: string;
  status: CsvImport["status"];
  total_rows: number;
  processed_rows: number;
  created_count: number;
  existing_count: number;
  rejected_count: number;
  created_at: Date;
  finished_at: Date | null;
  uploaded_by: string | null;
}

/** The latest imports, newest first, without their content. */
export function listRecentImports(db: DB, limit = RECENT_IMPORTS_LIMIT): Promise<ImportSummary[]> {
  return db
    .selectFrom("csv_imports")
    .leftJoin("users", "users.id", "csv_imports.created_by")
    .select([
      "csv_imports.id",
      "csv_imports.file_name",
      "csv_imports.status",
      "csv_imports.total_rows",
      "csv_imports.processed_rows",
      "csv_imports.created_count",
      "csv_imports.existing_count",
      "csv_imports.rejected_count",
      "csv_imports.created_at",
      "csv_imports.finished_at",
      "users.name as uploaded_by",
    ])
    .orderBy("csv_imports.created_at", "desc")
    .limit(limit)
    .execute();
}

/**
 * Records HR's mapping and date format; only before the import starts (else it throws the refusal
 * `imports.notEditable`).
 */
export async function saveMapping(db: DB, id: string, mapping: ColumnMapping, dateFormat: DateFormat, actorUserId: string) {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("csv_imports")
      .set({ mapping: JSON.stringify(mapping), date_format: dateFormat })
      .where("id", "=", id)
      .where("status", "=", "uploaded")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw DomainFailure.refused("imports.notEditable");
    await recordAudit(trx, {
      actorUserId,
      action: "csv_import.mapped",
      subjectType: "csv_import",
      subjectId: id,
      data: { columns: Object.keys(mapping).length, dateFormat },
    });
  });
}

/**
 * Throws away an upload that was never imported (the wrong file, a test): its stored file and
 * anything kept with it go, and the audit log says who discarded what. An import that has started
 * (another click, another HR admin) stays: the answer says so and nothing changes.
 */
export async function discardUpload(db: DB, id: string, actorUserId: string): Promise<{ discarded: true; fileName: string } | { discarded: false }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("csv_imports")
      .select(["id", "file_name", "total_rows"])
      .where("id", "=", id)
      .where("status", "=", "uploaded")
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { discarded: false as const };
    await trx.deleteFrom("csv_import_rejections").where("import_id", "=", id).execute();
    await trx.deleteFrom("csv_imports").where("id", "=", id).where("status", "=", "uploaded").execute();
    await recordAudit(trx, {
      actorUserId,
      action: "csv_import.discarded",
      subjectType: "csv_import",
      subjectId: id,
      data: { rows: row.total_rows },
    });
    return { discarded: true as const, fileName: row.file_name };
  });
}

/** The stored file parsed again (it was checked at upload, so this does not fail in practice). */
export function parseStoredImport(row: Pick<CsvImport, "content">): ParsedCsv {
  return parseCsvText(row.content);
}

/**
 * The file's column names. A file the retention job emptied (docs/decisions/031) keeps its header
 * line only, which the full parse refuses as a file without rows.
 */
export function storedHeaders(row: Pick<CsvImport, "content" | "content_cleared_at">): string[] {
  if (!row.content_cleared_at) return parseStoredImport(row).headers;
  return Papa.parse<string[]>(row.content, { header: false, skipEmptyLines: true }).data[0] ?? [];
}

export function mappingOf(row: Pick<CsvImport, "mapping">): ColumnMapping {
  const parsed = storedMappingSchema.safeParse(row.mapping ?? {});
  return parsed.success ? parsed.data : {};
}

export interface Rejection {
  row_number: number;
  /** As stored: read it with parseRowProblems (row-problems.ts). */
  errors: unknown;
  raw: Record<string, string>;
}

/** Every rejected row of an import, in file order (bounded by the file's 20,000 rows). */
export function listRejections(db: DB, importId: string): Promise<Rejection[]> {
  return db
    .selectFrom("csv_import_rejections")
    .select(["row_number", "errors", "raw"])
    .where("import_id", "=", importId)
    .orderBy("row_number")
    .execute();
}
