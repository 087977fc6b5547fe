import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { translator } from "~/modules/i18n/translator";
import { findImport, listRejections, parseStoredImport } from "~/modules/imports/imports.server";
import { rejectionsCsv } from "~/modules/imports/report.server";
import { csvDownloadHeaders } from "~/modules/imports/sample.server";
import { getDb } from "~/utils/db.server";

const paramsSchema = z.object({ importId: z.uuid() });

/** The rejected rows of an import as a CSV file: the original columns and an "errors" column. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "hr_admin" });
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such import.", { status: 404 });
  const db = getDb();
  const row = await findImport(db, parsed.data.importId);
  if (!row) throw new Response("No such import.", { status: 404 });
  const t = translator(await resolveLocale(request, user.locale), "imports");
  const body = rejectionsCsv(parseStoredImport(row).headers, await listRejections(db, row.id), t);
  const baseName = row.file_name.replace(/\.(csv|tsv|txt)$/i, "");
  return new Response(body, { headers: csvDownloadHeaders(`${baseName}-rejected.csv`) });
}
