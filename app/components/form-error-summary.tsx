/**
 * FormErrorSummary: errors that belong to the whole form rather than one field ("Wrong email or
 * password", "This link has expired"). Renders nothing when there are none.
 *
 *   <Form {...getFormProps(form)}>                                        // conform
 *     <FormErrorSummary id={form.errorId} errors={form.errors} />
 *
 *   <FormErrorSummary errors={actionData?.formErrors} title={t("fixThese")} />  // plain
 *
 * With conform, pass `id={form.errorId}`: getFormProps points the form's aria-describedby at it.
 * Field errors belong beside their field (see Field), not here.
 */
import type { ReactNode } from "react";

export interface FormErrorSummaryProps {
  errors?: readonly string[] | null;
  /** A heading above the list, e.g. "We could not sign you in". */
  title?: ReactNode;
  id?: string;
}

export function FormErrorSummary({ errors, title, id }: FormErrorSummaryProps) {
  const messages = (errors ?? []).filter((message) => message.length > 0);
  if (messages.length === 0) return null;
  return (
    <div id={id} role="alert" className="alert alert--error form-error-summary">
      {title ? <p className="alert__title">{title}</p> : null}
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul>
          {messages.map((message, index) => (
            <li key={`${index}:${message}`}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
