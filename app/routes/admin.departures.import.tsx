import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { IMPORT_STATUS_TONES } from "~/modules/imports/display";
import { listRecentImports } from "~/modules/imports/imports.server";
import { MAX_DATA_ROWS, MAX_FILE_MEGABYTES, RECENT_IMPORTS_LIMIT } from "~/modules/imports/limits";
import { uploadSchema } from "~/modules/imports/upload-schema";
import { receiveCsvUpload } from "~/modules/imports/upload.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDateTime, formatNumber, toIsoString } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "imports");
  const imports = await listRecentImports(getDb());
  const discarded = new URL(request.url).searchParams.get("notice") === "discarded";
  return json({ imports, locale, discarded });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale } = await requireHrAdmin(request, "imports");
  try {
    return redirect(`/admin/imports/${await receiveCsvUpload(request, { userId: user.id })}`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    // The file cannot be sent back; the reply carries its error beside the field.
    const result = failureReply(parseWithZod(new FormData(), { schema: z.object({}) }), error, locale);
    return json({ result }, { status: error.code === "imports.file.tooLarge" ? 413 : failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "upload.metaTitle", "imports");

export default function ImportUploadPage() {
  const { t } = useTranslation("imports");
  const { imports, locale, discarded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => uploadSchema(locale), {
    id: "csv-upload",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  const file = fields.file;

  return (
    <div className="stack">
      <PageHeader title={t("upload.title")} lead={t("upload.lead")} />
      {discarded ? <Alert tone="success">{t("discard.done")}</Alert> : null}

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("upload.formTitle")}</h2>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("upload.fileLabel")}
            hint={t("upload.fileHint", { maxMegabytes: MAX_FILE_MEGABYTES, maxRows: formatNumber(MAX_DATA_ROWS, locale) })}
            errors={file.errors}
            inputProps={{ ...getInputProps(file, { type: "file" }), accept: ".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values", required: true }}
          />
          <Button pending={isPending} pendingLabel={t("upload.submitting")}>
            {t("upload.submit")}
          </Button>
        </Form>
        <div className="card__footer">
          <p>
            <Link to="/admin/imports/sample.csv" reloadDocument download="departures-sample.csv">
              {t("upload.sample")}
            </Link>
          </p>
          <p className="muted">{t("upload.sampleHint")}</p>
        </div>
      </section>

      <section className="card" aria-labelledby="format-title">
        <h2 id="format-title">{t("upload.formatTitle")}</h2>
        <p>{t("upload.formatBody")}</p>
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t("upload.recentTitle")}</h2>
        {imports.length === 0 ? (
          <EmptyState title={t("upload.recentEmpty")} headingLevel={3} />
        ) : (
          <TableScroll label={t("upload.recentCaption", { count: RECENT_IMPORTS_LIMIT })}>
            <table className="table">
              <caption className="visually-hidden">{t("upload.recentCaption", { count: RECENT_IMPORTS_LIMIT })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("upload.columns.file")}</th>
                  <th scope="col">{t("upload.columns.uploadedAt")}</th>
                  <th scope="col">{t("upload.columns.uploadedBy")}</th>
                  <th scope="col">{t("upload.columns.status")}</th>
                  <th scope="col">{t("upload.columns.rows")}</th>
                  <th scope="col">{t("upload.columns.result")}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <Link to={`/admin/imports/${item.id}`}>{item.file_name}</Link>
                    </td>
                    <td>
                      <time dateTime={toIsoString(item.created_at)}>{formatDateTime(item.created_at, locale)}</time>
                    </td>
                    <td>{item.uploaded_by ?? "—"}</td>
                    <td>
                      <StatusBadge tone={IMPORT_STATUS_TONES[item.status]}>{t(`statuses.${item.status}`)}</StatusBadge>
                      {item.status === "uploaded" ? (
                        // Never imported: HR may throw the upload away here (the import's page offers it too).
                        <Form method="post" action={`/admin/imports/${item.id}`} className="import-discard">
                          <Button name="intent" value="discard" variant="ghost" size="small" aria-label={t("discard.listButtonLabel", { fileName: item.file_name })}>
                            {t("discard.listButton")}
                          </Button>
                        </Form>
                      ) : null}
                    </td>
                    <td>{formatNumber(item.total_rows, locale)}</td>
                    <td>
                      {item.status === "uploaded"
                        ? "—"
                        : [item.created_count, item.existing_count, item.rejected_count].map((n) => formatNumber(n, locale)).join(" · ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
