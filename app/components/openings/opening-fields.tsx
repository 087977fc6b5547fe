/**
 * The fields of HR's opening form (new and edit pages): the title in English and French, the
 * department, the location, the https link where candidates apply and the description in both
 * languages. Strings from the `openings` namespace.
 */
import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";
import { LanguagePairFields } from "~/components/forms/language-pair-fields";

type TextField = FieldMetadata<string | undefined> | FieldMetadata<string>;

export interface OpeningFieldsProps {
  fields: { titleEn: TextField; titleFr: TextField; departmentId: TextField; location: TextField; externalUrl: TextField; descriptionEn: TextField; descriptionFr: TextField };
  departments: readonly { id: string; name: string; depth: number }[];
}

export function OpeningFields({ fields, departments }: OpeningFieldsProps) {
  const { t } = useTranslation("openings");
  return (
    <>
      <LanguagePairFields
        en={{ label: t("form.titleEn"), field: fields.titleEn }}
        fr={{ label: t("form.titleFr"), field: fields.titleFr }}
        inputProps={{ maxLength: 200 }}
      />
      <Field label={t("form.department")} errors={fields.departmentId.errors} selectProps={{ ...getSelectProps(fields.departmentId as FieldMetadata<string>), required: true }}>
        <option value="">{t("form.chooseDepartment")}</option>
        {departments.map((department) => (
          <option key={department.id} value={department.id}>
            {"\u00a0\u00a0".repeat(department.depth)}
            {department.name}
          </option>
        ))}
      </Field>
      <Field label={t("form.location")} hint={t("form.locationHint")} errors={fields.location.errors} inputProps={{ ...getInputProps(fields.location as FieldMetadata<string>, { type: "text" }), required: true, maxLength: 200 }} />
      <Field
        label={t("form.externalUrl")}
        hint={t("form.externalUrlHint")}
        errors={fields.externalUrl.errors}
        inputProps={{ ...getInputProps(fields.externalUrl as FieldMetadata<string>, { type: "url" }), required: true, placeholder: "https://" }}
      />
      <LanguagePairFields
        legend={t("form.description")}
        hint={t("form.descriptionHint")}
        hintId="opening-description-hint"
        en={{ label: t("form.descriptionEn"), field: fields.descriptionEn }}
        fr={{ label: t("form.descriptionFr"), field: fields.descriptionFr }}
        textareaProps={{ rows: 5, maxLength: 5000 }}
      />
    </>
  );
}
