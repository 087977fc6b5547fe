import { getCollectionProps, getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FlowSteps } from "~/components/flow-progress";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { CONSENT_PURPOSES, consentText } from "~/modules/alumni/consents";
import { alumniStepOpen, findLeaverExit } from "~/modules/alumni/leaver.server";
import {
  declineAlumniNetwork,
  joinAlumniNetwork,
  loadAlumniPreferences,
  resendConfirmation,
  type Actor,
} from "~/modules/alumni/membership.server";
import { companyDomainOf, CONFIRMATION_DAYS, joinSchema } from "~/modules/alumni/profile";
import { readFormData } from "~/modules/auth/http.server";
import type { SessionUser } from "~/modules/auth/session.server";
import { requireExitFlowUser } from "~/modules/exit/flow-access.server";
import { AlreadySentNotice, saysAlreadySent } from "~/components/exit/flow-notices";
import { isSupportedLocale, type AppLocale } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";

/**
 * The alumni invitation, after the exit survey: what the network offers, a join form (personal
 * address, optional LinkedIn profile, five separate consents, none ticked for the person) and a
 * one-click decline. The choice can be changed here until the account stops being a leaver's.
 */

/** Everything the person could mean by "my work address": refused as the personal one. */
function workAddresses(user: SessionUser, employeeEmail: string) {
  const workEmails = [...new Set([user.email, employeeEmail].map((e) => e.toLowerCase()))];
  const companyDomains = [...new Set(workEmails.map(companyDomainOf).filter((d): d is string => d !== null))];
  return { workEmails, companyDomains };
}

async function openStep(request: Request) {
  const { user, locale } = await requireExitFlowUser(request, "alumni");
  const exit = await findLeaverExit(getDb(), user.id);
  if (!alumniStepOpen(exit)) throw redirect("/exit");
  return { user, locale, exit };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, exit } = await openStep(request);
  const { profile, consents } = await loadAlumniPreferences(getDb(), user.id);
  const joined = exit.invitation.alumniDecision === "joined" && profile !== undefined;
  return json({
    locale,
    companyName: getEnv().COMPANY_NAME,
    decision: exit.invitation.alumniDecision,
    lastDay: exit.lastDay,
    confirmed: joined ? profile.confirmed : false,
    defaults: {
      personalEmail: joined ? profile.personalEmail : (exit.knownPersonalEmail ?? ""),
      linkedinUrl: joined ? (profile.linkedinUrl ?? "") : "",
      consents: joined ? CONSENT_PURPOSES.filter((p) => consents[p].granted) : [],
    },
    work: workAddresses(user, exit.employeeEmail),
    // A survey page sent from another tab after the survey was sent: its answers were not kept.
    alreadySent: saysAlreadySent(new URL(request.url)),
  });
}

type Notice = "resent" | "resendThrottled" | "resendNotNeeded";

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, locale: preferred, exit } = await openStep(request);
  const form = await readFormData(request);
  // Errors come in the language the form was shown in.
  const shown = form.get("shownLocale");
  const locale: AppLocale = isSupportedLocale(shown) ? shown : preferred;
  const t = translator(locale, "alumni");
  const actor: Actor = { userId: user.id, name: user.name, locale, ip: context.clientIp };

  switch (form.get("intent")) {
    case "decline": {
      const result = await declineAlumniNetwork(actor);
      return redirect(result.status === "ok" ? "/exit/thanks" : "/exit");
    }
    case "resend": {
      const outcome = await resendConfirmation(actor);
      const notice: Notice = outcome === "sent" ? "resent" : outcome === "throttled" ? "resendThrottled" : "resendNotNeeded";
      return json({ notice, result: null }, { status: outcome === "throttled" ? 429 : 200 });
    }
    case "join": {
      const submission = parseWithZod(form, { schema: joinSchema(t, workAddresses(user, exit.employeeEmail)) });
      if (submission.status !== "success") {
        return json({ notice: null, result: submission.reply() }, { status: 400 });
      }
      const { personalEmail, linkedinUrl, consents } = submission.value;
      const result = await joinAlumniNetwork(actor, { personalEmail, linkedinUrl, consents });
      if (result.status !== "ok") return redirect("/exit");
      return redirect(result.confirmation === "throttled" ? "/exit/thanks?confirmation=throttled" : "/exit/thanks");
    }
    default:
      return json(
        { notice: null, result: { status: "error" as const, error: { "": [t("validation.invalidRequest")] } } },
        { status: 400 },
      );
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "step.metaTitle", "alumni");

