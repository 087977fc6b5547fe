/**
 * Field: one form control with its label, an optional hint and its errors, wired for assistive
 * technology: the label points at the control (`htmlFor`/`id`), `aria-invalid="true"` is set while
 * there are errors, and `aria-describedby` names the hint and the error list.
 *
 * Give exactly one of `inputProps`, `selectProps` (options as children) or `textareaProps`.
 *
 * With conform (the usual case), spread conform's props in and pass the field's errors:
 *
 *   const [form, fields] = useValidatedForm(() => schema, {
 *     id: "invite",
 *     lastResult: actionData?.result,              // the server's 400 answer, shown beside fields
 *   });                                            // ~/components/forms/use-validated-form
 *   <Form method="post" {...getFormProps(form)}>
 *     <FormErrorSummary id={form.errorId} errors={form.errors} />
 *     <Field label={t("email")} hint={t("emailHint")} errors={fields.email.errors}
 *            inputProps={getInputProps(fields.email, { type: "email" })} />
 *     <Field label={t("role")} errors={fields.role.errors} selectProps={getSelectProps(fields.role)}>
 *       <option value="hr_admin">…</option>
 *     </Field>
 *     <Field label={t("note")} errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
 *   </Form>
 *
 * Conform focuses the first invalid control after a failed submission when JavaScript runs; with
 * JavaScript off the server answers 400 and the same errors render here, beside each field.
 *
 * Without conform, pass plain props; the id falls back to the name, then to a generated one:
 *
 *   <Field label="Name" errors={actionData?.errors?.name} inputProps={{ name: "name", required: true }} />
 *
 * Checkboxes and radio buttons (`inputProps.type` "checkbox" or "radio") get their label after the
 * box, as people expect.
 *
 * The hint's id is `<id>-description` and the error list's `<id>-error`: the ids conform uses, so
 * conform's own `aria-describedby` and this component's agree.
 */
import { useId, type InputHTMLAttributes, type Key, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

/** Conform's helpers return `key` among the props; React must not receive it through a spread. */
type WithKey<T> = T & { key?: Key | null };

interface FieldBaseProps {
  label: ReactNode;
  /** Help shown under the label and read with the control. */
  hint?: ReactNode;
  /** Messages to show; empty or missing means the field is valid. */
  errors?: readonly string[] | null;
  className?: string;
}

type ControlProps =
  | { inputProps: WithKey<InputHTMLAttributes<HTMLInputElement>>; selectProps?: never; textareaProps?: never; children?: never }
  | { selectProps: WithKey<SelectHTMLAttributes<HTMLSelectElement>>; children: ReactNode; inputProps?: never; textareaProps?: never }
  | { textareaProps: WithKey<TextareaHTMLAttributes<HTMLTextAreaElement>>; inputProps?: never; selectProps?: never; children?: never };

export type FieldProps = FieldBaseProps & ControlProps;

/** Ids used by a field with this control id (the same convention as conform). */
export function fieldIds(id: string) {
  return { hintId: `${id}-description`, errorId: `${id}-error` };
}

export function Field(props: FieldProps) {
  const { label, hint, errors, className } = props;
  const generatedId = useId();
  const control = (props.inputProps ?? props.selectProps ?? props.textareaProps) as WithKey<
    InputHTMLAttributes<HTMLElement>
  >;
  const { key: _ignoredKey, ...controlProps } = control;
  const id = controlProps.id ?? (controlProps.name ? `field-${controlProps.name}` : generatedId);
  const { hintId, errorId } = fieldIds(id);
  const messages = (errors ?? []).filter((message) => message.length > 0);
  const invalid = messages.length > 0;

  const describedBy = new Set<string>(
    (controlProps["aria-describedby"] ?? "").split(/\s+/).filter((token) => token.length > 0),
  );
  // Conform may name the error list before it exists (or after it is gone): only point at what renders.
  describedBy.delete(errorId);
  describedBy.delete(hintId);
  const describedByValue = [hint ? hintId : null, ...describedBy, invalid ? errorId : null].filter(Boolean).join(" ");

  const aria = {
    id,
    "aria-invalid": invalid ? true : undefined,
    "aria-describedby": describedByValue || undefined,
  } as const;

  const hintElement = hint ? (
    <p id={hintId} className="field__hint">
      {hint}
    </p>
  ) : null;
  const errorElement = invalid ? (
    <div id={errorId} className="field__errors">
      {messages.map((message, index) => (
        <p key={`${index}:${message}`} className="field__error">
          {message}
        </p>
      ))}
    </div>
  ) : null;

  const isCheck = props.inputProps && (props.inputProps.type === "checkbox" || props.inputProps.type === "radio");
  if (isCheck) {
    return (
      <div className={["field", "field--check", className].filter(Boolean).join(" ")}>
        <div className="field__check-row">
          <input {...(controlProps as InputHTMLAttributes<HTMLInputElement>)} {...aria} />
          <label htmlFor={id}>{label}</label>
        </div>
        {hintElement}
        {errorElement}
      </div>
    );
  }

  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={id}>{label}</label>
      {hintElement}
      {props.selectProps ? (
        <select {...(controlProps as SelectHTMLAttributes<HTMLSelectElement>)} {...scalarDefault(controlProps)} {...aria}>
          {props.children}
        </select>
      ) : props.textareaProps ? (
        <textarea {...(controlProps as TextareaHTMLAttributes<HTMLTextAreaElement>)} {...aria} />
      ) : (
        <input {...(controlProps as InputHTMLAttributes<HTMLInputElement>)} {...aria} />
      )}
      {errorElement}
    </div>
  );
}

/**
 * A single select's default value as one value. A submission that sent the field twice comes back
 * from conform as an array; React then warns and selects nothing, so the form would show the error
 * beside an empty choice. The first value is the one the browser's own form would have sent.
 */
function scalarDefault(props: SelectHTMLAttributes<HTMLSelectElement>): Pick<SelectHTMLAttributes<HTMLSelectElement>, "defaultValue"> | undefined {
  if (props.multiple || !Array.isArray(props.defaultValue)) return undefined;
  return { defaultValue: props.defaultValue[0] };
}
