import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Role } from "../../db/schema";

interface ShellUser {
  name: string;
  role: Role;
}

interface NavItem {
  to: string;
  labelKey: string;
}

/** What each role can reach from the header. */
const NAVIGATION: Record<Role, NavItem[]> = {
  hr_admin: [
    { to: "/admin", labelKey: "nav.home" },
    { to: "/admin/outbox", labelKey: "nav.outbox" },
  ],
  task_owner: [{ to: "/tasks", labelKey: "nav.tasks" }],
  leaver: [{ to: "/exit", labelKey: "nav.home" }],
  alumnus: [{ to: "/alumni", labelKey: "nav.home" }],
};

export function AppShell({
  user,
  locale,
  children,
}: {
  user: ShellUser | null;
  locale: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            {t("appName")}
          </Link>
          {user ? (
            <nav aria-label={t("nav.mainNavigation")} className="site-nav">
              <ul>
                {NAVIGATION[user.role].map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end>
                      {t(item.labelKey)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div className="site-header__tools">
            <Form method="post" action="/locale" className="locale-switcher">
              <input type="hidden" name="redirectTo" value={here} />
              <label htmlFor="locale-select" className="visually-hidden">
                {t("language.label")}
              </label>
              <select id="locale-select" name="locale" defaultValue={locale} key={locale}>
                <option value="en" lang="en">
                  English
                </option>
                <option value="fr" lang="fr">
                  Français
                </option>
              </select>
              <button type="submit" className="button button--small button--ghost">
                {t("language.switch")}
              </button>
            </Form>
            {user ? (
              <Form method="post" action="/logout">
                <button type="submit" className="button button--small button--ghost">
                  {t("nav.signOut")}
                </button>
              </Form>
            ) : (
              <Link to="/login" className="button button--small">
                {t("nav.signIn")}
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.tagline")}</p>
      </footer>
    </>
  );
}
