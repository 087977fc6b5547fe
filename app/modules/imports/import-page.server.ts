import type { DB } from "~/utils/db.server";
import { stageOf, mappingOf, parseStoredImport, type CsvImport } from "./imports.server";
import { DATE_FIELDS, detectDateFormat, suggestMapping, type ColumnMapping, type DateFormat } from "./mapping";
import { analyseImport, previewOf, type ImportPreview } from "./preview.server";

/**
 * What the import page shows at each stage: the mapping form (suggested or current mapping, the
 * file's columns with their first values), the preview, or the progress and result (counters only,
 * so that polling while a large file imports stays cheap).
 */

const EXAMPLES_PER_COLUMN = 3;
const EXAMPLE_MAX_LENGTH = 60;
/** Rows read to guess the date format. */
const DATE_SAMPLE_ROWS = 500;

export interface ImportHeader {
  id: string;
  fileName: string;
  status: CsvImport["status"];
  encoding: CsvImport["encoding"];
  totalRows: number;
  processedRows: number;
  createdCount: number;
  existingCount: number;
  rejectedCount: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export type ImportPageView =
  | {
      view: "mapping";
      mapping: ColumnMapping;
      dateFormat: DateFormat;
      dateFormatDetected: boolean;
      dateFormatAmbiguous: boolean;
      delimiter: string;
      columns: Array<{ header: string; examples: string[] }>;
      /** The mapping was saved before (HR came back to change it). */
      editing: boolean;
    }
  | { view: "preview"; mapping: ColumnMapping; dateFormat: DateFormat; preview: ImportPreview }
  | { view: "importing" | "completed" | "failed" };

export function importHeaderOf(row: CsvImport): ImportHeader {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    encoding: row.encoding,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdCount: row.created_count,
    existingCount: row.existing_count,
    rejectedCount: row.rejected_count,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export async function loadImportPage(
  db: DB,
  row: CsvImport,
  options: { wantsMapping: boolean; page: number },
): Promise<ImportPageView> {
  const stage = stageOf(row);
  if (stage === "importing" || stage === "completed" || stage === "failed") return { view: stage };
  const csv = parseStoredImport(row);
  if (stage === "mapping" || options.wantsMapping) {
    const saved = stage === "preview";
    const mapping = saved ? mappingOf(row) : suggestMapping(csv.headers);
    const dateSamples = csv.rows
      .slice(0, DATE_SAMPLE_ROWS)
      .flatMap((r) => DATE_FIELDS.map((field) => mapping[field]).filter(Boolean).map((header) => r.values[csv.headers.indexOf(header!)] ?? ""));
    const detected = detectDateFormat(dateSamples);
    return {
      view: "mapping",
      mapping,
      // Day first when the file cannot tell: most of the world writes dates so, France included.
      dateFormat: (saved ? row.date_format : undefined) ?? detected.format ?? "dmy",
      dateFormatDetected: Boolean(detected.format),
      dateFormatAmbiguous: detected.ambiguous,
      delimiter: csv.delimiter,
      columns: csv.headers.map((header, index) => ({
        header,
        examples: csv.rows
          .map((r) => (r.values[index] ?? "").trim())
          .filter((value) => value !== "")
          .slice(0, EXAMPLES_PER_COLUMN)
          .map((value) => (value.length > EXAMPLE_MAX_LENGTH ? `${value.slice(0, EXAMPLE_MAX_LENGTH - 1)}…` : value)),
      })),
      editing: saved,
    };
  }
  const mapping = mappingOf(row);
  const dateFormat = row.date_format!;
  const analysis = await analyseImport(db, csv, mapping, dateFormat);
  return { view: "preview", mapping, dateFormat, preview: previewOf(analysis, mapping, options.page) };
}
