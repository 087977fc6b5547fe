import { getCollectionProps, getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { Field } from "~/components/field";
import { ENDPOINT_DESCRIPTION_MAX, ENDPOINT_URL_MAX, type EndpointFormInput } from "~/modules/webhooks/endpoint-form";
import { WEBHOOK_EVENT_TYPES } from "~/modules/webhooks/event-types";

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

type EndpointFormFields = { [Name in keyof EndpointFormInput]-?: FieldMetadata<EndpointFormInput[Name], EndpointFormInput> };

/** An endpoint's settings as form fields: the same on the create form and the endpoint's page. */
export function EndpointFields({ fields }: { fields: EndpointFormFields }) {
  const { t } = useTranslation("webhooks");
  const eventBoxes = getCollectionProps(fields.eventTypes, { type: "checkbox", options: [...WEBHOOK_EVENT_TYPES] });
  return (
    <>
      <Field
        label={t("fields.url")}
        hint={t("fields.urlHint")}
        errors={fields.url.errors}
        inputProps={{ ...getInputProps(fields.url, { type: "url" }), autoComplete: "off", spellCheck: false, maxLength: ENDPOINT_URL_MAX, required: true }}
      />
      <Field
        label={t("fields.description")}
        hint={t("fields.descriptionHint")}
        errors={fields.description.errors}
        textareaProps={{ ...getTextareaProps(fields.description), rows: 2, maxLength: ENDPOINT_DESCRIPTION_MAX }}
      />
      <EventTypeBoxes boxes={eventBoxes} errors={fields.eventTypes.errors} errorId={fields.eventTypes.errorId} />
      <Field label={t("fields.enabled")} hint={t("fields.enabledHint")} inputProps={getInputProps(fields.enabled, { type: "checkbox" })} />
    </>
  );
}
