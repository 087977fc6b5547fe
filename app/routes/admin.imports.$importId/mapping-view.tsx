import { getFormProps, getSelectProps } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Button, ButtonLink } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { TableScroll } from "~/components/table-scroll";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DATE_FORMATS, MAPPING_TARGETS, mappingFormSchema, REQUIRED_TARGETS, type MappingTarget } from "~/modules/imports/mapping";
import { formatNumber } from "~/utils/format";
import type { LoaderData, ImportPageActionData } from "./import-data";
import { DiscardUpload, submitting } from "./discard-upload";

export function MappingView({ data, page }: { data: LoaderData; page: Extract<LoaderData["page"], { view: "mapping" }> }) {
  const { t } = useTranslation("imports");
  const actionData = useActionData<ImportPageActionData>();
  const pendingForm = usePendingFormData();
  const headers = page.columns.map((column) => column.header);
  const [form, fields] = useValidatedForm(() => mappingFormSchema(t as TFunction, headers), {
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
        {/* Posted to the mapping step's own address: a refused mapping comes back on this view, with its errors. */}
        <Form method="post" action={`/admin/imports/${importRow.id}?step=mapping`} {...getFormProps(form)}>
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
