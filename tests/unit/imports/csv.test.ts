import { isDomainFailure } from "~/utils/failures";
import { decodeCsvBytes, MAX_DATA_ROWS, MAX_FILE_BYTES, parseCsvText, readCsvFile } from "~/modules/imports/csv.server";

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    // The refusal's code (without its "imports.file." prefix) and values, about the file field.
    if (isDomainFailure(error) && error.failures[0]?.field === "file") {
      return { code: error.code?.replace("imports.file.", ""), ...error.failures[0].values };
    }
    throw error;
  }
  throw new Error("expected the file to be refused");
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decoding an uploaded file", () => {
  it("strips a UTF-8 byte order mark and reports UTF-8", () => {
    const decoded = decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("email\nhélène@example.com\n")]));
    expect(decoded).toEqual({ text: "email\nhélène@example.com\n", encoding: "utf-8" });
    expect(parseCsvText(decoded.text).headers).toEqual(["email"]);
  });

  it("reads a file that is not valid UTF-8 as Windows-1252, accents intact", () => {
    // "name\nHélène" as Excel on Windows writes it: é is the single byte 0xE9.
    const bytes = new Uint8Array([...utf8("name\nH"), 0xe9, ...utf8("l"), 0xe8, ...utf8("ne\n")]);
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe("windows-1252");
    expect(parseCsvText(decoded.text).rows[0]!.values).toEqual(["Hélène"]);
  });

  it("reads Windows-1252 characters outside Latin-1 such as the euro sign and curly quotes", () => {
    const decoded = decodeCsvBytes(new Uint8Array([0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94]));
    expect(decoded).toEqual({ text: "€ “ok”", encoding: "windows-1252" });
  });

  it("reads UTF-16 text with its byte order mark (Excel's Unicode text)", () => {
    const text = "email\tname\nzoe@example.com\tZoé\n";
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const { encoding, csv } = readCsvFile(bytes);
    expect(encoding).toBe("utf-16le");
    expect(csv.rows[0]!.values).toEqual(["zoe@example.com", "Zoé"]);
  });

  it("refuses an empty file, a file over the size limit, a spreadsheet workbook and a binary file", () => {
    expect(problemOf(() => decodeCsvBytes(new Uint8Array()))).toEqual({ code: "empty" });
    expect(problemOf(() => decodeCsvBytes(new Uint8Array(MAX_FILE_BYTES + 1)))).toEqual({ code: "tooLarge", maxMegabytes: 10 });
    expect(problemOf(() => decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).toEqual({ code: "spreadsheet" });
    expect(problemOf(() => decodeCsvBytes(new Uint8Array([0x61, 0x00, 0x62])))).toEqual({ code: "binary" });
  });
});

describe("parsing the rows", () => {
  it("keeps a quoted value with line breaks as one value and numbers rows as a spreadsheet does", () => {
    const csv = parseCsvText('email,note\r\na@example.com,"first line\r\nsecond line, with a comma"\r\nb@example.com,"said ""hi"""\r\n');
    expect(csv.rows).toEqual([
      { rowNumber: 2, values: ["a@example.com", "first line\r\nsecond line, with a comma"], extraValues: 0 },
      { rowNumber: 3, values: ["b@example.com", 'said "hi"'], extraValues: 0 },
    ]);
  });

  it.each([
    [";", "email;name;department\na@example.com;Ann, Jr;Sales\n"],
    ["\t", "email\tname\tdepartment\na@example.com\tAnn, Jr\tSales\n"],
    ["|", "email|name|department\na@example.com|Ann, Jr|Sales\n"],
    [",", 'email,name,department\na@example.com,"Ann, Jr",Sales\n'],
  ])("detects %j as the delimiter", (delimiter, text) => {
    const csv = parseCsvText(text);
    expect(csv.delimiter).toBe(delimiter);
    expect(csv.headers).toEqual(["email", "name", "department"]);
    expect(csv.rows[0]!.values).toEqual(["a@example.com", "Ann, Jr", "Sales"]);
  });

  it("skips blank lines without renumbering the rows after them", () => {
    const csv = parseCsvText("email;name\n\na@example.com;Ann\n ; \nb@example.com;Bob\n\n");
    expect(csv.rows.map((row) => [row.rowNumber, row.values[1]])).toEqual([
      [3, "Ann"],
      [5, "Bob"],
    ]);
  });

  it("trims header names, names empty ones by position, and fills missing trailing values", () => {
    const csv = parseCsvText("  Work email , Name ,\na@example.com,Ann\n");
    expect(csv.headers).toEqual(["Work email", "Name", "Column 3"]);
    expect(csv.rows[0]!.values).toEqual(["a@example.com", "Ann", ""]);
  });

  it("counts values beyond the header's columns, which shift a row", () => {
    const csv = parseCsvText("email,name\na@example.com,Smith, Ann\nb@example.com,Bob,,\n");
    expect(csv.rows.map((row) => row.extraValues)).toEqual([1, 0]);
  });

  it("refuses duplicate column names, naming them", () => {
    expect(problemOf(() => parseCsvText("Email,Name,email\na,b,c\n"))).toEqual({ code: "duplicateHeaders", names: "“email”" });
  });

  it("refuses a quote that is never closed, naming its row", () => {
    expect(problemOf(() => parseCsvText('email,name\na@example.com,Ann\nb@example.com,"Bob\nc@example.com,Cy\n'))).toEqual({
      code: "unclosedQuote",
      row: 3,
    });
  });

  it("refuses a file without data rows and one with more rows than the limit", () => {
    expect(problemOf(() => parseCsvText("email,name\n\n"))).toEqual({ code: "noDataRows" });
    expect(problemOf(() => parseCsvText("\n \n"))).toEqual({ code: "empty" });
    const tooMany = `email\n${"a@example.com\n".repeat(MAX_DATA_ROWS + 1)}`;
    expect(problemOf(() => parseCsvText(tooMany))).toEqual({ code: "tooManyRows", rows: MAX_DATA_ROWS + 1, max: MAX_DATA_ROWS });
    expect(parseCsvText(`email\n${"a@example.com\n".repeat(MAX_DATA_ROWS)}`).rows).toHaveLength(MAX_DATA_ROWS);
  });
});
