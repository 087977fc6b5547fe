import { parseWithZod } from "@conform-to/zod/v4";
import enFailures from "~/locales/en/failures.json";
import frFailures from "~/locales/fr/failures.json";
import { MAX_FILE_BYTES } from "~/modules/imports/limits";
import { uploadSchema } from "~/modules/imports/upload-schema";

/** The upload form's check in the browser (JavaScript on), as conform runs it on the form's data. */
function errorFor(file: File | null, locale: "en" | "fr" = "en") {
  const formData = new FormData();
  if (file) formData.set("file", file);
  const submission = parseWithZod(formData, { schema: uploadSchema(locale) });
  return submission.status === "success" ? null : submission.error?.file;
}

describe("the CSV upload form's check before sending", () => {
  it("says the file is empty for a chosen file of 0 bytes, in English and French", () => {
    expect(errorFor(new File([], "export.csv", { type: "text/csv" }))).toEqual([enFailures.imports.file.empty]);
    expect(errorFor(new File([], "export.csv", { type: "text/csv" }), "fr")).toEqual([frFailures.imports.file.empty]);
  });

  it("asks to choose a file when none was chosen (the browser sends a nameless empty file) or the field is missing", () => {
    expect(errorFor(new File([], "", { type: "application/octet-stream" }))).toEqual([enFailures.imports.file.missing]);
    expect(errorFor(null)).toEqual([enFailures.imports.file.missing]);
  });

  it("refuses a file over the size limit and lets a CSV file through", () => {
    expect(errorFor(new File([new Uint8Array(MAX_FILE_BYTES + 1)], "big.csv"))?.[0]).toContain("10 MB");
    expect(errorFor(new File(["Email;Name\na@example.com;Ann\n"], "ok.csv", { type: "text/csv" }))).toBeNull();
  });
});
