import type { getCollectionProps } from "@conform-to/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { Field } from "~/components/field";

/** A signing secret, shown once (creation, rotation): selectable, with a copy button when JavaScript runs. */
export function SecretOnce({ title, secret, children }: { title: string; secret: string; children?: ReactNode }) {
  const { t } = useTranslation("webhooks");
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  return (
    <Alert tone="success" title={title}>
      {children}
      <p>{t("secretOnce")}</p>
      <Field
        label={t("secretLabel")}
        hint={t("secretHint")}
        inputProps={{
          id: "webhook-secret",
          type: "text",
          readOnly: true,
          value: secret,
          autoComplete: "off",
          spellCheck: false,
          onFocus: (event) => event.currentTarget.select(),
        }}
      />
      {canCopy ? (
        <Button type="button" variant="ghost" size="small" onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true))}>
          {copied ? t("copied") : t("copy")}
        </Button>
      ) : null}
    </Alert>
  );
}

/** The event checkboxes in one fieldset, with the group's error under its legend. */
export function EventTypeBoxes({ boxes, errors, errorId }: { boxes: ReturnType<typeof getCollectionProps>; errors?: string[]; errorId: string }) {
  const { t } = useTranslation("webhooks");
  return (
    <fieldset className="webhook-events" aria-describedby={errors?.length ? `webhook-events-hint ${errorId}` : "webhook-events-hint"}>
      <legend>{t("fields.eventTypes")}</legend>
      <p id="webhook-events-hint" className="field__hint">
        {t("fields.eventTypesHint")}
      </p>
      {errors?.length ? (
        <div id={errorId} className="field__errors">
          {errors.map((error) => (
            <p key={error} className="field__error">
              {error}
            </p>
          ))}
        </div>
      ) : null}
      {boxes.map((props) => (
        <Field key={props.value} label={t(`eventTypes.${props.value}`)} inputProps={props} />
      ))}
    </fieldset>
  );
}
