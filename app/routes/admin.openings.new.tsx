import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { OpeningFields } from "~/components/openings/opening-fields";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { openingSchema } from "~/modules/openings/forms";
import { createOpening } from "~/modules/openings/openings.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";

/** Post an opening (HR admins): it is open at once, for alumni who asked to hear about openings. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "openings");
  return json({ departments: await listDepartmentOptions(getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "openings");
  const submission = parseWithZod(await readFormData(request), { schema: openingSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const { id } = await createOpening(getDb(), submission.value, { userId: user.id });
    return redirect(`/admin/openings/${id}?done=created`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.newTitle", "openings");

export default function NewOpeningPage() {
  const { t } = useTranslation("openings");
  const { departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => openingSchema(t), { id: "new-opening", lastResult: actionData?.result });
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/openings">{t("admin.back")}</Link>
      </p>
      <PageHeader title={t("admin.newTitle")} lead={t("admin.newLead")} />
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <OpeningFields fields={fields} departments={departments} />
        <Button pending={isPending}>{t("admin.create")}</Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
