import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";

/** Where "Delete my account" lands, signed out: the erasure is under way. Nothing personal is shown. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dataErased.title", "alumni");

export default function DataErased() {
  const { t } = useTranslation("alumni");
  return (
    <>
      <PageHeader title={t("dataErased.title")} />
      <section className="card narrow-page stack">
        <p>{t("dataErased.body")}</p>
        <p className="muted">{t("dataErased.after")}</p>
      </section>
    </>
  );
}
