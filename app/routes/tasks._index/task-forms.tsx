import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
} from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button, type ButtonVariant } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { FormOnDemand } from "~/components/forms/form-on-demand";
import {
  useIsPending,
  usePendingFormData,
} from "~/components/forms/use-is-pending";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import type { Translate } from "~/modules/i18n/translator";
import {
  bulkCompleteSchema,
  completeTaskSchema,
  NOTE_MAX,
  notApplicableSchema,
  reassignTaskSchema,
} from "~/modules/offboarding/task-action-schemas";
import type { AssigneeOptions } from "~/modules/offboarding/task-actions.server";

/** Each task's forms: the page matches the action's errors to the form that was sent by this id. */
const TASK_FORM_PREFIXES = {
  complete: "complete",
  notApplicable: "na",
  reassign: "reassign",
} as const;
export type TaskIntent = keyof typeof TASK_FORM_PREFIXES;

export function taskFormId(intent: TaskIntent, taskId: string) {
  return `${TASK_FORM_PREFIXES[intent]}-${taskId}`;
}

/** What the action answers when a form comes back: which form, and conform's result for it. */
export type ActionData = { formId: string; result: SubmissionResult<string[]> };

export function useFormResult(formId: string) {
  const actionData = useActionData() as ActionData | undefined;
  return actionData?.formId === formId ? actionData.result : undefined;
}

function usePending(formId: string) {
  return usePendingFormData()?.get("formId") === formId;
}

/** Each task has three forms: their schemas are built once per language, not once per task. */
const taskSchemas = {
  complete: schemaPerLanguage(completeTaskSchema),
  notApplicable: schemaPerLanguage(notApplicableSchema),
  reassign: schemaPerLanguage(reassignTaskSchema),
};
const bulkSchemaFor = schemaPerLanguage(bulkCompleteSchema);

type TaskFields<Schema extends z.ZodObject> = ReturnType<
  typeof useValidatedForm<Schema>
>[1];
type TaskForm<Schema extends z.ZodObject> = ReturnType<
  typeof useValidatedForm<Schema>
>[0];

interface TaskActionFormProps<Schema extends z.ZodObject> {
  intent: TaskIntent;
  taskId: string;
  schema: (language: string, t: Translate) => Schema;
  summary: string;
  submitLabel: string;
  variant?: ButtonVariant;
  children: (fields: TaskFields<Schema>) => React.ReactNode;
}

/**
 * One action on one task: a disclosure with a form that posts `intent`, `formId` and `taskId`,
 * validates with the same schema as the action, and shows the action's errors beside its fields.
 * The form is drawn only once it is in use (FormOnDemand): drawn for every task, the inbox's three
 * forms per task made up two thirds of the page (156 KB for 26 tasks) and most of its cost.
 */
function TaskActionForm<Schema extends z.ZodObject>(
  props: TaskActionFormProps<Schema>,
) {
  const formId = taskFormId(props.intent, props.taskId);
  const lastResult = useFormResult(formId);
  return (
    <FormOnDemand
      formId={formId}
      summary={props.summary}
      answered={Boolean(lastResult)}
      className="task-action"
      bodyClassName="task-action__body"
    >
      {() => <ValidatedTaskForm {...props} formId={formId} lastResult={lastResult} />}
    </FormOnDemand>
  );
}

function ValidatedTaskForm<Schema extends z.ZodObject>(
  props: TaskActionFormProps<Schema> & {
    formId: string;
    lastResult: SubmissionResult<string[]> | undefined;
  },
) {
  const { t, i18n } = useTranslation("tasks");
  const [form, fields] = useValidatedForm(
    () => props.schema(i18n.language, t as Translate),
    { id: props.formId, lastResult: props.lastResult },
  );
  return <TaskFormBody {...props} form={form} fields={fields} />;
}

