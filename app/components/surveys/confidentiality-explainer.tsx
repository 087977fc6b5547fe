/**
 * What HR is promising leavers under each confidentiality mode, in plain words, beside the choice
 * (the leaver's welcome page says the same thing from their side).
 *
 *   <ConfidentialityChoice name="confidentiality" value={value} errors={errors} />
 */
import { useTranslation } from "react-i18next";
import { CONFIDENTIALITY_MODES } from "~/modules/surveys/definition";

export function ConfidentialityChoice({
  name,
  defaultValue,
  errors,
  note,
}: {
  name: string;
  defaultValue: string | undefined;
  errors?: readonly string[];
  /** A last word under the two modes (e.g. when a change reaches leavers). */
  note?: string;
}) {
  const { t } = useTranslation("surveys");
  const errorId = `${name}-error`;
  const invalid = Boolean(errors && errors.length > 0);
  return (
    <fieldset className="fieldset" aria-describedby={invalid ? errorId : undefined}>
      <legend>{t("builder.fields.confidentiality")}</legend>
      <p className="field__hint">{t("builder.confidentiality.hint")}</p>
      <div className="survey-modes">
        {CONFIDENTIALITY_MODES.map((mode) => (
          <div key={mode} className="field field--check survey-mode">
            <div className="field__check-row">
              <input
                type="radio"
                id={`${name}-${mode}`}
                name={name}
                value={mode}
                defaultChecked={defaultValue === mode}
                aria-invalid={invalid || undefined}
                aria-describedby={`${name}-${mode}-explained`}
                required
              />
              <label htmlFor={`${name}-${mode}`}>{t(`builder.confidentiality.${mode}.title`)}</label>
            </div>
            <ul id={`${name}-${mode}-explained`} className="survey-mode__points">
              {(t(`builder.confidentiality.${mode}.points`, { returnObjects: true }) as string[]).map((point) => (
                <li key={point}>{point}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {note ? <p className="field__hint survey-modes__note">{note}</p> : null}
      {invalid ? (
        <div id={errorId} className="field__errors">
          {errors!.map((message) => (
            <p key={message} className="field__error">
              {message}
            </p>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
