import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { LanguagePairFields } from "~/components/forms/language-pair-fields";

/** A survey's name in English and French, one fieldset: on the new-survey form and the survey's settings. */
export function SurveyNameFields({ nameEn, nameFr, hint }: { nameEn: FieldMetadata<string>; nameFr: FieldMetadata<string>; hint: string }) {
  const { t } = useTranslation("surveys");
  return (
    <LanguagePairFields
      legend={t("builder.fields.name")}
      hint={hint}
      hintId="survey-name-hint"
      en={{ label: t("builder.fields.nameEn"), field: nameEn }}
      fr={{ label: t("builder.fields.nameFr"), field: nameFr }}
      inputProps={{ required: true, maxLength: 100 }}
    />
  );
}
