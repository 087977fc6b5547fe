import fc from "fast-check";
import { strFromU8, unzipSync } from "fflate";
import Papa from "papaparse";
import { buildExportArchive, type ExportSection } from "~/modules/privacy/export-archive.server";

/** The archive's promise: data.json gives back every row, and each CSV reads back cell for cell in a spreadsheet-safe form. */

const FORMULA = /^[=+\-@\t\r]/;
const GENERATED_AT = new Date("2026-12-09T10:00:00Z");

const cellValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
const section = fc.record({
  table: fc.stringMatching(/^[a-z][a-z_.]{0,20}$/),
  description: fc.record({ en: fc.string(), fr: fc.string() }),
  rows: fc.array(fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), cellValue, { minKeys: 1, maxKeys: 5 }), { maxLength: 6 }),
});

function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return FORMULA.test(text) ? `'${text}` : text;
}

describe("the export archive", () => {
  it("holds data.json with every row and one CSV per section with rows that parses back to the same cells", () => {
    fc.assert(
      fc.property(fc.array(section, { maxLength: 5 }), (sections: ExportSection[]) => {
        const files = unzipSync(buildExportArchive("user-1", sections, GENERATED_AT));
        const document = JSON.parse(strFromU8(files["data.json"]!)) as { sections: { table: string; file: string | null; rows: unknown[] }[] };
        expect(document.sections.map((s) => s.table)).toEqual(sections.map((s) => s.table));
        expect(document.sections.map((s) => s.rows.length)).toEqual(sections.map((s) => s.rows.length));
        const csvNames = document.sections.flatMap((s) => (s.file ? [s.file] : []));
        expect(new Set(csvNames).size).toBe(csvNames.length);
        expect(Object.keys(files).sort()).toEqual(["data.json", ...csvNames].sort());
        sections.forEach((source, index) => {
          const file = document.sections[index]!.file;
          if (source.rows.length === 0) return expect(file).toBeNull();
          const bytes = files[file!]!;
          // The UTF-8 byte order mark, for Excel (the decoder below drops it).
          expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
          const parsed = Papa.parse<string[]>(strFromU8(bytes), { newline: "\r\n" });
          // The file ends with a line break, which reads as one last empty line.
          expect(parsed.data.at(-1)).toEqual([""]);
          const rows = parsed.data.slice(0, -1);
          const columns = rows[0]!;
          expect(rows.slice(1)).toEqual(source.rows.map((row) => columns.map((column) => expectedCell(row[column]))));
        });
      }),
      { numRuns: 150 },
    );
  });
});
