/**
 * One text in English and in French, the way every bilingual form asks for it: the two fields side
 * by side (`field-row`), each marked with its language so that spell checkers and screen readers
 * use the right one. With a legend, the pair stands in a fieldset with a hint read with it.
 *
 *   <LanguagePairFields en={{ label: t("fields.nameEn"), field: fields.nameEn }}
 *     fr={{ label: t("fields.nameFr"), field: fields.nameFr }} inputProps={{ required: true }} />
 *   <LanguagePairFields legend={t("fields.description")} hint={t("templates.descriptionHint")}
 *     hintId="template-description-hint" en={…} fr={…} textareaProps={{ rows: 3 }} />
 *
 * `inputProps` draws text inputs, `textareaProps` text areas; both are added to conform's props.
 */
import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { Field } from "~/components/field";

export interface LanguageSide {
  label: ReactNode;
  field: FieldMetadata<string | undefined> | FieldMetadata<string>;
}

type Controls =
  | { inputProps: InputHTMLAttributes<HTMLInputElement>; textareaProps?: never }
  | { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement>; inputProps?: never };

type Grouping = { legend: ReactNode; hint: ReactNode; hintId: string } | { legend?: never; hint?: never; hintId?: never };

export type LanguagePairFieldsProps = { en: LanguageSide; fr: LanguageSide } & Controls & Grouping;

export function LanguagePairFields({ en, fr, inputProps, textareaProps, legend, hint, hintId }: LanguagePairFieldsProps) {
  const sides = [
    ["en", en],
    ["fr", fr],
  ] as const;
  const pair = (
    <div className="field-row">
      {sides.map(([lang, { label, field }]) =>
        textareaProps ? (
          <Field key={lang} label={label} errors={field.errors} textareaProps={{ ...getTextareaProps(field), ...textareaProps, lang }} />
        ) : (
          <Field key={lang} label={label} errors={field.errors} inputProps={{ ...getInputProps(field, { type: "text" }), ...inputProps, lang }} />
        ),
      )}
    </div>
  );
  if (legend === undefined) return pair;
  return (
    <fieldset className="fieldset" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <p className="field__hint" id={hintId}>
        {hint}
      </p>
      {pair}
    </fieldset>
  );
}
