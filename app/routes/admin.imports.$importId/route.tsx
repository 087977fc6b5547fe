import { getFormProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { useIsPending, usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { importHeaderOf, loadImportPage } from "~/modules/imports/import-page.server";
import { discardUpload, findImport, parseStoredImport, saveMapping } from "~/modules/imports/imports.server";
import { IN_REQUEST_LIMIT } from "~/modules/imports/limits";
import {
  columnMappingOf,
  DATE_FORMATS,
  MAPPING_TARGETS,
  mappingFormSchema,
  REQUIRED_TARGETS,
  type MappingTarget,
} from "~/modules/imports/mapping";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { notFound } from "~/utils/responses";
import { formatNumber } from "~/utils/format";
import { startImport } from "~/modules/imports/start-import.server";

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
  const page = await loadImportPage(getDb(), row, { wantsMapping: query.step === "mapping", page: query.page, locale });
  return json({ locale, importRow: importHeaderOf(row), page, inRequestLimit: IN_REQUEST_LIMIT });
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
    try {
      await startImport(row.id, { actorUserId: user.id, locale });
    } catch (error) {
      // Started by another click or another HR admin, or finished: the page shows where it stands.
      if (!isDomainFailure(error)) throw error;
    }
    return redirect(`/admin/imports/${row.id}`);
  }

  return json({ result: parseWithZod(formData, { schema: z.object({}) }).reply({ formErrors: [t("preview.notReady")] }) }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "upload.metaTitle", "imports");

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

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

function MappingView({ data, page }: { data: LoaderData; page: Extract<LoaderData["page"], { view: "mapping" }> }) {
  const { t } = useTranslation("imports");
  const actionData = useActionData<typeof action>();
  const pendingForm = usePendingFormData();
  const headers = page.columns.map((column) => column.header);
  const [form, fields] = useValidatedForm(mappingFormSchema(t as TFunction, headers), {
    id: "csv-mapping",
    lastResult: actionData?.result,
    defaultValue: { ...page.mapping, dateFormat: page.dateFormat },
  });
  const mappedBy = new Map<string, MappingTarget[]>();
  for (const [target, header] of Object.entries(page.mapping)) {
    if (header) mappedBy.set(header, [...(mappedBy.get(header) ?? []), target as MappingTarget]);
  }
  const { importRow, locale } = data;

  return (
    <div className="stack">
      <PageHeader
        title={t("mappingPage.title", { fileName: importRow.fileName })}
        lead={t("mappingPage.summary", {
          count: importRow.totalRows,
          formatted: formatNumber(importRow.totalRows, locale),
          encoding: t(`encodings.${importRow.encoding}`),
          delimiter: t(`delimiters.${page.delimiter}`, { defaultValue: `“${page.delimiter}”` }),
        })}
      />
      <section className="card" aria-labelledby="mapping-title">
        <h2 id="mapping-title">{t("mappingPage.fieldsTitle")}</h2>
        <p>{t("mappingPage.lead")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("mappingPage.dateFormat")}
            hint={
              page.dateFormatAmbiguous
                ? `${t("mappingPage.dateFormatAmbiguous")} ${t("mappingPage.dateFormatHint")}`
                : page.dateFormatDetected
                  ? `${t("mappingPage.dateFormatDetected")} ${t("mappingPage.dateFormatHint")}`
                  : t("mappingPage.dateFormatHint")
            }
            errors={fields.dateFormat.errors}
            selectProps={getSelectProps(fields.dateFormat)}
          >
            {DATE_FORMATS.map((format) => (
              <option key={format} value={format}>
                {t(`dateFormats.${format}`)}
              </option>
            ))}
          </Field>
          <div className="grid">
            {MAPPING_TARGETS.map((target) => {
              const field = fields[target];
              const required = (REQUIRED_TARGETS as readonly string[]).includes(target) || target === "employeeName";
              return (
                <Field
                  key={target}
                  label={required ? `${t(`fields.${target}`)} ${t("mappingPage.required")}` : t(`fields.${target}`)}
                  hint={t(`fieldHints.${target}`, { defaultValue: "" }) || undefined}
                  errors={field.errors}
                  selectProps={getSelectProps(field)}
                >
                  <option value="">{t("mappingPage.notInFile")}</option>
                  {headers.map((header) => (
                    <option key={header} value={header}>
                      {header}
                    </option>
                  ))}
                </Field>
              );
            })}
          </div>
          <div className="button-row">
            <Button name="intent" value="map" pending={submitting(pendingForm, "map")} pendingLabel={t("mappingPage.submitting")}>
              {t("mappingPage.submit")}
            </Button>
            <ButtonLink to={page.editing ? `/admin/imports/${importRow.id}` : "/admin/departures/import"} variant="ghost">
              {t("mappingPage.cancel")}
            </ButtonLink>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="columns-title">
        <h2 id="columns-title">{t("mappingPage.columnsTitle")}</h2>
        <TableScroll label={t("mappingPage.columnsCaption")}>
          <table className="table">
            <caption className="visually-hidden">{t("mappingPage.columnsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("mappingPage.column")}</th>
                <th scope="col">{t("mappingPage.examples")}</th>
              </tr>
            </thead>
            <tbody>
              {page.columns.map((column) => (
                <tr key={column.header}>
                  <th scope="row">
                    {column.header}
                    <br />
                    <span className="muted">
                      {mappedBy.has(column.header)
                        ? mappedBy
                            .get(column.header)!
                            .map((target) => t("mappingPage.mappedTo", { field: t(`fields.${target}`) }))
                            .join(", ")
                        : t("mappingPage.notMapped")}
                    </span>
                  </th>
                  <td>{column.examples.join(" · ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <DiscardUpload />
    </div>
  );
}

/** Whether this page's form with that intent is being sent (the page has several). */
function submitting(pending: FormData | null, intent: string) {
  return pending?.get("intent") === intent;
}

/** For an upload that was never imported: the wrong file goes, so that it does not linger in the list. */
function DiscardUpload() {
  const { t } = useTranslation("imports");
  const pendingForm = usePendingFormData();
  return (
    <section className="card" aria-labelledby="discard-title">
      <h2 id="discard-title">{t("discard.title")}</h2>
      <p>{t("discard.lead")}</p>
      <Form method="post">
        <Button name="intent" value="discard" variant="ghost" pending={submitting(pendingForm, "discard")} pendingLabel={t("discard.submitting")}>
          {t("discard.submit")}
        </Button>
      </Form>
    </section>
  );
}

function PreviewView({ data, page }: { data: LoaderData; page: Extract<LoaderData["page"], { view: "preview" }> }) {
  const { t } = useTranslation("imports");
  const pendingForm = usePendingFormData();
  const actionData = useActionData<typeof action>();
  const { importRow, locale, inRequestLimit } = data;
  const { preview } = page;
  const number = (value: number) => formatNumber(value, locale);
  const pageLink = (target: number) => `/admin/imports/${importRow.id}?page=${target}#problems-title`;

  return (
    <div className="stack">
      <PageHeader
        title={t("preview.title", { fileName: importRow.fileName })}
        lead={t("preview.lead")}
        actions={
          <ButtonLink to={`/admin/imports/${importRow.id}?step=mapping`} variant="ghost">
            {t("preview.changeMapping")}
          </ButtonLink>
        }
      />
      {actionData?.result?.error?.[""] ? <FormErrorSummary errors={actionData.result.error[""]} /> : null}

      <section className="card" aria-labelledby="counts-title">
        <h2 id="counts-title">{t("preview.countsTitle")}</h2>
        <dl className="stat-list">
          {(["total", "new", "existing", "duplicate", "invalid"] as const).map((key) => (
            <div className="stat-list__row" key={key}>
              <dt>{t(`preview.counts.${key}`)}</dt>
              <dd>{number(preview.counts[key])}</dd>
            </div>
          ))}
        </dl>
        {preview.newDepartments.length > 0 ? (
          <Alert>
            <p>
              {t("preview.newDepartments", {
                count: preview.newDepartments.length,
                names: preview.newDepartments.map((name) => `“${name}”`).join(", "),
              })}
            </p>
          </Alert>
        ) : null}
        <Form method="post" className="card__footer">
          {importRow.totalRows > inRequestLimit ? <p className="muted">{t("preview.background", { limit: inRequestLimit })}</p> : null}
          <Button name="intent" value="import" pending={submitting(pendingForm, "import")} pendingLabel={t("preview.importing")}>
            {preview.counts.new > 0
              ? t("preview.import", { count: preview.counts.new, formatted: number(preview.counts.new) })
              : t("preview.importNothing")}
          </Button>
        </Form>
      </section>

      <section className="card" aria-labelledby="problems-title">
        <h2 id="problems-title">{t("preview.problemsTitle")}</h2>
        {preview.problems.length === 0 ? (
          <p>{t("preview.problemsNone")}</p>
        ) : (
          <>
            <TableScroll label={t("preview.problemsCaption")}>
              <table className="table">
                <caption className="visually-hidden">{t("preview.problemsCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("preview.row")}</th>
                    <th scope="col">{t("preview.reasons")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.problems.map((problem) => (
                    <tr key={problem.rowNumber}>
                      <th scope="row">
                        {number(problem.rowNumber)}
                        <br />
                        <StatusBadge tone={problem.outcome === "invalid" ? "danger" : "warning"}>{t(`preview.${problem.outcome}`)}</StatusBadge>
                      </th>
                      <td>
                        <ul className="plain-list">
                          {problem.errors.map((error) => (
                            <li key={error.key}>
                              {error.key === "row" ? null : (
                                <>
                                  <strong>{t(`fields.${error.key}`)}</strong>
                                  {error.column ? <span className="muted"> ({t("preview.column", { column: error.column })})</span> : null}
                                  {": "}
                                </>
                              )}
                              {error.messages.join(" ")}
                            </li>
                          ))}
                        </ul>
                        <p className="muted">
                          <span className="visually-hidden">{t("preview.values")}: </span>
                          {Object.entries(problem.raw)
                            .filter(([, value]) => value.trim() !== "")
                            .map(([header, value]) => `${header}: ${value}`)
                            .join(" · ")}
                        </p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {preview.pageCount > 1 ? (
              <nav aria-label={t("preview.pagination")} className="button-row">
                <span>{t("preview.pageOf", { page: number(preview.page), pageCount: number(preview.pageCount) })}</span>
                {preview.page > 1 ? (
                  <ButtonLink to={pageLink(preview.page - 1)} variant="ghost" size="small">
                    {t("preview.previous")}
                  </ButtonLink>
                ) : null}
                {preview.page < preview.pageCount ? (
                  <ButtonLink to={pageLink(preview.page + 1)} variant="ghost" size="small">
                    {t("preview.next")}
                  </ButtonLink>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="samples-title">
        <h2 id="samples-title">{t("preview.samplesTitle")}</h2>
        {preview.samples.length === 0 ? (
          <p>{t("preview.samplesNone")}</p>
        ) : (
          <TableScroll label={t("preview.samplesCaption")}>
            <table className="table">
              <caption className="visually-hidden">{t("preview.samplesCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("preview.row")}</th>
                  <th scope="col">{t("fields.employeeName")}</th>
                  <th scope="col">{t("fields.employeeEmail")}</th>
                  <th scope="col">{t("fields.departmentName")}</th>
                  <th scope="col">{t("fields.noticeDate")}</th>
                  <th scope="col">{t("fields.lastDay")}</th>
                  <th scope="col">{t("fields.terminationDate")}</th>
                  <th scope="col">{t("fields.type")}</th>
                  <th scope="col">{t("fields.reasonCode")}</th>
                  <th scope="col">{t("fields.language")}</th>
                  <th scope="col">{t("fields.externalId")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.samples.map((sample) => (
                  <tr key={sample.rowNumber}>
                    <th scope="row">{number(sample.rowNumber)}</th>
                    <td>{sample.employeeName}</td>
                    <td>{sample.employeeEmail}</td>
                    <td>
                      {sample.departmentName}{" "}
                      {sample.newDepartment ? <StatusBadge tone="info">{t("preview.newDepartment")}</StatusBadge> : null}
                    </td>
                    <td className="numeric">{sample.noticeDate ?? "—"}</td>
                    <td className="numeric">{sample.lastDay}</td>
                    <td className="numeric">{sample.terminationDate ?? "—"}</td>
                    <td>{t(`types.${sample.type}`)}</td>
                    <td>{sample.reasonCode ?? "—"}</td>
                    <td>{sample.language ? t(`languages.${sample.language}`) : "—"}</td>
                    <td>{sample.externalId ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <DiscardUpload />
    </div>
  );
}

/** While importing: reload every 2 s, by revalidation with JavaScript and by <meta refresh> without. */
function ProgressView({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const { importRow, locale } = data;
  const revalidator = useRevalidator();
  // The latest revalidator, read by one interval for the life of the page (not one per render).
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, 2000);
    return () => window.clearInterval(timer);
  }, []);
  const number = (value: number) => formatNumber(value, locale);

  return (
    <div className="stack">
      {/* Inside <noscript>: with JavaScript the revalidation above refreshes the data without reloading the page. */}
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <PageHeader title={t("progress.title", { fileName: importRow.fileName })} lead={t("progress.lead")} />
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t("progress.label")}</h2>
        <progress className="departure-progress" max={Math.max(1, importRow.totalRows)} value={importRow.processedRows} aria-labelledby="progress-title">
          {number(importRow.processedRows)} / {number(importRow.totalRows)}
        </progress>
        <p role="status">
          {t("progress.status", { processed: number(importRow.processedRows), total: number(importRow.totalRows) })}
        </p>
        <Counts data={data} />
        <p className="muted">{t("progress.refreshing")}</p>
      </section>
    </div>
  );
}

function Counts({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const { importRow, locale } = data;
  const rows: Array<[string, number]> = [
    ["total", importRow.totalRows],
    ["created", importRow.createdCount],
    ["existing", importRow.existingCount],
    ["rejected", importRow.rejectedCount],
  ];
  return (
    <dl className="stat-list">
      {rows.map(([key, value]) => (
        <div className="stat-list__row" key={key}>
          <dt>{t(`result.counts.${key}`)}</dt>
          <dd>{formatNumber(value, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ResultView({ data }: { data: LoaderData }) {
  const { t } = useTranslation("imports");
  const isPending = useIsPending();
  const { importRow, locale } = data;
  const number = (value: number) => formatNumber(value, locale);
  const failed = importRow.status === "failed";

  return (
    <div className="stack">
      <PageHeader
        title={t(failed ? "result.failedTitle" : "result.title", { fileName: importRow.fileName })}
        actions={
          <>
            <ButtonLink to="/admin/departures" variant="ghost">
              {t("result.departures")}
            </ButtonLink>
            <ButtonLink to="/admin/departures/import" variant="ghost">
              {t("result.another")}
            </ButtonLink>
          </>
        }
      />
      {failed ? (
        <Alert tone="error">
          <p>{t("result.failed", { processed: number(importRow.processedRows), total: number(importRow.totalRows) })}</p>
          <Form method="post">
            <Button name="intent" value="resume" pending={isPending} pendingLabel={t("result.resuming")}>
              {t("result.resume")}
            </Button>
          </Form>
        </Alert>
      ) : (
        <Alert tone="success">
          <p>
            {t("result.summary", {
              created: number(importRow.createdCount),
              existing: number(importRow.existingCount),
              rejected: number(importRow.rejectedCount),
            })}
          </p>
        </Alert>
      )}
      <section className="card" aria-labelledby="result-title">
        <h2 id="result-title">{t("preview.countsTitle")}</h2>
        <Counts data={data} />
        {importRow.rejectedCount > 0 ? (
          <div className="card__footer">
            <p>
              <Link to={`/admin/imports/${importRow.id}/rejections.csv`} reloadDocument>
                {t("result.download")}
              </Link>
            </p>
            <p className="muted">{t("result.downloadHint")}</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
