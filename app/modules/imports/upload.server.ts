import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { CsvFileError, readCsvFile, type CsvFileProblem } from "./csv.server";
import { MAX_FILE_BYTES, MAX_FILE_MEGABYTES } from "./limits";
import { createImport } from "./imports.server";
import type { Translate } from "~/modules/i18n/translator";

/** The upload form's file field. */
export const UPLOAD_FIELD = "file";

export type UploadOutcome = { ok: true; importId: string } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads an uploaded CSV file (multipart, held in memory up to the size limit), checks it and stores
 * its text as a new import. Every refusal is a message for the file field, never an exception:
 * a file that is too large answers 413, anything else wrong with it 400.
 */
export async function receiveCsvUpload(request: Request, options: { userId: string; t: Translate }): Promise<UploadOutcome> {
  const { t } = options;
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return { ok: false, status: 413, message: fileProblemMessage({ code: "tooLarge", maxMegabytes: MAX_FILE_MEGABYTES }, t) };
    }
    // Not a multipart body (a crafted request): there is no file to read.
    return { ok: false, status: 400, message: t("file.missing") };
  }
  const file = formData.get(UPLOAD_FIELD);
  if (!(file instanceof Blob) || (file.size === 0 && !("name" in file && file.name))) {
    return { ok: false, status: 400, message: t("file.missing") };
  }
  let read: ReturnType<typeof readCsvFile>;
  try {
    read = readCsvFile(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof CsvFileError) {
      return { ok: false, status: error.problem.code === "tooLarge" ? 413 : 400, message: fileProblemMessage(error.problem, t) };
    }
    throw error;
  }
  const created = await createImport(getDb(), {
    fileName: "name" in file && typeof file.name === "string" ? file.name : "import.csv",
    content: read.text,
    encoding: read.encoding,
    totalRows: read.csv.rows.length,
    createdBy: options.userId,
  });
  return { ok: true, importId: created.id };
}

export function fileProblemMessage(problem: CsvFileProblem, t: Translate): string {
  const { code, ...params } = problem;
  return t(`file.${code}`, params);
}
