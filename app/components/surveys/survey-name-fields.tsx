import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";

/** A survey's name in English and French, one fieldset: on the new-survey form and the survey's settings. */
export function SurveyNameFields({ nameEn, nameFr, hint }: { nameEn: FieldMetadata<string>; nameFr: FieldMetadata<string>; hint: string }) {
  const { t } = useTranslation("surveys");
  return (
    <fieldset className="fieldset" aria-describedby="survey-name-hint">
      <legend>{t("builder.fields.name")}</legend>
      <p className="field__hint" id="survey-name-hint">
        {hint}
      </p>
      <div className="field-row">
        <Field
          label={t("builder.fields.nameEn")}
          errors={nameEn.errors}
          inputProps={{ ...getInputProps(nameEn, { type: "text" }), required: true, maxLength: 100, lang: "en" }}
        />
        <Field
          label={t("builder.fields.nameFr")}
          errors={nameFr.errors}
          inputProps={{ ...getInputProps(nameFr, { type: "text" }), required: true, maxLength: 100, lang: "fr" }}
        />
      </div>
    </fieldset>
  );
}
