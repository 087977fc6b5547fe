import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { NEWSLETTER_FREQUENCIES, emailChangeSchema } from "~/modules/alumni/preferences";
import { SUPPORTED_LOCALES, type AppLocale } from "~/modules/i18n/config";
import type { Translate } from "~/modules/i18n/translator";
import { formatDateTime } from "~/utils/format";

/**
 * The preference centre's "how" sections (docs/decisions/032), beside the consents' "what": the
 * language of the portal and of every email, the newsletter's frequency, and the personal address.
 * Each is its own small POST form on /alumni/preferences, so each works without JavaScript.
 */

/** Which form was last submitted, so a busy button shows on the right one. */
type Busy = (intent: string) => boolean;

export function LanguageSection({ language, busy }: { language: AppLocale; busy: Busy }) {
  const { t } = useTranslation("preferences");
  return (
    <section className="card" aria-labelledby="alumni-language-title">
      <h2 id="alumni-language-title">{t("language.title")}</h2>
      <p>{t("language.lead")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="language" />
        <Field label={t("language.label")} selectProps={{ id: "alumni-language", name: "language", defaultValue: language }}>
          {SUPPORTED_LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {t(`language.options.${locale}`)}
            </option>
          ))}
        </Field>
        <Button variant="ghost" size="small" pending={busy("language")}>
          {t("language.save")}
        </Button>
      </Form>
    </section>
  );
}

export function FrequencySection({ frequency, busy }: { frequency: (typeof NEWSLETTER_FREQUENCIES)[number] | null; busy: Busy }) {
  const { t } = useTranslation("preferences");
  return (
    <section className="card" aria-labelledby="alumni-frequency-title">
      <h2 id="alumni-frequency-title">{t("frequency.title")}</h2>
      {frequency === null ? (
        <p>{t("frequency.noProfile")}</p>
      ) : (
        <>
          <p>{t("frequency.lead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="frequency" />
            <fieldset className="fieldset">
              <legend>{t("frequency.label")}</legend>
              {NEWSLETTER_FREQUENCIES.map((option) => (
                <Field
                  key={option}
                  label={t(`frequency.options.${option}`)}
                  hint={t(`frequency.hints.${option}`)}
                  inputProps={{ id: `alumni-frequency-${option}`, type: "radio", name: "frequency", value: option, defaultChecked: option === frequency }}
                />
              ))}
            </fieldset>
            <Button variant="ghost" size="small" pending={busy("frequency")}>
              {t("frequency.save")}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}

export interface EmailSectionProps {
  current: string;
  /** Why the address cannot be changed here now, or null when it can. */
  blocked: "unconfirmed" | "left" | null;
  pending: { email: string; sentAt: string } | null;
  locale: AppLocale;
  timeZone: string;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: Busy;
}

export function EmailSection({ current, blocked, pending, locale, timeZone, lastResult, busy }: EmailSectionProps) {
  const { t } = useTranslation("preferences");
  const [form, fields] = useValidatedForm(() => emailChangeSchema(t as Translate), { id: "alumni-email-change", lastResult });
  return (
    <section className="card" aria-labelledby="alumni-email-title">
      <h2 id="alumni-email-title">{t("email.title")}</h2>
      <p>{t("email.current", { email: current })}</p>
      {blocked ? (
        <p>{t(blocked === "left" ? "email.leftLead" : "email.unconfirmedLead")}</p>
      ) : (
        <>
          {pending ? (
            <div className="alumni-email-pending">
              <p>
                <span className="badge">{t("email.pending", { email: pending.email, date: formatDateTime(pending.sentAt, locale, { timeZone }) })}</span>
              </p>
              <Form method="post" className="form-actions">
                <Button variant="ghost" size="small" name="intent" value="emailChangeResend" pending={busy("emailChangeResend")}>
                  {t("email.resend")}
                </Button>
                <Button variant="ghost" size="small" name="intent" value="emailChangeCancel" pending={busy("emailChangeCancel")}>
                  {t("email.cancel")}
                </Button>
              </Form>
            </div>
          ) : null}
          <p>{t("email.lead")}</p>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="emailChange" />
            <FormErrorSummary id={form.errorId} errors={form.errors} />
            <Field
              label={t("email.label")}
              errors={fields.newEmail.errors}
              inputProps={{ ...getInputProps(fields.newEmail, { type: "email" }), autoComplete: "email", spellCheck: false, autoCapitalize: "none" }}
            />
            <Button pending={busy("emailChange")}>{t("email.submit")}</Button>
          </Form>
        </>
      )}
    </section>
  );
}
