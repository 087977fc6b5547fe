import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ConfirmDangerForm } from "~/components/confirm-danger-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { findUserById } from "~/modules/auth/users.server";
import { failureText } from "~/modules/i18n/failure-text";
import { eraseOnBehalf, erasureState, hrMayErase } from "~/modules/privacy/erasure-access.server";
import { getDb } from "~/utils/db.server";
import { isDomainFailure } from "~/utils/failures";
import { UUID_PATTERN as UUID } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * HR erases a leaver's or an alumnus's personal data on their behalf (docs/decisions/030): a page of
 * its own, so that it takes a second, deliberate click. Staff accounts and the admin's own are
 * refused. The request is audit-logged by ids only (requestErasure).
 * The file name's `people_` keeps it out of the People page's layout, which has no outlet: nested
 * there, the URL showed the people list and never this page's form.
 */

async function personFrom(params: { userId?: string }) {
  if (!params.userId || !UUID.test(params.userId)) throw notFound("There is no person with this id.");
  const person = await findUserById(getDb(), params.userId);
  if (!person) throw notFound("There is no person with this id.");
  return person;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireHrAdmin(request, "admin");
  const person = await personFrom(params);
  const state = await erasureState(getDb(), person.id);
  return json({
    person: { id: person.id, name: state === "none" ? person.name : null, role: person.role },
    refusal: hrMayErase(user, person),
    state,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale } = await requireHrAdmin(request, "admin");
  const person = await personFrom(params);
  try {
    await eraseOnBehalf(getDb(), { userId: person.id, admin: user });
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ error: error.failures.map((failure) => failureText(failure, locale)).join(" ") }, { status: 403 });
  }
  return redirect(`/admin/people/${person.id}/erase`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "erasure.title", "admin");

export default function EraseOnBehalf() {
  const { t } = useTranslation("admin");
  const { person, refusal, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("erasure.title")} />
      <section className="card narrow-page stack">
        {actionData?.error ? <Alert tone="error">{actionData.error}</Alert> : null}
        {state === "done" ? (
          <Alert tone="success">{t("erasure.done")}</Alert>
        ) : state === "pending" ? (
          <Alert tone="info">{t("erasure.pending")}</Alert>
        ) : refusal ? (
          <Alert tone="error">{t(refusal === "self" ? "erasure.refusedSelf" : "erasure.refusedStaff")}</Alert>
        ) : (
          <>
            <p>{t("erasure.confirm", { name: person.name })}</p>
            <p className="muted">{t("erasure.explain")}</p>
            <ConfirmDangerForm submitLabel={t("erasure.submit")} cancelTo="/admin/departures" cancelLabel={t("erasure.cancel")} />
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
