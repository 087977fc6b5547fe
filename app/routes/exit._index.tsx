import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireUser } from "~/modules/auth/session.server";
import { getEnv } from "~/utils/env.server";

/** The leaver's home: what the exit flow is and what it will ask. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "leaver" });
  return json({ name: user.name, companyName: getEnv().COMPANY_NAME });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "exitHome.title");

export default function ExitHome() {
  const { name, companyName } = useLoaderData<typeof loader>();
  const { t } = useTranslation("common");
  return (
    <div className="narrow-page">
      <PageHeader title={t("exitHome.title")} lead={t("exitHome.lead", { name, company: companyName })} />
      <section className="card" aria-labelledby="exit-steps-title">
        <h2 id="exit-steps-title">{t("exitHome.stepsTitle")}</h2>
        <ol className="steps">
          <li>{t("exitHome.steps.survey")}</li>
          <li>{t("exitHome.steps.alumni", { company: companyName })}</li>
          <li>{t("exitHome.steps.choices")}</li>
        </ol>
      </section>
      <section className="card">
        <EmptyState title={t("exitHome.nothingYetTitle")} description={t("exitHome.nothingYetBody")} />
      </section>
    </div>
  );
}
