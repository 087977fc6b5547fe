import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOptionalUser, homePathFor } from "~/modules/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Alumni Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user.role));
  return null;
}

export default function Index() {
  const { t } = useTranslation();
  return (
    <section className="card card--narrow" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("home.title")}</h1>
      <p>{t("home.lead")}</p>
      <Link className="button" to="/login">
        {t("nav.signIn")}
      </Link>
    </section>
  );
}
