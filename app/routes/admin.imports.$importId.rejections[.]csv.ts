import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { findImport, listRejections, storedHeaders } from "~/modules/imports/imports.server";
import { rejectionsCsv } from "~/modules/imports/report.server";
import { csvDownloadHeaders } from "~/modules/imports/sample.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/responses";

const paramsSchema = z.object({ importId: z.uuid() });

/** The rejected rows of an import as a CSV file: the original columns and an "errors" column. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale } = await requireHrAdmin(request, "imports");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound("No such import.");
  const db = getDb();
  const row = await findImport(db, parsed.data.importId);
  if (!row) throw notFound("No such import.");
  const body = rejectionsCsv(storedHeaders(row), await listRejections(db, row.id), t, locale);
  const baseName = row.file_name.replace(/\.(csv|tsv|txt)$/i, "");
  return new Response(body, { headers: csvDownloadHeaders(`${baseName}-rejected.csv`) });
}
