import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { TableScroll } from "~/components/table-scroll";
import { listActiveSessions, requireUser, getSession } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";

/** Every signed-in person's account: who they are here, where they are signed in, sign out everywhere. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const session = await getSession(request);
  const sessions = await listActiveSessions(getDb(), user.id, session?.sessionId);
  return json({
    user: { name: user.name, email: user.email, role: user.role, locale: user.locale },
    sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export default function AccountPage() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("common");
  const { t: tAuth } = useTranslation("auth");
  return (
    <div className="narrow-page">
      <PageHeader title={t("account.title")} lead={t("account.lead")} />
      <section className="card" aria-labelledby="account-details">
        <h2 id="account-details">{t("account.detailsTitle")}</h2>
        <dl className="details">
          <dt>{t("account.name")}</dt>
          <dd>{user.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{tAuth(`roles.${user.role}`)}</dd>
          <dt>{t("account.language")}</dt>
          <dd>{t(`language.${user.locale}`)}</dd>
        </dl>
      </section>
      <section className="card stack" aria-labelledby="account-sessions">
        <h2 id="account-sessions">{t("account.sessionsTitle")}</h2>
        <p>{t("account.sessionsLead", { count: sessions.length })}</p>
        <TableScroll label={t("account.sessionsTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("account.signedInAt")}</th>
                <th scope="col">{t("account.device")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.createdAt}>
                  <td>{formatDateTime(s.createdAt, i18n.language)}</td>
                  <td>
                    {s.userAgent ?? t("account.unknownDevice")}
                    {s.current ? ` (${t("account.thisDevice")})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Form method="post" action="/logout">
          <input type="hidden" name="scope" value="everywhere" />
          <Button variant="danger">{tAuth("logout.everywhere")}</Button>
        </Form>
        <p className="muted">{t("account.everywhereHint")}</p>
      </section>
    </div>
  );
}
