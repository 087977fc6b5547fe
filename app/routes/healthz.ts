import { json } from "@remix-run/node";
import { checkHealth } from "~/modules/admin/health.server";

/** GET /healthz: 200 when the service can answer, 503 naming the failing part when it cannot. */
export async function loader() {
  const report = await checkHealth();
  return json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
