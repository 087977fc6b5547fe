import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData, userAgentOf } from "~/modules/auth/http.server";
import {
  checkPasswordSetupToken,
  completePasswordSetup,
  registerSetPasswordAttempt,
  type PasswordSetupResult,
} from "~/modules/auth/invitations.server";
import type { TokenFailure } from "~/modules/auth/one-time-tokens.server";
import { retryAfterHeaders, throttledMessage } from "~/modules/auth/rate-limit.server";
import { PASSWORD_MIN_LENGTH, setPasswordSchema } from "~/modules/auth/schemas";
import { homePathFor } from "~/modules/auth/session.server";
import { authTranslator } from "~/modules/auth/translate.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { isDomainFailure } from "~/utils/failures";

type LinkProblem = TokenFailure | "inactive";

function statusFor(problem: LinkProblem): number {
  if (problem === "unknown") return 404;
  if (problem === "inactive") return 403;
  return 410;
}

/** Shows the form; the link is used only when a password is saved (POST). */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkPasswordSetupToken(params.token ?? "");
  if (check.ok) return json({ problem: null });
  return json({ problem: check.reason as LinkProblem }, { status: statusFor(check.reason) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const { t, locale } = await authTranslator(request);
  const submission = parseWithZod(await readFormData(request), { schema: setPasswordSchema(t) });
  const hideFields = ["password", "confirmPassword"];
  const attempt = await registerSetPasswordAttempt(token);
  if (!attempt.allowed) {
    return json(
      {
        result: submission.reply({
          formErrors: [throttledMessage(t, attempt.retryAfterMs)],
          hideFields,
        }),
        problem: null,
      },
      { status: 429, headers: retryAfterHeaders(attempt.retryAfterMs) },
    );
  }
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields }), problem: null }, { status: 400 });
  }
  let outcome: PasswordSetupResult;
  try {
    outcome = await completePasswordSetup({ token, password: submission.value.password, userAgent: userAgentOf(request) });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale, { hideFields }), problem: null }, { status: failureStatus(error) });
  }
  switch (outcome.status) {
    case "success":
      return redirect(homePathFor(outcome.user.role), { headers: { "Set-Cookie": outcome.cookie } });
    case "invalid_token":
      return json({ result: null, problem: outcome.reason as LinkProblem }, { status: statusFor(outcome.reason) });
    case "inactive":
      return json({ result: null, problem: "inactive" as LinkProblem }, { status: 403 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "setPassword.metaTitle", "auth");

export default function SetPasswordPage() {
  const { t } = useTranslation("auth");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const problem = actionData?.problem ?? loaderData.problem;
  const [form, fields] = useValidatedForm(() => setPasswordSchema(t), {
    id: "set-password",
    lastResult: actionData?.result,
  });

  if (problem) {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("setPassword.invalidTitle")} />
        <Alert tone="error">
          <p>{t(`setPassword.${problem}`)}</p>
        </Alert>
        <p>
          <Link to="/login">{t("setPassword.signIn")}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="card card--narrow">
      <PageHeader title={t("setPassword.title")} lead={t("setPassword.lead", { min: PASSWORD_MIN_LENGTH })} />
      <Form method="post" {...getFormProps(form)}>
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <Field
          label={t("setPassword.password")}
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: "password" }),
            autoComplete: "new-password",
            required: true,
            minLength: PASSWORD_MIN_LENGTH,
          }}
        />
        <Field
          label={t("setPassword.confirmPassword")}
          errors={fields.confirmPassword.errors}
          inputProps={{
            ...getInputProps(fields.confirmPassword, { type: "password" }),
            autoComplete: "new-password",
            required: true,
          }}
        />
        <Button block pending={isPending}>
          {t("setPassword.submit")}
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
