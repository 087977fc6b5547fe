import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/page-title";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { importHeaderOf, loadImportPage } from "~/modules/imports/import-page.server";
import { discardUpload, findImport, parseStoredImport, saveMapping } from "~/modules/imports/imports.server";
import { IN_REQUEST_LIMIT } from "~/modules/imports/limits";
import { columnMappingOf, mappingFormSchema } from "~/modules/imports/mapping";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { notFound } from "~/utils/responses";
import { startImport } from "~/modules/imports/start-import.server";
import { MappingView } from "./mapping-view";
import { PreviewView } from "./preview-view";
import { ProgressView, ResultView } from "./import-result";
import type { ImportPageLoaderData } from "./import-data";
import { unknownIntent } from "~/utils/hidden-fields.server";

const paramsSchema = z.object({ importId: z.uuid() });
const querySchema = z.object({
  step: z.enum(["mapping"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

async function loadImport(params: unknown) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound("No such import.");
  const row = await findImport(getDb(), parsed.data.importId);
  if (!row) throw notFound("No such import.");
  return row;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "imports");
  const row = await loadImport(params);
  const url = new URL(request.url);
  const query = querySchema.parse({ step: url.searchParams.get("step") ?? undefined, page: url.searchParams.get("page") ?? undefined });
  const page = await loadImportPage(getDb(), row, { wantsMapping: query.step === "mapping", page: query.page });
  const data: ImportPageLoaderData = { locale, importRow: importHeaderOf(row), page, inRequestLimit: IN_REQUEST_LIMIT };
  return json(data);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "imports");
  const row = await loadImport(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "map") {
    const submission = parseWithZod(formData, { schema: mappingFormSchema(t, parseStoredImport(row).headers) });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    try {
      await saveMapping(getDb(), row.id, columnMappingOf(submission.value), submission.value.dateFormat, user.id);
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      // Started meanwhile: 409, the mapping no longer matches what the import is.
      return json({ result: failureReply(submission, error, locale) }, { status: error.kind === "refused" ? 409 : failureStatus(error) });
    }
    return redirect(`/admin/imports/${row.id}`);
  }

  if (intent === "discard") {
    const outcome = await discardUpload(getDb(), row.id, user.id);
    // Started meanwhile (another click, another HR admin): the import's page shows where it stands.
    return redirect(outcome.discarded ? "/admin/departures/import?notice=discarded" : `/admin/imports/${row.id}`);
  }

  if (intent === "import" || intent === "resume") {
    // The preview's box: rows with unusual dates are imported only when it is ticked.
    const confirmUnusualDates = formData.get("confirmUnusualDates") === "on";
    try {
      await startImport(row.id, { actorUserId: user.id, locale, confirmUnusualDates });
    } catch (error) {
      // Started by another click or another HR admin, or finished: the page shows where it stands.
      if (!isDomainFailure(error)) throw error;
    }
    return redirect(`/admin/imports/${row.id}`);
  }

  throw unknownIntent(intent);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "upload.metaTitle", "imports");

export default function ImportPage() {
  const data = useLoaderData<typeof loader>();
  switch (data.page.view) {
    case "mapping":
      return <MappingView data={data} page={data.page} />;
    case "preview":
      return <PreviewView data={data} page={data.page} />;
    case "importing":
      return <ProgressView data={data} />;
    default:
      return <ResultView data={data} />;
  }
}


export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
