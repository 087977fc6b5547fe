import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { localized } from "~/modules/i18n/localized-text";
import { noticeFrom } from "~/modules/offboarding/settings.server";
import { requireSurveyAdmin } from "~/modules/surveys/admin.server";
import { listSurveys } from "~/modules/surveys/builder.server";
import { SurveyStatus } from "~/components/surveys/survey-status";
import { getDb } from "~/utils/db.server";

/** Every survey HR has built: which one leavers get, what is published and what is still a draft. */

const NOTICES = ["archived"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSurveyAdmin(request);
  return json({ surveys: await listSurveys(getDb()), notice: noticeFrom(request, NOTICES) });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "builder.list.title", "surveys");

export default function SurveysPage() {
  const { t, i18n } = useTranslation("surveys");
  const { surveys, notice } = useLoaderData<typeof loader>();
  const add = <ButtonLink to="/admin/surveys/new">{t("builder.list.add")}</ButtonLink>;
  return (
    <>
      <PageHeader title={t("builder.list.title")} lead={t("builder.list.lead")} actions={add} />
      {notice ? <Alert tone="success">{t(`builder.notices.${notice}`)}</Alert> : null}
      {surveys.length === 0 ? (
        <EmptyState title={t("builder.list.emptyTitle")} description={t("builder.list.emptyBody")} action={add} />
      ) : (
        <TableScroll label={t("builder.list.caption")}>
          <table className="table">
            <caption className="visually-hidden">{t("builder.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("builder.list.columns.name")}</th>
                <th scope="col">{t("builder.list.columns.kind")}</th>
                <th scope="col">{t("builder.list.columns.confidentiality")}</th>
                <th scope="col">{t("builder.list.columns.status")}</th>
                <th scope="col">{t("builder.list.columns.questions")}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((survey) => (
                <tr key={survey.id}>
                  <td>
                    <Link to={`/admin/surveys/${survey.id}`}>{localized(survey.name, i18n.language)}</Link>
                  </td>
                  <td>{t(`builder.kinds.${survey.kind}`)}</td>
                  <td>{t(`builder.confidentiality.${survey.confidentiality}.short`)}</td>
                  <td>
                    <span className="survey-badges">
                      <SurveyStatus survey={survey} />
                    </span>
                  </td>
                  <td className="numeric">{survey.questionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
