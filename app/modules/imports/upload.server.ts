import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { fileRefused, readCsvFile, UPLOAD_FIELD } from "./csv.server";
import { MAX_FILE_BYTES, MAX_FILE_MEGABYTES } from "./limits";
import { createImport } from "./imports.server";

/**
 * Reads an uploaded CSV file (multipart, held in memory up to the size limit), checks it and stores
 * its text as a new import; returns the import's id. A refused file throws a DomainFailure about the
 * file field (`imports.file.*`, ADR 013); the page answers 413 to `imports.file.tooLarge`, else 400.
 */
export async function receiveCsvUpload(request: Request, options: { userId: string }): Promise<string> {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw fileRefused("tooLarge", { maxMegabytes: MAX_FILE_MEGABYTES });
    // Not a multipart body (a crafted request): there is no file to read.
    throw fileRefused("missing");
  }
  const file = formData.get(UPLOAD_FIELD);
  if (!(file instanceof Blob) || (file.size === 0 && !("name" in file && file.name))) throw fileRefused("missing");
  const read = readCsvFile(new Uint8Array(await file.arrayBuffer()));
  const created = await createImport(getDb(), {
    fileName: "name" in file && typeof file.name === "string" ? file.name : "import.csv",
    content: read.text,
    encoding: read.encoding,
    totalRows: read.csv.rows.length,
    createdBy: options.userId,
  });
  return created.id;
}
