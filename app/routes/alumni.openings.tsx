import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireMember } from "~/modules/alumni/member-guard.server";
import { readFormData } from "~/modules/auth/http.server";
import { localized } from "~/modules/i18n/localized-text";
import { boomerangInterest, flagBoomerangInterest, withdrawBoomerangInterest } from "~/modules/openings/boomerang.server";
import { hasConsent } from "~/modules/alumni/consents.server";
import { BOOMERANG_NOTE_MAX, boomerangSchema } from "~/modules/openings/forms";
import { listOpenOpenings } from "~/modules/openings/openings.server";
import { myReferrals, referralLinkFor } from "~/modules/openings/referrals.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure } from "~/utils/failures";
import { formatDate, formatNumber } from "~/utils/format";

/**
 * The alumni openings page (issue 14, ADR 034). Anyone in the network can say they would consider
 * coming back, or withdraw it: that is their own explicit choice. The openings themselves, and a
 * referral link per opening to pass on, are shown only to those whose latest `openings` choice is a
 * grant; the others are told where to turn it on. A referral link is created when asked for (POST),
 * never by showing the page.
 */

const NOTICES = ["flagged", "updated", "withdrawn", "referral"] as const;
type Notice = (typeof NOTICES)[number];

const referralSchema = z.object({ openingId: z.uuid() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireMember(request, "openings");
  const db = getDb();
  const [consented, interest] = await Promise.all([hasConsent(db, user.id, "openings"), boomerangInterest(db, user.id)]);
  const [openings, referrals] = consented ? await Promise.all([listOpenOpenings(db), myReferrals(db, user.id)]) : [[], new Map()];
  const notice = new URL(request.url).searchParams.get("done");
  return json({
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    companyName: getEnv().COMPANY_NAME,
    consented,
    interest: interest ? { since: interest.since.toISOString(), note: interest.note ?? "" } : null,
    openings: openings.map((opening) => ({
      id: opening.id,
      title: opening.title,
      description: opening.description,
      department: opening.department,
      location: opening.location,
      externalUrl: opening.externalUrl,
      referral: referrals.get(opening.id) ?? null,
    })),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireMember(request, "openings");
  const db = getDb();
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "withdraw") {
    await withdrawBoomerangInterest(db, user.id);
    return redirect("/alumni/openings?done=withdrawn#boomerang");
  }
  if (intent === "boomerang") {
    const submission = parseWithZod(formData, { schema: boomerangSchema(t) });
    if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
    const before = await boomerangInterest(db, user.id);
    await flagBoomerangInterest(db, user.id, submission.value.note);
    return redirect(`/alumni/openings?done=${before ? "updated" : "flagged"}#boomerang`);
  }
  if (intent === "referral") {
    const parsed = referralSchema.safeParse({ openingId: formData.get("openingId") });
    if (!parsed.success) return json({ error: t("page.errors.unknownOpening") }, { status: 400 });
    // Referral links are for people who asked to hear about openings: the page shows them nothing else.
    if (!(await hasConsent(db, user.id, "openings"))) return json({ error: t("page.errors.noConsent") }, { status: 403 });
    try {
      await referralLinkFor(db, parsed.data.openingId, user.id);
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      return json({ error: t(error.kind === "notFound" ? "page.errors.unknownOpening" : "page.errors.closed") }, { status: error.kind === "notFound" ? 404 : 409 });
    }
    return redirect(`/alumni/openings?done=referral#opening-${parsed.data.openingId}`);
  }
  return json({ error: t("page.errors.unknownOpening") }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "page.title", "openings");

export default function AlumniOpeningsPage() {
  const { t } = useTranslation("openings");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: SubmissionResult<string[]>; error?: string } | undefined;
  const { consented, openings, notice, locale } = data;
  return (
    <div className="stack">
      <PageHeader title={t("page.title")} lead={t("page.lead", { company: data.companyName })} />
      {notice ? <Alert tone="success">{t(`page.notices.${notice}`)}</Alert> : null}
      {actionData?.error ? <Alert tone="error">{actionData.error}</Alert> : null}
      <BoomerangCard interest={data.interest} lastResult={actionData?.result} locale={locale} timeZone={data.timeZone} />
      <section className="stack" aria-labelledby="openings-title">
        <h2 id="openings-title">{t("page.openingsTitle")}</h2>
        {!consented ? (
          <Alert tone="info" title={t("page.noConsentTitle")}>
            <p>{t("page.noConsent")}</p>
            <p>
              <Link to="/alumni/preferences">{t("page.preferencesLink")}</Link>
            </p>
          </Alert>
        ) : openings.length === 0 ? (
          <EmptyState headingLevel={3} title={t("page.empty")} description={t("page.emptyHint")} />
        ) : (
          <ul className="stack openings-list">
            {openings.map((opening) => {
              const title = localized(opening.title, locale);
              const description = localized(opening.description, locale);
              return (
                <li key={opening.id} id={`opening-${opening.id}`} className="card stack">
                  <h3>{title}</h3>
                  <p className="muted">{[opening.department, opening.location].filter(Boolean).join(" · ")}</p>
                  {description ? <p className="opening-description">{description}</p> : null}
                  <p>
                    <a href={opening.externalUrl} rel="noopener noreferrer" target="_blank">
                      {t("page.viewRole")}
                      <span className="visually-hidden">: {title}</span>
                    </a>
                  </p>
                  {opening.referral ? (
                    <div className="stack">
                      <Field
                        label={t("page.referralLabel")}
                        hint={t("page.referralHint", { count: opening.referral.clicks, formatted: formatNumber(opening.referral.clicks, locale) })}
                        inputProps={{ id: `referral-${opening.id}`, type: "url", readOnly: true, value: opening.referral.url }}
                      />
                    </div>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="referral" />
                      <input type="hidden" name="openingId" value={opening.id} />
                      <Button variant="ghost" size="small">
                        {t("page.getReferral")}
                        <span className="visually-hidden">: {title}</span>
                      </Button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

function BoomerangCard({ interest, lastResult, locale, timeZone }: { interest: { since: string; note: string } | null; lastResult?: SubmissionResult<string[]>; locale: string; timeZone: string }) {
  const { t } = useTranslation("openings");
  const [form, fields] = useValidatedForm(() => boomerangSchema(t), { id: "boomerang", lastResult, defaultValue: { note: interest?.note ?? "" } });
  return (
    <section className="card stack" id="boomerang" aria-labelledby="boomerang-title">
      <h2 id="boomerang-title">{t("boomerang.title")}</h2>
      <p>{interest ? t("boomerang.flaggedSince", { date: formatDate(interest.since, locale, { timeZone }) }) : t("boomerang.lead")}</p>
      <p className="muted">{t("boomerang.whoSees")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="boomerang" />
        <Field
          label={t("boomerang.note")}
          hint={t("boomerang.noteHint", { max: BOOMERANG_NOTE_MAX })}
          errors={fields.note.errors}
          textareaProps={{ ...getTextareaProps(fields.note), rows: 3, maxLength: BOOMERANG_NOTE_MAX }}
        />
        <div className="form-actions">
          <Button>{interest ? t("boomerang.update") : t("boomerang.flag")}</Button>
        </div>
      </Form>
      {interest ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <Button variant="ghost">{t("boomerang.withdraw")}</Button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
