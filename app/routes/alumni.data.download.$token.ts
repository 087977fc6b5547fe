import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/alumni/member-guard.server";
import { translator } from "~/modules/i18n/translator";
import { openExportDownload } from "~/modules/privacy/export.server";
import { getDb } from "~/utils/db.server";

/**
 * The "Download my data" archive: the signed link and the owner's session together (ADR 031). A GET
 * that changes nothing; it writes the access record (ADR 017). A link that is not valid for the
 * signed-in person answers 404, one that expired 410, each with a line saying where to go.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale } = await requireMember(request);
  const result = await openExportDownload(getDb(), params.token ?? "", user.id);
  const t = translator(locale, "data");
  const text = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (result.outcome === "notFound") return new Response(`${t("download.notFoundTitle")}\n\n${t("download.notFound")}\n`, { status: 404, headers: text });
  if (result.outcome === "expired") return new Response(`${t("download.expiredTitle")}\n\n${t("download.expired")}\n`, { status: 410, headers: text });
  const day = result.requestedAt.toISOString().slice(0, 10);
  return new Response(result.archive, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="my-data-${day}.zip"`,
      "Content-Length": String(result.archive.byteLength),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
