import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { ISSUE_LIMITS, newIssueSchema } from "~/modules/newsletter/issue";
import { createIssue } from "~/modules/newsletter/issues.server";
import { getDb } from "~/utils/db.server";

/** A new draft issue: its English subject, then the Compose tab. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "newsletter");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireHrAdmin(request, "newsletter");
  const submission = parseWithZod(await readFormData(request), { schema: newIssueSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const { issueId } = await createIssue(getDb(), submission.value, { userId: user.id });
  return redirect(`/admin/newsletter/${issueId}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "new.metaTitle", "newsletter");

export default function NewIssuePage() {
  const { t } = useTranslation("newsletter");
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => newIssueSchema(t), { id: "new-issue", lastResult: actionData?.result });
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/newsletter">{t("new.back")}</Link>
      </p>
      <PageHeader title={t("new.title")} lead={t("new.lead")} />
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <Field
          label={t("new.subject")}
          hint={t("new.subjectHint")}
          errors={fields.subject.errors}
          inputProps={{ ...getInputProps(fields.subject, { type: "text" }), required: true, maxLength: ISSUE_LIMITS.subject }}
        />
        <Button pending={isPending}>{t("new.submit")}</Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
