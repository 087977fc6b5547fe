import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "~/components/button";
import { pageTitle } from "~/components/page-title";
import { getOptionalUser, homePathFor } from "~/modules/auth/session.server";

/** The front door: signed-in people go straight to their role's home; others are told how to sign in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user.role));
  return null;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export default function Index() {
  const { t } = useTranslation("common");
  return (
    <section className="card card--narrow" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <p className="muted">{t("home.howToSignIn")}</p>
      <ButtonLink to="/login">{t("nav.signIn")}</ButtonLink>
    </section>
  );
}
