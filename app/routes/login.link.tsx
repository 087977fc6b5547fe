import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, HeadersFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { MAGIC_LINK_MINUTES } from "~/modules/auth/magic-link.server";
import { retryAfterHeaders, throttledMessage } from "~/modules/auth/rate-limit.server";
import { magicLinkRequestSchema } from "~/modules/auth/schemas";
import { redirectIfSignedIn } from "~/modules/auth/session.server";
import { authTranslator } from "~/modules/auth/translate.server";
import { requestMagicLink } from "~/modules/auth/magic-link-request.server";
import { retryAfterFromAction } from "~/utils/responses";

/** Built once per language, not on every render of the page. */
const linkRequestSchemaFor = schemaPerLanguage(magicLinkRequestSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request);
  return json({ minutes: MAGIC_LINK_MINUTES });
}

/** Also the target of the "get a new link" form on an expired or used link's page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { t, locale } = await authTranslator(request);
  const submission = parseWithZod(await readFormData(request), { schema: magicLinkRequestSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  }
  const { email, redirectTo } = submission.value;
  const outcome = await requestMagicLink({ email, ip: context.clientIp, locale, redirectTo });
  if (outcome.status === "throttled") {
    return json(
      {
        result: submission.reply({ formErrors: [throttledMessage(t, outcome.retryAfterMs)] }),
        sentTo: null,
      },
      { status: 429, headers: retryAfterHeaders(outcome.retryAfterMs) },
    );
  }
  // The same answer whether or not the address has an account.
  return json({ result: submission.reply({ resetForm: true }), sentTo: email });
}

/** A throttled sign-in's Retry-After reaches the browser also when the form was posted without JavaScript. */
export const headers: HeadersFunction = retryAfterFromAction;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "link.metaTitle", "auth");

export default function MagicLinkRequestPage() {
  const { t, i18n } = useTranslation("auth");
  // From the loader: a `.server` module's constant is undefined in the browser bundle.
  const { minutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useValidatedForm(() => linkRequestSchemaFor(i18n.language, t), {
    id: "magic-link",
    lastResult: actionData?.result,
  });

  if (actionData?.sentTo) {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("link.sentTitle")} />
        <Alert tone="success">
          <p>{t("link.sent", { email: actionData.sentTo, minutes })}</p>
        </Alert>
        <p>{t("link.sentHint")}</p>
        <p>
          <Link to={redirectTo ? `/login/link?${new URLSearchParams({ redirectTo })}` : "/login/link"}>
            {t("link.again")}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="card card--narrow">
      <PageHeader title={t("link.title")} lead={t("link.lead")} />
      <Form method="post" {...getFormProps(form)}>
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label={t("link.email")}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email", required: true }}
        />
        <Button block pending={isPending}>
          {t("link.submit")}
        </Button>
      </Form>
      <p className="card__footer">
        {t("link.staffHint")} <Link to="/login">{t("link.staffLink")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
