import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
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
import { createCompanyPost } from "~/modules/feeds/company-posts.server";
import { postFormSchema } from "~/modules/feeds/forms";
import { POST_LIMITS } from "~/modules/feeds/limits";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/** A company post HR writes (title, text, link, image): approved at once, or sent to the review queue. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "feeds");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "feeds");
  const submission = parseWithZod(await readFormData(request), { schema: postFormSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const { review, ...post } = submission.value;
  try {
    await createCompanyPost(getDb(), post, { userId: user.id }, { approve: !review });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
  return redirect(`/admin/feed?notice=${review ? "postQueued" : "posted"}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "posts.metaTitle", "feeds");

export default function NewCompanyPostPage() {
  const { t } = useTranslation("feeds");
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => postFormSchema(t), { id: "new-post", lastResult: actionData?.result });
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/feed">{t("posts.back")}</Link>
      </p>
      <PageHeader title={t("posts.title")} lead={t("posts.lead")} />
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <Field label={t("posts.fields.title")} errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: "text" }), required: true, maxLength: POST_LIMITS.title }} />
        <Field label={t("posts.fields.text")} hint={t("posts.fields.textHint")} errors={fields.text.errors} textareaProps={{ ...getTextareaProps(fields.text), rows: 8, maxLength: POST_LIMITS.text }} />
        <Field label={t("posts.fields.link")} errors={fields.link.errors} inputProps={{ ...getInputProps(fields.link, { type: "url" }), maxLength: POST_LIMITS.url }} />
        <Field label={t("posts.fields.imageUrl")} errors={fields.imageUrl.errors} inputProps={{ ...getInputProps(fields.imageUrl, { type: "url" }), maxLength: POST_LIMITS.url }} />
        <Field label={t("posts.fields.review")} errors={fields.review.errors} inputProps={{ ...getInputProps(fields.review, { type: "checkbox" }) }} />
        <Button pending={isPending}>{t("posts.submit")}</Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
