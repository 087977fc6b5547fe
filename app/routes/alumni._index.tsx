import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireRole } from "~/modules/auth/guards.server";
import { getEnv } from "~/utils/env.server";

/** The alumnus's home: welcome, and the promise about their choices and data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "alumnus", "alumni");
  return json({ name: user.name, companyName: getEnv().COMPANY_NAME });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "alumniHome.title");

export default function AlumniHome() {
  const { name, companyName } = useLoaderData<typeof loader>();
  const { t } = useTranslation("common");
  return (
    <div className="narrow-page">
      <PageHeader title={t("alumniHome.title")} lead={t("alumniHome.lead", { name, company: companyName })} />
      <section className="card" aria-labelledby="alumni-promise-title">
        <h2 id="alumni-promise-title">{t("alumniHome.promiseTitle")}</h2>
        <ul className="check-list">
          <li>{t("alumniHome.promise.consent")}</li>
          <li>{t("alumniHome.promise.change")}</li>
          <li>{t("alumniHome.promise.data", { company: companyName })}</li>
        </ul>
        <p className="card__footer">
          <Link to="/alumni/preferences">{t("preferences.title", { ns: "alumni" })}</Link>
        </p>
      </section>
      <section className="card">
        <EmptyState title={t("alumniHome.newsletterEmptyTitle")} description={t("alumniHome.newsletterEmptyBody")} />
      </section>
    </div>
  );
}
