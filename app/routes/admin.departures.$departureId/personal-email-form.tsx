import { getFormProps, getInputProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { personalEmailFormSchema } from "~/modules/offboarding/personal-email";
import { resultFor, type DepartureActionData } from "./departure-data";

/** The departure's personal address, where the exit flow's emails go once the work mailbox is closed. */
export function PersonalEmailForm({
  personalEmail,
  workEmail,
  highlight,
  actionData,
}: {
  personalEmail: string | null;
  workEmail: string;
  highlight: boolean;
  actionData: DepartureActionData;
}) {
  const { t } = useTranslation("responses");
  const { t: tv } = useTranslation("offboarding");
  const isPersonalEmailPending = useIsPending({ intent: "personalEmail" });
  const [form, fields] = useValidatedForm(() => personalEmailFormSchema(tv, workEmail), {
    // A new id once saved: the field then shows the saved value.
    id: `personal-email-${personalEmail ?? ""}`,
    lastResult: resultFor(actionData, "personalEmail"),
    defaultValue: { personalEmail: personalEmail ?? "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="responses-flow__fix">
      <input type="hidden" name="intent" value="personalEmail" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field
        label={t("exitFlow.personalEmail.label")}
        hint={t("exitFlow.personalEmail.hint")}
        errors={fields.personalEmail.errors}
        inputProps={{ ...getInputProps(fields.personalEmail, { type: "email" }), autoComplete: "off", spellCheck: false }}
      />
      <Button
        size="small"
        variant={highlight ? "primary" : "ghost"}
        pending={isPersonalEmailPending}
        pendingLabel={t("exitFlow.personalEmail.saving")}
      >
        {t("exitFlow.personalEmail.submit")}
      </Button>
    </Form>
  );
}
