import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { boomerangPoolCsv } from "~/modules/openings/pool.server";
import { parsePoolQuery } from "~/modules/openings/pool-query";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * /admin/openings/boomerang/export.csv?department=…&segment=…&rehire=…: the filtered boomerang pool
 * as a CSV file in HR's language, formula-looking cells neutralised, for HR admins only. Audited.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, t } = await requireHrAdmin(request, "openings");
  const query = parsePoolQuery(new URL(request.url).searchParams);
  if (!query.ok) {
    const lines = query.fields.map((field) => `${field}: ${t(`pool.errors.${field}`)}`);
    return new Response(`${lines.join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { csv } = await boomerangPoolCsv(getDb(), query.filters, t, { userId: user.id });
  const fileName = `${t("pool.export.fileName")}-${todayIn(getEnv().COMPANY_TIME_ZONE)}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // Personal data: not kept by the browser's or any proxy's cache.
      "Cache-Control": "no-store",
    },
  });
}
