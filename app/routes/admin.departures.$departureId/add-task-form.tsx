import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { FormErrorSummary } from "~/components/form-error-summary";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { TaskDefinitionFields } from "~/components/task-definition-fields";
import { taskFormSchema } from "~/modules/offboarding/departure-forms";
import { FormCard } from "./form-card";
import { resultFor, type DepartureActionData, type DeparturePageData } from "./departure-data";

/** Built once per language, not on every render of the departure page. */
const taskSchemaFor = schemaPerLanguage(taskFormSchema);

type AddTaskFormProps = { owners: DeparturePageData["owners"]; actionData: DepartureActionData; taskCount: number };

/** A task the templates did not have, for this departure only; the form is drawn when opened (FormOnDemand). */
export function AddTaskForm(props: AddTaskFormProps) {
  return (
    <FormCard id="add-task" keys="addTask" intent="addTask" actionData={props.actionData}>
      {() => <AddTaskFormFields {...props} />}
    </FormCard>
  );
}

function AddTaskFormFields({ owners, actionData, taskCount }: AddTaskFormProps) {
  const { t } = useTranslation("departures");
  const { t: tv, i18n } = useTranslation("offboarding");
  const isAddTaskPending = useIsPending({ intent: "addTask" });
  const lastResult = resultFor(actionData, "addTask");
  const [form, fields] = useValidatedForm(() => taskSchemaFor(i18n.language, tv), {
    // A fresh, empty form once a task has been added.
    id: `add-task-${taskCount}`,
    lastResult,
    defaultValue: { category: "other", anchor: "last_day", offsetBusinessDays: "0" },
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="addTask" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <TaskDefinitionFields fields={fields} owners={owners} />
      <Button pending={isAddTaskPending} pendingLabel={t("detail.addTask.saving")}>
        {t("detail.addTask.submit")}
      </Button>
    </Form>
  );
}
