import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireSurveyAdmin, runSurveyChange } from "~/modules/surveys/admin.server";
import { surveyCreateSchema } from "~/modules/surveys/builder";
import { createSurvey } from "~/modules/surveys/builder.server";
import { ConfidentialityChoice } from "~/components/surveys/confidentiality-explainer";
import { SurveyNameFields } from "~/components/surveys/survey-name-fields";
import { SURVEY_KINDS } from "~/modules/surveys/definition";

/** A new survey: its kind, its name and who may read the answers. Questions come next. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSurveyAdmin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { t, locale, actor } = await requireSurveyAdmin(request);
  const submission = parseWithZod(await readFormData(request), { schema: surveyCreateSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await runSurveyChange(submission, {}, locale, () => createSurvey(submission.value, actor));
  if (!outcome.ok) return outcome.response;
  return redirect(`/admin/surveys/${outcome.value.id}?notice=created`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "builder.create.title", "surveys");

export default function NewSurveyPage() {
  const { t } = useTranslation("surveys");
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => surveyCreateSchema(t), {
    id: "survey-new",
    lastResult: actionData?.result,
    defaultValue: { kind: "exit", confidentiality: "confidential" },
  });
  return (
    <>
      <p className="settings-back">
        <Link to="/admin/surveys">{t("builder.backToList")}</Link>
      </p>
      <PageHeader title={t("builder.create.title")} lead={t("builder.create.lead")} />
      <section className="card narrow-page">
        <Form method="post" {...getFormProps(form)}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <fieldset className="fieldset">
            <legend>{t("builder.fields.kind")}</legend>
            {SURVEY_KINDS.map((kind) => (
              <Field
                key={kind}
                label={t(`builder.kinds.${kind}`)}
                hint={t(`builder.create.kindHint.${kind}`)}
                inputProps={{
                  type: "radio",
                  id: `kind-${kind}`,
                  name: fields.kind.name,
                  value: kind,
                  defaultChecked: (fields.kind.initialValue ?? "exit") === kind,
                }}
              />
            ))}
            {fields.kind.errors ? <p className="field__error">{fields.kind.errors.join(" ")}</p> : null}
          </fieldset>
          <SurveyNameFields nameEn={fields.nameEn} nameFr={fields.nameFr} hint={t("builder.create.nameHint")} />
          <ConfidentialityChoice
            name={fields.confidentiality.name}
            defaultValue={fields.confidentiality.initialValue as string | undefined}
            errors={fields.confidentiality.errors}
          />
          <Button pending={isPending} pendingLabel={t("builder.saving")}>
            {t("builder.create.submit")}
          </Button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