export default function AlumniStep() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pendingForm = usePendingFormData();
  const { t } = useTranslation("alumni");
  const { locale, companyName, decision, confirmed, defaults, work } = data;
  const lastDay = formatDate(data.lastDay, locale);
  const joined = decision === "joined";
  const pendingIntent = pendingForm?.get("intent") ?? null;
  const [form, fields] = useValidatedForm(() => joinSchema(t, work), {
    id: "alumni-join",
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  const consentBoxes = getCollectionProps(fields.consents, { type: "checkbox", options: [...CONSENT_PURPOSES] });

  return (
    <div className="narrow-page alumni-step">
      <FlowSteps current="alumni" />
      <PageHeader title={t("step.title", { company: companyName })} lead={t("step.lead", { company: companyName })} />
      {data.alreadySent ? <AlreadySentNotice /> : null}

      {joined ? (
        <Alert tone="info">
          <p>{t("step.currentJoined", { date: lastDay })}</p>
          {!confirmed ? <p>{t("step.currentJoinedUnconfirmed", { email: defaults.personalEmail })}</p> : null}
        </Alert>
      ) : decision === "declined" ? (
        <Alert tone="info">{t("step.currentDeclined", { date: lastDay })}</Alert>
      ) : null}
      {actionData?.notice ? (
        <Alert tone={actionData.notice === "resendThrottled" ? "error" : "success"}>
          {t(`step.${actionData.notice}`, { email: defaults.personalEmail, days: CONFIRMATION_DAYS })}
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="alumni-offers-title">
        <h2 id="alumni-offers-title">{t("step.offersTitle")}</h2>
        <ul className="check-list">
          {CONSENT_PURPOSES.map((purpose) => (
            <li key={purpose}>{t(`step.offers.${purpose}`)}</li>
          ))}
        </ul>
        <p className="muted alumni-step__note">{t("step.offersNote")}</p>
      </section>

      <section className="card" aria-labelledby="alumni-join-title">
        <h2 id="alumni-join-title">{t("step.joinTitle")}</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="join" />
          <input type="hidden" name="shownLocale" value={locale} />
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("step.personalEmail")}
            hint={t("step.personalEmailHint")}
            errors={fields.personalEmail.errors}
            inputProps={{ ...getInputProps(fields.personalEmail, { type: "email" }), autoComplete: "email", required: true }}
          />
          <Field
            label={t("step.linkedinUrl")}
            hint={t("step.linkedinHint")}
            errors={fields.linkedinUrl.errors}
            inputProps={{ ...getInputProps(fields.linkedinUrl, { type: "text" }), autoComplete: "url", inputMode: "url", spellCheck: false, autoCapitalize: "none" }}
          />
          <fieldset className="alumni-consents" aria-describedby="alumni-consents-hint">
            <legend>{t("step.consentsLegend")}</legend>
            <p id="alumni-consents-hint" className="field__hint">
              {t("step.consentsHint")}
            </p>
            {consentBoxes.map((props) => {
              const text = consentText(props.value as (typeof CONSENT_PURPOSES)[number], locale, companyName);
              return <Field key={props.value} label={text.label} hint={text.description} inputProps={props} />;
            })}
          </fieldset>
          <Button pending={pendingIntent === "join"} pendingLabel={t("step.saving")}>
            {joined ? t("step.update") : t("step.join")}
          </Button>
        </Form>
      </section>

      {joined && !confirmed ? (
        <section className="card" aria-labelledby="alumni-resend-title">
          <h2 id="alumni-resend-title">{t("step.resend")}</h2>
          <p>{t("thanks.resendLead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend" />
            <Button variant="ghost" pending={pendingIntent === "resend"}>
              {t("step.resend")}
            </Button>
          </Form>
        </section>
      ) : null}

      {decision !== "declined" ? (
        <section className="card alumni-step__decline" aria-labelledby="alumni-decline-title">
          <h2 id="alumni-decline-title">{t("step.declineTitle")}</h2>
          <p>{t("step.declineLead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="decline" />
            <input type="hidden" name="shownLocale" value={locale} />
            <Button variant="ghost" pending={pendingIntent === "decline"}>
              {t("step.decline")}
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
