import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** The sample file lives with the documentation, so that the page and the docs show the same one. */
export const SAMPLE_PATH = "docs/samples/departures-sample.csv";

export async function readSampleCsv(): Promise<Buffer | null> {
  try {
    return await readFile(resolve(process.cwd(), SAMPLE_PATH));
  } catch {
    return null;
  }
}

/**
 * Headers for a CSV download: an attachment with a plain-ASCII name plus the exact one (RFC 6266),
 * and no caching (the rows name people).
 */
export function csvDownloadHeaders(fileName: string): Headers {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "no-store",
  });
}
