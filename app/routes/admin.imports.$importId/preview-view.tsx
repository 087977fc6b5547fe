import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { failureText } from "~/modules/i18n/failure-text";
import { formatNumber } from "~/utils/format";
import type { LoaderData, ImportPageActionData } from "./import-data";
import { DiscardUpload, submitting } from "./discard-upload";

export function PreviewView({ data, page }: { data: LoaderData; page: Extract<LoaderData["page"], { view: "preview" }> }) {
  const { t } = useTranslation("imports");
  const pendingForm = usePendingFormData();
  const actionData = useActionData<ImportPageActionData>();
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
          {preview.unusualCount > 0 ? (
            <Field
              label={t("preview.unusual.confirm", { count: preview.unusualCount, formatted: number(preview.unusualCount) })}
              hint={t("preview.unusual.confirmHint", {
                count: preview.counts.new - preview.unusualCount,
                formatted: number(preview.counts.new - preview.unusualCount),
              })}
              inputProps={{ type: "checkbox", name: "confirmUnusualDates", id: "confirm-unusual-dates" }}
            />
          ) : null}
          {importRow.totalRows > inRequestLimit ? <p className="muted">{t("preview.background", { limit: inRequestLimit })}</p> : null}
          <Button name="intent" value="import" pending={submitting(pendingForm, "import")} pendingLabel={t("preview.importing")}>
            {preview.counts.new > 0
              ? t("preview.import", { count: preview.counts.new, formatted: number(preview.counts.new) })
              : t("preview.importNothing")}
          </Button>
        </Form>
      </section>

      {preview.unusualCount > 0 ? <UnusualRows preview={preview} locale={locale} /> : null}

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
                              {error.failures.map((failure) => failureText(failure, locale)).join(" ")}
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

/** New rows whose dates lie outside HR's window of usual dates: imported only if HR ticks the box above. */
function UnusualRows({ preview, locale }: { preview: Extract<LoaderData["page"], { view: "preview" }>["preview"]; locale: string }) {
  const { t } = useTranslation("imports");
  const number = (value: number) => formatNumber(value, locale);
  const more = preview.unusualCount - preview.unusualRows.length;
  return (
    <section className="card" aria-labelledby="unusual-title">
      <h2 id="unusual-title">{t("preview.unusual.title")}</h2>
      <p>
        {t("preview.unusual.lead", {
          count: preview.unusualCount,
          formatted: number(preview.unusualCount),
          pastDays: number(preview.dateWindow.pastDays),
          futureDays: number(preview.dateWindow.futureDays),
        })}
      </p>
      <TableScroll label={t("preview.unusual.caption")}>
        <table className="table">
          <caption className="visually-hidden">{t("preview.unusual.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("preview.row")}</th>
              <th scope="col">{t("fields.employeeName")}</th>
              <th scope="col">{t("preview.unusual.dates")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.unusualRows.map((row) => (
              <tr key={row.rowNumber}>
                <th scope="row">{number(row.rowNumber)}</th>
                <td>{row.employeeName}</td>
                <td>{row.dates.map((date) => t("preview.unusual.date", { field: t(`fields.${date.field}`), date: date.date })).join(" · ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {more > 0 ? <p className="muted">{t("preview.unusual.more", { count: more, formatted: number(more) })}</p> : null}
    </section>
  );
}
