import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
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
import { requireRole } from "~/modules/auth/guards.server";
import { serializeBlankSessionCookie } from "~/modules/auth/session.server";
import { EXIT_FLOW_ROLES } from "~/modules/exit/flow-access.server";
import { maySelfErase } from "~/modules/privacy/erasure-access.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { selfErasureSchema } from "~/modules/privacy/forms";
import { getDb } from "~/utils/db.server";

/**
 * "Delete my account" (docs/decisions/030): what goes, what stays, a box to tick, then a POST that
 * records the request, signs the person out everywhere and shows /data-erased. The erasure job
 * does the rest within minutes. For whoever may manage alumni choices (alumni.preferences):
 * an alumnus, or a leaver who joined the network.
 */

async function requireSelfEraser(request: Request) {
  const visitor = await requireRole(request, ["alumnus", ...EXIT_FLOW_ROLES], "alumni");
  if (!(await maySelfErase(getDb(), visitor.user))) throw redirect("/exit/alumni");
  return visitor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSelfEraser(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireSelfEraser(request);
  const submission = parseWithZod(await readFormData(request), { schema: selfErasureSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  await requestErasure(getDb(), { userId: user.id, requestedBy: { userId: user.id }, reason: "self" });
  // The request ended every session already; this clears the browser's cookie too.
  return redirect("/data-erased", { headers: { "Set-Cookie": serializeBlankSessionCookie() } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dataDelete.title", "alumni");

const GOES = ["profile", "consents", "emails", "shares", "answers", "account"] as const;
const STAYS = ["suppression", "aggregates", "departure", "audit"] as const;

export default function DeleteMyAccount() {
  const { t } = useTranslation("alumni");
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => selfErasureSchema(t), { id: "delete-account", lastResult: actionData?.result });
  return (
    <>
      <PageHeader title={t("dataDelete.title")} />
      <section className="card narrow-page stack">
        <p>{t("dataDelete.intro")}</p>
        <h2>{t("dataDelete.goesTitle")}</h2>
        <ul>
          {GOES.map((key) => (
            <li key={key}>{t(`dataDelete.goes.${key}`)}</li>
          ))}
        </ul>
        <h2>{t("dataDelete.staysTitle")}</h2>
        <ul>
          {STAYS.map((key) => (
            <li key={key}>{t(`dataDelete.stays.${key}`)}</li>
          ))}
        </ul>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("dataDelete.confirmLabel")}
            errors={fields.confirm.errors}
            inputProps={{ ...getInputProps(fields.confirm, { type: "checkbox", value: "yes" }) }}
          />
          <div className="button-row">
            <Button variant="danger" pending={isPending}>
              {t("dataDelete.submit")}
            </Button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
