import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireUser } from "~/modules/auth/session.server";

/** The task owner's inbox. Tasks arrive with departures (a later issue); until then it is empty. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "task_owner" });
  return null;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tasksHome.title");

export default function TasksHome() {
  const { t } = useTranslation("common");
  return (
    <>
      <PageHeader title={t("tasksHome.title")} lead={t("tasksHome.lead")} />
      <section className="card">
        <EmptyState title={t("tasksHome.emptyTitle")} description={t("tasksHome.emptyBody")} />
      </section>
    </>
  );
}
