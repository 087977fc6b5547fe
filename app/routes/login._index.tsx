import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, HeadersFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData, userAgentOf } from "~/modules/auth/http.server";
import { retryAfterHeaders, throttledMessage } from "~/modules/auth/rate-limit.server";
import { passwordSignInSchema } from "~/modules/auth/schemas";
import { getSession, homePathFor, invalidateSession, redirectIfSignedIn, safeRedirectPath } from "~/modules/auth/session.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { authTranslator } from "~/modules/auth/translate.server";
import { getDb } from "~/utils/db.server";
import { retryAfterFromAction } from "~/utils/responses";

/** Built once per language, not on every render of the page. */
const signInSchemaFor = schemaPerLanguage(passwordSignInSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = await authTranslator(request);
  const submission = parseWithZod(await readFormData(request), { schema: passwordSignInSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const outcome = await signInWithPassword({ email, password, ip: context.clientIp, userAgent: userAgentOf(request) });
  switch (outcome.status) {
    case "throttled":
      return json(
        {
          result: submission.reply({
            formErrors: [throttledMessage(t, outcome.retryAfterMs)],
            hideFields: ["password"],
          }),
        },
        { status: 429, headers: retryAfterHeaders(outcome.retryAfterMs) },
      );
    case "invalid":
      return json(
        { result: submission.reply({ formErrors: [t("errors.invalidCredentials")], hideFields: ["password"] }) },
        { status: 400 },
      );
    case "inactive":
      return json(
        { result: submission.reply({ formErrors: [t("errors.inactive")], hideFields: ["password"] }) },
        { status: 403 },
      );
    case "success": {
      // Someone else's session in this browser ends here rather than lingering until it expires.
      const previous = await getSession(request);
      if (previous) await invalidateSession(getDb(), previous.sessionId);
      return redirect(safeRedirectPath(redirectTo, homePathFor(outcome.user.role)), {
        headers: { "Set-Cookie": outcome.cookie },
      });
    }
  }
}

/** A throttled sign-in's Retry-After reaches the browser also when the form was posted without JavaScript. */
export const headers: HeadersFunction = retryAfterFromAction;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.metaTitle", "auth");

export default function LoginPage() {
  const { t, i18n } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useValidatedForm(() => signInSchemaFor(i18n.language, t), {
    id: "login",
    lastResult: actionData?.result,
  });
  const linkPage = redirectTo ? `/login/link?${new URLSearchParams({ redirectTo })}` : "/login/link";

  return (
    <div className="card card--narrow">
      <PageHeader title={t("login.title")} lead={t("login.lead")} />
      <Form method="post" {...getFormProps(form)}>
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label={t("login.email")}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username", required: true }}
        />
        <Field
          label={t("login.password")}
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: "password" }),
            autoComplete: "current-password",
            required: true,
          }}
        />
        <Button block pending={isPending}>
          {t("login.submit")}
        </Button>
      </Form>
      <section aria-labelledby="alumni-sign-in" className="card__footer">
        <h2 id="alumni-sign-in">{t("login.alumniTitle")}</h2>
        <p>{t("login.alumniLead")}</p>
        <p>
          <Link to={linkPage}>{t("login.alumniLink")}</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
