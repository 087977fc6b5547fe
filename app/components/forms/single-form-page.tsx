/**
 * A page that is one form saving a few settings (anonymity, usual departure dates, a task owner's
 * reminders): the header, the confirmation after a save, and a card with the form, its errors, the
 * save button (pending while this page's form is sent) and the way back.
 *
 *   <SingleFormPage title={t("anonymity.title")} lead={t("anonymity.lead")}
 *     saved={saved ? t("anonymity.saved") : null} form={form}
 *     submit={{ label: t("anonymity.submit"), pendingLabel: t("saving") }}
 *     back={{ to: "/admin/settings", label: t("backToSettings") }}>
 *     <Field … />
 *   </SingleFormPage>
 */
import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { useIsPending } from "./use-is-pending";

export interface SingleFormPageProps {
  title: string;
  lead: string;
  /** The confirmation shown after a save, or null. */
  saved: string | null;
  form: FormMetadata<any, string[]>;
  submit: { label: string; pendingLabel: string };
  back: { to: string; label: string };
  /** The form's fields. */
  children: ReactNode;
}

export function SingleFormPage({ title, lead, saved, form, submit, back, children }: SingleFormPageProps) {
  const isPending = useIsPending();
  return (
    <div className="narrow-page">
      <PageHeader title={title} lead={lead} />
      {saved ? <Alert tone="success">{saved}</Alert> : null}
      <section className="card">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          {children}
          <div className="form-actions">
            <Button pending={isPending} pendingLabel={submit.pendingLabel}>
              {submit.label}
            </Button>
            <Link to={back.to}>{back.label}</Link>
          </div>
        </Form>
      </section>
    </div>
  );
}
