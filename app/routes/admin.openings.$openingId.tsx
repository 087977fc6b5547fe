import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { OpeningFields } from "~/components/openings/opening-fields";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { localized } from "~/modules/i18n/localized-text";
import { listDepartmentOptions } from "~/modules/offboarding/departure-queries.server";
import { openingSchema } from "~/modules/openings/forms";
import { findOpening, setOpeningStatus, updateOpening } from "~/modules/openings/openings.server";
import { REFERRERS_SHOWN } from "~/modules/openings/limits";
import { publicOpeningUrl, referrersOfOpening } from "~/modules/openings/referrals.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDate, formatNumber } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/**
 * One opening (HR admins): edit it, close or reopen it, and see which alumni asked for a referral
 * link and how many clicks each link had (people they passed it on to).
 */

const NOTICES = ["created", "saved", "closed", "reopened"] as const;
type Notice = (typeof NOTICES)[number];

function openingIdOf(params: { openingId?: string }): string {
  if (!isUuid(params.openingId)) throw notFound("No opening with this id.");
  return params.openingId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "openings");
  const openingId = openingIdOf(params);
  const db = getDb();
  const [opening, departments, referrers] = await Promise.all([findOpening(db, openingId), listDepartmentOptions(db), referrersOfOpening(db, openingId)]);
  if (!opening) throw notFound("No opening with this id.");
  const notice = new URL(request.url).searchParams.get("done");
  return json({
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    opening: { ...opening, createdAt: opening.createdAt.toISOString(), closedAt: opening.closedAt?.toISOString() ?? null },
    publicUrl: publicOpeningUrl(opening.id),
    departments,
    referrers: referrers.map((row) => ({ ...row, since: row.since.toISOString() })),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "openings");
  const openingId = openingIdOf(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const db = getDb();
  if (intent === "close" || intent === "reopen") {
    try {
      await setOpeningStatus(db, openingId, intent === "close" ? "closed" : "open", { userId: user.id });
    } catch (error) {
      if (isDomainFailure(error) && error.kind === "notFound") throw notFound("No opening with this id.");
      throw error;
    }
    return redirect(`/admin/openings/${openingId}?done=${intent === "close" ? "closed" : "reopened"}`);
  }
  const submission = parseWithZod(formData, { schema: openingSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateOpening(db, openingId, submission.value, { userId: user.id });
    return redirect(`/admin/openings/${openingId}?done=saved`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.editTitle", "openings");

export default function OpeningPage() {
  const { t } = useTranslation("openings");
  const { opening, departments, referrers, notice, locale, timeZone, publicUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => openingSchema(t), {
    id: "edit-opening",
    lastResult: actionData?.result,
    defaultValue: {
      titleEn: opening.title.en,
      titleFr: opening.title.fr,
      departmentId: opening.departmentId ?? "",
      location: opening.location,
      externalUrl: opening.externalUrl,
      descriptionEn: opening.description.en,
      descriptionFr: opening.description.fr,
    },
  });
  const open = opening.status === "open";
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/admin/openings">{t("admin.back")}</Link>
      </p>
      <PageHeader
        title={localized(opening.title, locale)}
        lead={
          <>
            <StatusBadge tone={open ? "success" : "neutral"}>{t(`status.${opening.status}`)}</StatusBadge> {t("admin.publicPage")}{" "}
            <a href={publicUrl}>{publicUrl}</a>
          </>
        }
      />
      {notice ? <Alert tone="success">{t(`admin.notices.${notice}`)}</Alert> : null}
      <section className="card stack" aria-labelledby="status-title">
        <h2 id="status-title">{t("admin.statusTitle")}</h2>
        <p className="muted">{open ? t("admin.closeHint") : t("admin.reopenHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value={open ? "close" : "reopen"} />
          <Button variant={open ? "danger" : "primary"}>{open ? t("admin.close") : t("admin.reopen")}</Button>
        </Form>
      </section>
      <section className="card stack" aria-labelledby="edit-title">
        <h2 id="edit-title">{t("admin.editTitle")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="save" />
          <OpeningFields fields={fields} departments={departments} />
          <Button pending={isPending}>{t("admin.save")}</Button>
        </Form>
      </section>
      <section className="card stack" aria-labelledby="referrers-title">
        <h2 id="referrers-title">{t("admin.referrersTitle")}</h2>
        <p className="muted">{t("admin.referrersLead", { max: REFERRERS_SHOWN })}</p>
        {referrers.length === 0 ? (
          <EmptyState headingLevel={3} title={t("admin.noReferrers")} description={t("admin.noReferrersHint")} />
        ) : (
          <TableScroll label={t("admin.referrersTitle")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.columns.alumnus")}</th>
                  <th scope="col">{t("admin.columns.linkSince")}</th>
                  <th scope="col">{t("admin.columns.clicks")}</th>
                </tr>
              </thead>
              <tbody>
                {referrers.map((row, index) => (
                  <tr key={row.userId ?? `erased-${index}`}>
                    <th scope="row">{row.name ?? t("admin.erasedPerson")}</th>
                    <td data-label={t("admin.columns.linkSince")}>{formatDate(row.since, locale, { timeZone })}</td>
                    <td data-label={t("admin.columns.clicks")}>{formatNumber(row.clicks, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
