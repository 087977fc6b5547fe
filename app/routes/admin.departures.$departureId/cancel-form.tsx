import { getFormProps, getInputProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { Field } from "~/components/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { confirmationSchema } from "~/modules/offboarding/departure-forms";
import { FormCard } from "./form-card";
import { resultFor, type DepartureActionData } from "./departure-data";

type CancelFormProps = { name: string; actionData: DepartureActionData };

/** Cancelling the departure, behind a confirmation box (the record stays, for the audit trail); drawn when opened. */
export function CancelForm(props: CancelFormProps) {
  return (
    <FormCard id="cancel" keys="cancel" intent="cancel" actionData={props.actionData} className="card departure-danger" leadClassName={null}>
      {() => <CancelFormFields {...props} />}
    </FormCard>
  );
}

function CancelFormFields({ name, actionData }: CancelFormProps) {
  const { t } = useTranslation("departures");
  const [form, fields] = useValidatedForm(() => confirmationSchema(t("detail.cancel.confirmRequired")), {
    id: "cancel-departure",
    lastResult: resultFor(actionData, "cancel"),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="cancel" />
      <Field label={t("detail.cancel.confirm", { name })} errors={fields.confirm.errors} inputProps={getInputProps(fields.confirm, { type: "checkbox" })} />
      <Button variant="danger">{t("detail.cancel.submit")}</Button>
    </Form>
  );
}
