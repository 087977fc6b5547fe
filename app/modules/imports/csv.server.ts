import Papa from "papaparse";
import type { CsvEncoding } from "../../../db/schema";
import { DomainFailure, type Failure } from "~/utils/failures";
import { MAX_DATA_ROWS, MAX_FILE_BYTES, MAX_FILE_MEGABYTES } from "./limits";

/**
 * Reading an HR system's CSV export: bytes → text (the encoding is detected, not asked for) → a
 * header and rows. Pure functions; the routes and the import job call them.
 *
 * Row numbers are the ones a spreadsheet shows for the file: the header is row 1, every record
 * counts (blank ones too, although they are skipped), and a quoted value spanning several lines is
 * still one row. HR finds "row 12" where Excel or LibreOffice shows it.
 */

export { MAX_DATA_ROWS, MAX_FILE_BYTES };
/** The delimiters HR systems and spreadsheets write: comma, semicolon (French Excel), tab, pipe. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;

export type { CsvEncoding };

/** The upload form's file field: where a refused file's message goes. */
export const UPLOAD_FIELD = "file";

/** Why a whole file is refused (failures.json, `imports.file.*`), about the upload's file field. */
export type CsvFileProblem = "empty" | "tooLarge" | "tooManyRows" | "spreadsheet" | "binary" | "noDataRows" | "duplicateHeaders" | "unclosedQuote";

export function fileRefused(problem: CsvFileProblem | "missing", values?: Failure["values"]): DomainFailure {
  return DomainFailure.invalid(UPLOAD_FIELD, `imports.file.${problem}`, values);
}

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

const BOM = "\uFEFF";

/**
 * The file's text. UTF-8 first, strictly: a byte sequence that is not valid UTF-8 means the file
 * was written in the legacy Windows code page (Excel's "CSV" on Windows), where every byte is a
 * character, so the fallback never fails. A UTF-16 byte order mark (Excel's "Unicode text") wins.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (bytes.byteLength === 0) throw fileRefused("empty");
  if (bytes.byteLength > MAX_FILE_BYTES) throw fileRefused("tooLarge", { maxMegabytes: MAX_FILE_MEGABYTES });
  // .xlsx and .ods files are zip archives: say what to do instead of showing garbage.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) throw fileRefused("spreadsheet");
  // Legacy .xls (OLE compound document).
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw fileRefused("spreadsheet");

  let decoded: DecodedCsv;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  } else {
    try {
      decoded = { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
    } catch {
      decoded = { text: decodeWindows1252(bytes), encoding: "windows-1252" };
    }
  }
  const text = stripBom(decoded.text);
  // A NUL character never appears in a text export: this is some other kind of file.
  if (text.includes("\u0000")) throw fileRefused("binary");
  return { text, encoding: decoded.encoding };
}

/**
 * Windows-1252 as the WHATWG Encoding Standard defines it. Node 20.18.3+ decodes this label as
 * ISO-8859-1 (nodejs/node#60888), turning the euro sign, curly quotes and dashes that Excel writes
 * (bytes 0x80–0x9F) into invisible control characters; those 27 bytes are mapped here. A fixed
 * Node gives the right characters already, which this leaves alone.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252").decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

// index-windows-1252 for 0x80–0x9F; undefined where the byte stays a control character.
const WINDOWS_1252_C1: Array<string | undefined> = [
  "\u20ac", undefined, "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021",
  "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", undefined, "\u017d", undefined,
  undefined, "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014",
  "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", undefined, "\u017e", "\u0178",
];

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

export interface CsvRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  rowNumber: number;
  /** One value per header column, untrimmed; missing trailing values are "". */
  values: string[];
  /** Values past the last header column that are not blank (a stray delimiter shifted the row). */
  extraValues: number;
}

export interface ParsedCsv {
  headers: string[];
  rows: CsvRow[];
  delimiter: string;
}

/**
 * The header and the data rows. Refuses a file with duplicate column names (a mapping by name
 * would be ambiguous), an unclosed quote (the rest of the file would be swallowed into one value),
 * no data, or more than MAX_DATA_ROWS rows.
 */
export function parseCsvText(input: string): ParsedCsv {
  const text = stripBom(input);
  if (text.trim() === "") throw fileRefused("empty");
  const result = Papa.parse<string[]>(text, {
    header: false,
    delimiter: guessDelimiter(text),
    // Blank lines are skipped below rather than by the parser, so that row numbers stay the file's.
    skipEmptyLines: false,
  });
  const unclosed = result.errors.find((error) => error.code === "MissingQuotes" || error.code === "InvalidQuotes");
  if (unclosed) throw fileRefused("unclosedQuote", { row: (unclosed.row ?? 0) + 1 });

  const records = result.data;
  const headerIndex = records.findIndex((record) => !isBlank(record));
  if (headerIndex === -1) throw fileRefused("empty");
  const headers = records[headerIndex]!.map((name, index) => name.trim() || `Column ${index + 1}`);
  checkUniqueHeaders(headers);

  const rows: CsvRow[] = [];
  for (let index = headerIndex + 1; index < records.length; index++) {
    const record = records[index]!;
    if (isBlank(record)) continue;
    const values = headers.map((_, column) => record[column] ?? "");
    const extraValues = record.slice(headers.length).filter((value) => value.trim() !== "").length;
    rows.push({ rowNumber: index + 1, values, extraValues });
  }
  if (rows.length === 0) throw fileRefused("noDataRows");
  if (rows.length > MAX_DATA_ROWS) throw fileRefused("tooManyRows", { rows: rows.length, max: MAX_DATA_ROWS });
  return { headers, rows, delimiter: result.meta.delimiter };
}

/** Bytes of an upload → its text, encoding and parsed rows, or a DomainFailure (`imports.file.*`) saying why not. */
export function readCsvFile(bytes: Uint8Array): DecodedCsv & { csv: ParsedCsv } {
  const decoded = decodeCsvBytes(bytes);
  return { ...decoded, csv: parseCsvText(decoded.text) };
}

/**
 * Papa Parse's guess on the first rows, blank lines ignored: counted, a trailing blank line makes
 * every delimiter look inconsistent and the guess falls back to a comma.
 */
function guessDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text, { header: false, delimitersToGuess: [...DELIMITERS], skipEmptyLines: "greedy", preview: 50 });
  return sample.meta.delimiter || ",";
}

function isBlank(record: string[]): boolean {
  return record.every((value) => value.trim() === "");
}

function checkUniqueHeaders(headers: string[]) {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const header of headers) {
    const key = header.toLowerCase();
    if (seen.has(key)) duplicates.add(header);
    seen.add(key);
  }
  if (duplicates.size > 0) throw fileRefused("duplicateHeaders", { names: [...duplicates].map((name) => `“${name}”`).join(", ") });
}

/** A row as header → value, for the rejected-rows report and the preview. */
export function rowRecord(headers: string[], row: Pick<CsvRow, "values">): Record<string, string> {
  return Object.fromEntries(headers.map((header, index) => [header, row.values[index] ?? ""]));
}
