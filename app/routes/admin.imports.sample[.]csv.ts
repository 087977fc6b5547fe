import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { csvDownloadHeaders, readSampleCsv } from "~/modules/imports/sample.server";
import { notFound } from "~/utils/responses";

/** The example file linked from the upload page (docs/samples/departures-sample.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request);
  const sample = await readSampleCsv();
  if (sample === null) throw notFound("The sample file is not installed.");
  return new Response(new Uint8Array(sample), { headers: csvDownloadHeaders("departures-sample.csv") });
}
