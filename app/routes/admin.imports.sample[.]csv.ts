import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { csvDownloadHeaders, readSampleCsv } from "~/modules/imports/sample.server";

/** The example file linked from the upload page (docs/samples/departures-sample.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "hr_admin" });
  const sample = await readSampleCsv();
  if (sample === null) throw new Response("The sample file is not installed.", { status: 404 });
  return new Response(new Uint8Array(sample), { headers: csvDownloadHeaders("departures-sample.csv") });
}