function TaskFormBody<Schema extends z.ZodObject>({
  intent,
  taskId,
  formId,
  submitLabel,
  variant,
  children,
  form,
  fields,
}: TaskActionFormProps<Schema> & {
  formId: string;
  form: TaskForm<Schema>;
  fields: TaskFields<Schema>;
}) {
  const { t } = useTranslation("tasks");
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="taskId" value={taskId} />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      {children(fields)}
      <Button
        size="small"
        variant={variant}
        pending={usePending(formId)}
        pendingLabel={t("saving")}
      >
        {submitLabel}
      </Button>
    </Form>
  );
}

export function CompleteForm({ taskId }: { taskId: string }) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm
      intent="complete"
      taskId={taskId}
      schema={taskSchemas.complete}
      summary={t("complete.summary")}
      submitLabel={t("complete.submit")}
    >
      {(fields) => (
        <>
          <Field
            label={t("complete.note")}
            hint={t("complete.noteHint", { max: NOTE_MAX })}
            errors={fields.note.errors}
            textareaProps={{ ...getTextareaProps(fields.note), rows: 3 }}
          />
          <Field
            label={t("complete.evidence")}
            hint={t("complete.evidenceHint")}
            errors={fields.evidenceUrl.errors}
            inputProps={{
              ...getInputProps(fields.evidenceUrl, { type: "url" }),
              inputMode: "url",
              autoComplete: "off",
              placeholder: "https://",
            }}
          />
        </>
      )}
    </TaskActionForm>
  );
}

export function NotApplicableForm({ taskId }: { taskId: string }) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm
      intent="notApplicable"
      taskId={taskId}
      schema={taskSchemas.notApplicable}
      summary={t("notApplicable.summary")}
      submitLabel={t("notApplicable.submit")}
      variant="ghost"
    >
      {(fields) => (
        <Field
          label={t("notApplicable.reason")}
          hint={t("notApplicable.reasonHint")}
          errors={fields.reason.errors}
          textareaProps={{
            ...getTextareaProps(fields.reason),
            rows: 2,
            required: true,
          }}
        />
      )}
    </TaskActionForm>
  );
}

export function ReassignForm({
  taskId,
  assignees,
}: {
  taskId: string;
  assignees: AssigneeOptions;
}) {
  const { t } = useTranslation("tasks");
  return (
    <TaskActionForm
      intent="reassign"
      taskId={taskId}
      schema={taskSchemas.reassign}
      summary={t("reassign.summary")}
      submitLabel={t("reassign.submit")}
      variant="ghost"
    >
      {(fields) => (
        <Field
          label={t("reassign.assignee")}
          errors={fields.assignee.errors}
          selectProps={{ ...getSelectProps(fields.assignee), required: true }}
        >
          <option value="">{t("reassign.choose")}</option>
          <optgroup label={t("reassign.teams")}>
            {assignees.teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("reassign.people")}>
            {assignees.people.map((person) => (
              <option key={person.id} value={`user:${person.id}`}>
                {person.name}
              </option>
            ))}
          </optgroup>
        </Field>
      )}
    </TaskActionForm>
  );
}

/**
 * Completes the tasks ticked on the page: the checkboxes sit in each task and belong to this form
 * by its id ("bulk"), so no form is nested and no JavaScript is needed.
 */
export function BulkCompleteForm() {
  const { t, i18n } = useTranslation("tasks");
  const isPending = useIsPending({ intent: "bulkComplete" });
  const [form, fields] = useValidatedForm(() => bulkSchemaFor(i18n.language, t as Translate), {
    id: "bulk",
    lastResult: useFormResult("bulk"),
  });
  return (
    <section className="card" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t("bulk.title")}</h2>
      <p className="muted">{t("bulk.lead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="bulkComplete" />
        <FormErrorSummary
          id={form.errorId}
          errors={[...(form.errors ?? []), ...(fields.taskIds.errors ?? [])]}
        />
        <Field
          label={t("bulk.note")}
          hint={t("complete.noteHint", { max: NOTE_MAX })}
          errors={fields.note.errors}
          textareaProps={{ ...getTextareaProps(fields.note), rows: 2 }}
        />
        <Button pending={isPending} pendingLabel={t("saving")}>
          {t("bulk.submit")}
        </Button>
      </Form>
    </section>
  );
}
