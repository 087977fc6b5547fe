import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { SEGMENTS } from "~/modules/scoring/formula";
import { segmentCsv } from "~/modules/scoring/segments.server";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * /admin/segments/export.csv?segment=promoter: one advocacy segment as a CSV file (name, email,
 * segment, score, reason in HR's language, computed at), for HR admins only. Audited.
 */

const querySchema = z.object({ segment: z.enum(SEGMENTS) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, t } = await requireHrAdmin(request, "scoring");
  const parsed = querySchema.safeParse({ segment: new URL(request.url).searchParams.get("segment") ?? undefined });
  if (!parsed.success) {
    return new Response(`segment: ${t("segmentsPage.badSegment")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { csv } = await segmentCsv(getDb(), parsed.data.segment, t, { userId: user.id });
  const fileName = `${t("export.fileName")}-${parsed.data.segment}-${todayIn(getEnv().COMPANY_TIME_ZONE)}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // Personal data: not kept by the browser's or any proxy's cache.
      "Cache-Control": "no-store",
    },
  });
}
