import { strToU8, zipSync } from "fflate";
import Papa from "papaparse";

/**
 * The "Download my data" archive, built from the personal-data registry's sections: `data.json`
 * (everything, as stored) and one CSV per section that has rows, readable in a spreadsheet
 * (UTF-8 with a byte order mark, formulas neutralised). Pure: no database, no clock but `generatedAt`.
 */

/** One registry entry's rows for the person (the shape of personalDataOf's sections). */
export interface ExportSection {
  table: string;
  description: { en: string; fr: string } | string;
  rows: Record<string, unknown>[];
}

/** A JSON-safe value: dates as ISO strings, bytes as base64, bigints as strings. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, nested]) => [key, plain(nested)]));
  return value;
}

function cell(value: unknown): string {
  const simple = plain(value);
  if (simple === null || simple === undefined) return "";
  const text = typeof simple === "object" ? JSON.stringify(simple) : String(simple);
  // A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection").
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Every column any row has, in the order they first appear. */
function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

export function sectionCsv(section: ExportSection): string {
  const columns = columnsOf(section.rows);
  const body = Papa.unparse({ fields: columns, data: section.rows.map((row) => columns.map((column) => cell(row[column]))) }, { newline: "\r\n" });
  return `\uFEFF${body}\r\n`;
}

/** A file name from a table name: letters, digits, `_` and `-` only; a second section of the same table gets `-2`. */
function csvFileNames(sections: readonly ExportSection[]): string[] {
  const used = new Map<string, number>();
  return sections.map((section) => {
    const base = section.table.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60) || "section";
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    return count === 1 ? `${base}.csv` : `${base}-${count}.csv`;
  });
}

export interface ExportDocument {
  generatedAt: string;
  userId: string;
  sections: { table: string; description: ExportSection["description"]; file: string | null; rows: unknown[] }[];
}

export function exportDocument(userId: string, sections: readonly ExportSection[], generatedAt: Date): ExportDocument {
  const names = csvFileNames(sections);
  return {
    generatedAt: generatedAt.toISOString(),
    userId,
    sections: sections.map((section, index) => ({
      table: section.table,
      description: section.description,
      file: section.rows.length > 0 ? names[index]! : null,
      rows: section.rows.map(plain),
    })),
  };
}

/** The ZIP: data.json, then `<table>.csv` for each section with rows. */
export function buildExportArchive(userId: string, sections: readonly ExportSection[], generatedAt: Date): Uint8Array {
  const document = exportDocument(userId, sections, generatedAt);
  const files: Record<string, Uint8Array> = { "data.json": strToU8(JSON.stringify(document, null, 2)) };
  sections.forEach((section, index) => {
    const file = document.sections[index]!.file;
    if (file) files[file] = strToU8(sectionCsv(section));
  });
  return zipSync(files, { level: 6, mtime: generatedAt });
}
