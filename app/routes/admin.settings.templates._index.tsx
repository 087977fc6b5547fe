import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { SettingsListPage } from "~/components/settings/settings-list-page";
import { TableScroll } from "~/components/table-scroll";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { localized } from "~/modules/i18n/localized-text";
import { listDepartmentTree } from "~/modules/offboarding/departments.server";
import { conditionsInWords } from "~/modules/offboarding/settings";
import { noticeFrom } from "~/modules/offboarding/settings.server";
import { listTemplates } from "~/modules/offboarding/templates.server";
import { getDb } from "~/utils/db.server";

const NOTICES = ["deleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrAdmin(request, "settings");
  const db = getDb();
  const [templates, departments] = await Promise.all([listTemplates(db), listDepartmentTree(db)]);
  const paths = new Map(departments.map((department) => [department.id, department.path]));
  return json({
    notice: noticeFrom(request, NOTICES),
    templates: templates.map((template) => ({
      id: template.id,
      name: template.name,
      active: template.active,
      taskCount: template.task_count,
      conditions: {
        departure_types: template.departure_types,
        departmentPath: template.department_id ? (paths.get(template.department_id) ?? null) : null,
        locations: template.locations,
      },
    })),
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "templates.metaTitle", "settings");

export default function TemplatesPage() {
  const { t, i18n } = useTranslation("settings");
  const { templates, notice } = useLoaderData<typeof loader>();
  const addLink = <ButtonLink to="/admin/settings/templates/new">{t("templates.add")}</ButtonLink>;
  return (
    <SettingsListPage
      section="templates"
      notice={notice}
      headerActions={addLink}
      intro={<Alert>{t("templates.copiesNote")}</Alert>}
      isEmpty={templates.length === 0}
      empty={{ title: t("templates.emptyTitle"), description: t("templates.emptyBody"), action: addLink }}
    >
        <TableScroll label={t("templates.tableCaption")}>
          <table className="table">
            <caption className="visually-hidden">{t("templates.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("templates.columns.name")}</th>
                <th scope="col">{t("templates.columns.status")}</th>
                <th scope="col">{t("templates.columns.conditions")}</th>
                <th scope="col">{t("templates.columns.tasks")}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => (
                <tr key={template.id}>
                  <td>
                    <Link to={`/admin/settings/templates/${template.id}`}>{localized(template.name, i18n.language)}</Link>
                  </td>
                  <td>
                    <StatusBadge tone={template.active ? "success" : "neutral"}>
                      {t(template.active ? "templates.active" : "templates.inactive")}
                    </StatusBadge>
                  </td>
                  <td>{conditionsInWords(template.conditions, t)}</td>
                  <td className="numeric">{t("templates.taskCount", { count: template.taskCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
    </SettingsListPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
