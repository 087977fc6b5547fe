import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle, translatorFor, localeFromMatches } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { ExitFlowSection } from "~/components/responses/exit-flow-section";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { DEPARTURE_STATUS_TONES } from "~/modules/offboarding/departure-display";
import { findDeparture } from "~/modules/offboarding/departures.server";
import { getDb } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { invariantResponse, notFound } from "~/utils/responses";
import { handleDepartureAction, NO_SUCH_DEPARTURE } from "./actions.server";
import { AddTaskForm } from "./add-task-form";
import { CancelForm } from "./cancel-form";
import { DatesForm } from "./dates-form";
import type { DepartureActionData } from "./departure-data";
import { FactsCard, ProgressCard } from "./departure-summary";
import { loadDeparturePage } from "./page-data.server";
import { PersonalEmailForm } from "./personal-email-form";
import { TasksPanel } from "./tasks-panel";
import { Timeline } from "./timeline";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "departures");
  const data = await loadDeparturePage(params.departureId ?? "", new URL(request.url), locale);
  invariantResponse(data, () => notFound(NO_SUCH_DEPARTURE));
  return json(data);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale } = await requireHrAdmin(request, "departures");
  const departureId = params.departureId ?? "";
  const departure = isUuid(departureId) ? await findDeparture(getDb(), departureId) : undefined;
  invariantResponse(departure, () => notFound(NO_SUCH_DEPARTURE));
  return handleDepartureAction(await readFormData(request), { departure, actorUserId: user.id, locale });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  if (!data) return pageTitle(matches, "detail.metaTitle", "departures");
  const t = translatorFor(localeFromMatches(matches));
  return [{ title: `${data.departure.employeeName} · ${t("detail.metaTitle", { ns: "departures" })} · ${t("appName", { ns: "common" })}` }];
};

export default function DeparturePage() {
  const data = useLoaderData<typeof loader>();
  const { departure, progress, exitFlow, notice, locale } = data;
  const actionData: DepartureActionData = useActionData<typeof action>();
  const { t } = useTranslation("departures");
  const { t: tAdmin } = useTranslation("admin");

  return (
    <div className="stack departure-page">
      <p className="departure-breadcrumb">
        <Link to="/admin/departures">← {t("detail.backToList")}</Link>
      </p>
      <PageHeader
        title={departure.employeeName}
        lead={[departure.jobTitle, departure.departmentPath].filter(Boolean).join(" · ")}
        actions={<StatusBadge tone={DEPARTURE_STATUS_TONES[departure.status]}>{t(`statuses.${departure.status}`)}</StatusBadge>}
      />
      {notice ? (
        <Alert tone={notice.notice === "existed" ? "info" : "success"}>
          <p>
            {notice.notice === "updated" && notice.redated
              ? t("detail.notices.redated", { count: notice.redated })
              : t(`detail.notices.${notice.notice}`)}
          </p>
        </Alert>
      ) : null}
      {actionData?.formError ? (
        <Alert tone="error">
          <p>{actionData.formError}</p>
        </Alert>
      ) : null}

      <div className="grid departure-summary">
        <FactsCard departure={departure} locale={locale} holidays={data.holidays} />
        <div className="stack">
          <ProgressCard progress={progress} />
          <ExitFlowSection exitFlow={exitFlow} locale={locale} timeZone={data.timeZone}>
            {exitFlow.open ? (
              <PersonalEmailForm
                personalEmail={exitFlow.personalEmail}
                workEmail={departure.employeeEmail}
                highlight={exitFlow.unreachable}
                actionData={actionData}
              />
            ) : null}
          </ExitFlowSection>
        </div>
      </div>

      <TasksPanel departure={departure} groups={data.groups} locale={locale} />

      <div className="grid departure-forms">
        <DatesForm departure={departure} locale={locale} dateContext={data.dateContext} holidays={data.holidays} actionData={actionData} />
        <AddTaskForm owners={data.owners} actionData={actionData} taskCount={progress.total} />
      </div>

      <Timeline entries={data.timeline} locale={locale} timeZone={data.timeZone} timelineLimit={data.timelineLimit} />

      {departure.status === "planned" || departure.status === "in_progress" ? (
        <CancelForm name={departure.employeeName} actionData={actionData} />
      ) : null}

      <p>
        <Link className="button button--ghost" to={`/admin/people/${departure.leaverUserId}/erase`}>
          {tAdmin("erasure.link")}
        </Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
