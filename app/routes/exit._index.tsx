import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlowSteps } from "~/components/flow-progress";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { homePathFor } from "~/modules/auth/session.server";
import { isStaffRole } from "~/modules/auth/users.server";
import { requireExitFlowUser } from "~/modules/exit/flow-access.server";
import { totalPages } from "~/modules/exit/flow-pages";
import { loadExitFlow, pathForStep } from "~/modules/exit/flow.server";
import { estimatedMinutes } from "~/modules/exit/invitation-dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";

/**
 * The leaver's home: who will see the answers, in plain words, before the first question; how long
 * the survey is; a button to start or resume. Once the survey is sent, the next step of the flow.
 * A staff member who leaves signs in with their password and lands here too; one who is not
 * leaving is told that this page is not for them, with the way back to their own home.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale } = await requireExitFlowUser(request);
  const step = await loadExitFlow(getDb(), user.id);
  if (step.kind === "alumni" || step.kind === "thanks") throw redirect(pathForStep(step));
  // A staff member's own home, for when there is nothing here for them.
  const staffHome = isStaffRole(user.role) ? homePathFor(user.role) : null;
  const base = { name: user.name, companyName: getEnv().COMPANY_NAME, locale, staffHome };
  switch (step.kind) {
    case "none":
      return json({ ...base, state: "none" as const });
    case "not_open":
      return json({ ...base, state: "not_open" as const, date: step.opensOn });
    case "closed":
      return json({ ...base, state: step.reason, date: step.expiredOn });
    case "survey": {
      const { definition, confidentiality } = step.survey;
      return json({
        ...base,
        state: "survey" as const,
        confidentiality,
        intro: definition.intro?.[locale] ?? null,
        questionCount: definition.questions.length,
        pageCount: totalPages(definition),
        minutes: estimatedMinutes(definition.questions.length),
        hasConditions: definition.questions.some((q) => q.condition !== null),
        openUntil: step.invitation.expiresOn,
        started: step.started,
        resumePage: step.resumePage,
      });
    }
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "welcome.title", "exit");

export default function ExitWelcome() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("exit");
  const company = data.companyName;
  if (data.state === "none" && data.staffHome) {
    return (
      <div className="narrow-page exit-page">
        <PageHeader title={t("welcome.title")} />
        <section className="card">
          <EmptyState
            title={t("welcome.noneStaff.title")}
            description={t("welcome.noneStaff.body", { company })}
            action={<ButtonLink to={data.staffHome}>{t("welcome.noneStaff.action")}</ButtonLink>}
          />
        </section>
      </div>
    );
  }
  if (data.state !== "survey") {
    const key = data.state === "none" ? "none" : data.state === "not_open" ? "notOpen" : data.state;
    const date = "date" in data ? formatDate(data.date, data.locale) : "";
    return (
      <div className="narrow-page exit-page">
        <PageHeader title={t("welcome.title")} lead={t("welcome.lead", { name: data.name, company })} />
        <section className="card">
          <EmptyState title={t(`welcome.${key}.title`)} description={t(`welcome.${key}.body`, { date, company })} />
        </section>
      </div>
    );
  }
  const mode = data.confidentiality;
  return (
    <div className="narrow-page exit-page">
      <FlowSteps current="survey" />
      <PageHeader title={t("welcome.title")} lead={t("welcome.lead", { name: data.name, company })} />
      <section className={`card exit-privacy exit-privacy--${mode}`} aria-labelledby="exit-privacy-title">
        <h2 id="exit-privacy-title" className="exit-privacy__title">
          {t("welcome.whoSeesTitle")} <StatusBadge tone={mode === "anonymous" ? "success" : "info"}>{t(`welcome.${mode}.badge`)}</StatusBadge>
        </h2>
        <p>{t(`welcome.${mode}.body`)}</p>
        {mode === "anonymous" ? <p className="muted">{t("welcome.anonymous.tip")}</p> : null}
      </section>
      <section className="card" aria-labelledby="exit-about-title">
        <h2 id="exit-about-title">{t("welcome.aboutTitle")}</h2>
        {data.intro ? <p className="exit-intro">{data.intro}</p> : null}
        <ul className="check-list exit-facts">
          <li>
            {t("welcome.size", {
              questions: t("welcome.questions", { count: data.questionCount }),
              pages: t("welcome.pages", { count: data.pageCount }),
              minutes: t("welcome.minutes", { count: data.minutes }),
            })}
            {data.hasConditions ? ` ${t("welcome.conditional")}` : null}
          </li>
          <li>{t("welcome.saving")}</li>
          <li>{t("welcome.openUntil", { date: formatDate(data.openUntil, data.locale) })}</li>
          <li>{t("welcome.afterwards", { company })}</li>
        </ul>
        {data.started ? <p className="exit-resume-note">{t("welcome.resumeNote")}</p> : null}
        <div className="exit-actions">
          <ButtonLink to={`/exit/survey/${data.resumePage}`}>{data.started ? t("welcome.resume") : t("welcome.start")}</ButtonLink>
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
