import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlowSteps } from "~/components/flow-progress";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { alumniStepOpen, findLeaverExit } from "~/modules/alumni/leaver.server";
import { findAlumniProfile } from "~/modules/alumni/membership.server";
import { requireExitFlowUser } from "~/modules/exit/flow-access.server";
import { AlreadySentNotice, saysAlreadySent } from "~/components/exit/flow-notices";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";

/** The end of the exit flow: thanks, and what happens next given the alumni choice. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireExitFlowUser(request);
  const exit = await findLeaverExit(getDb(), user.id);
  if (!alumniStepOpen(exit)) throw redirect("/exit");
  const profile = exit.invitation.alumniDecision === "joined" ? await findAlumniProfile(getDb(), user.id) : undefined;
  return json({
    locale,
    companyName: getEnv().COMPANY_NAME,
    decision: profile ? "joined" : exit.invitation.alumniDecision === "declined" ? "declined" : null,
    personalEmail: profile?.personalEmail ?? null,
    confirmed: profile?.confirmed ?? false,
    lastDay: exit.lastDay,
    lastDayPassed: exit.lastDay < todayIn(getEnv().COMPANY_TIME_ZONE),
    confirmationThrottled: new URL(request.url).searchParams.get("confirmation") === "throttled",
    // A survey page sent from another tab after the survey was sent: its answers were not kept.
    alreadySent: saysAlreadySent(new URL(request.url)),
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "thanks.metaTitle", "alumni");

export default function ExitThanks() {
  const { locale, companyName, decision, personalEmail, confirmed, confirmationThrottled, ...data } = useLoaderData<typeof loader>();
  const { t } = useTranslation("alumni");
  const isPending = useIsPending();
  const lastDay = formatDate(data.lastDay, locale);
  return (
    <div className="narrow-page alumni-step">
      <FlowSteps current="done" />
      <PageHeader title={t("thanks.title")} lead={t("thanks.lead", { company: companyName })} />
      {data.alreadySent ? <AlreadySentNotice /> : null}
      {confirmationThrottled ? <Alert tone="error">{t("step.confirmThrottled")}</Alert> : null}
      <section className="card" aria-labelledby="thanks-next-title">
        <h2 id="thanks-next-title">{t("thanks.nextTitle")}</h2>
        {decision === "joined" && personalEmail ? (
          <>
            <p>{confirmed ? t("thanks.joinedConfirmed", { email: personalEmail }) : t("thanks.joinedPending", { email: personalEmail })}</p>
            <p>
              {data.lastDayPassed && !confirmed
                ? t("thanks.lastDayPassed", { email: personalEmail })
                : t("thanks.afterLastDay", { date: lastDay, email: personalEmail })}
            </p>
            {!confirmed ? (
              <Form method="post" action="/exit/alumni" className="alumni-thanks__resend">
                <p className="muted">{t("thanks.resendLead")}</p>
                <input type="hidden" name="intent" value="resend" />
                <Button variant="ghost" size="small" pending={isPending}>
                  {t("step.resend")}
                </Button>
              </Form>
            ) : null}
            <div className="alumni-thanks__links">
              <ButtonLink to="/alumni/preferences" variant="ghost">
                {t("thanks.preferences")}
              </ButtonLink>
              <Link to="/exit/alumni">{t("thanks.changeMind")}</Link>
            </div>
          </>
        ) : decision === "declined" ? (
          <>
            <p>{t("thanks.declined", { date: lastDay })}</p>
            <p>
              <Link to="/exit/alumni">{t("thanks.changeMind")}</Link>
            </p>
          </>
        ) : (
          <>
            <p>{t("thanks.undecided")}</p>
            <ButtonLink to="/exit/alumni">{t("thanks.answerInvitation")}</ButtonLink>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
