/**
 * AppShell: the frame of every page: skip link, header (brand, the role's navigation, language
 * switcher, sign-out), <main id="main"> and footer.
 *
 * On a phone a long navigation (HR's twelve pages) would take four rows of the screen: it folds
 * behind a "Menu" button, a <details>/<summary> that opens and closes without JavaScript. With
 * JavaScript the button also says whether it is expanded, Escape closes it (focus goes back to the
 * button) and following a link closes it. Wider screens keep the plain list; the menu's copy of it
 * is not displayed there (and the other way round), so only one list is ever read or tabbed through.
 *
 * The language switcher is one form with a button per language: it posts to /locale without
 * JavaScript, and with JavaScript Remix submits it in place and the root loader's new locale
 * re-renders the whole page (including <html lang>).
 */
import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import type { Role } from "../../db/schema";

interface ShellUser {
  name: string;
  role: Role;
}

interface NavItem {
  to: string;
  labelKey: string;
  /** Active only on this exact path (a home page), not on the pages below it. */
  end?: boolean;
}

/** What each role can reach from the header. */
const ACCOUNT: NavItem = { to: "/account", labelKey: "nav.account", end: true };
const NAVIGATION: Record<Role, NavItem[]> = {
  hr_admin: [
    { to: "/admin", labelKey: "nav.home", end: true },
    { to: "/admin/departures", labelKey: "nav.departures" },
    { to: "/admin/responses", labelKey: "nav.responses" },
    { to: "/admin/analytics", labelKey: "nav.analytics" },
    { to: "/admin/segments", labelKey: "nav.segments" },
    { to: "/admin/surveys", labelKey: "nav.surveys" },
    { to: "/admin/feed", labelKey: "nav.feed" },
    { to: "/admin/newsletter", labelKey: "nav.newsletter" },
    { to: "/admin/pulses", labelKey: "nav.pulses" },
    { to: "/admin/openings", labelKey: "nav.openings" },
    // HR admins in a team own tasks too (their digest links here); for the others it stays empty.
    { to: "/tasks", labelKey: "nav.tasks" },
    { to: "/admin/people", labelKey: "nav.people" },
    { to: "/admin/outbox", labelKey: "nav.outbox" },
    { to: "/admin/settings", labelKey: "nav.settings" },
    ACCOUNT,
  ],
  task_owner: [{ to: "/tasks", labelKey: "nav.tasks", end: true }, ACCOUNT],
  leaver: [{ to: "/exit", labelKey: "nav.home", end: true }, ACCOUNT],
  alumnus: [
    { to: "/alumni", labelKey: "nav.home", end: true },
    { to: "/alumni/newsletter", labelKey: "nav.alumniNewsletter" },
    { to: "/alumni/directory", labelKey: "nav.alumniDirectory" },
    { to: "/alumni/openings", labelKey: "nav.alumniOpenings" },
    { to: "/alumni/preferences", labelKey: "nav.alumniPreferences" },
    ACCOUNT,
  ],
};

/** A navigation longer than this folds behind the menu button on phones; a shorter one fits on a line. */
const FOLDS_AFTER = 3;

/**
 * Whether a navigation item is the page shown, by NavLink's rule (the path, or a page below it
 * unless `end`; letter case ignored). The header draws HR's twelve items twice (the phone's menu and
 * the plain list): NavLink's own look-ups (the resolved path, the navigation state for its
 * "pending" class, which no style uses) cost a tenth of a signed-in page's render.
 */
function isCurrentNavItem(item: NavItem, pathname: string): boolean {
  const here = pathname.toLowerCase();
  const target = item.to.toLowerCase();
  return here === target || (!item.end && here.startsWith(target) && here.charAt(target.length) === "/");
}

function NavList({ items, className }: { items: NavItem[]; className: string }) {
  const { t } = useTranslation("common");
  const { pathname } = useLocation();
  return (
    <ul className={className}>
      {items.map((item) => {
        const current = isCurrentNavItem(item, pathname);
        return (
          <li key={item.to}>
            <Link to={item.to} className={current ? "active" : undefined} aria-current={current ? "page" : undefined}>
              {t(item.labelKey)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The phone's menu button and the navigation it opens. */
function SiteMenu({ items }: { items: NavItem[] }) {
  const { t } = useTranslation("common");
  const menu = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  // Only once JavaScript runs can aria-expanded follow the menu: without it, <summary> says so itself.
  const [enhanced, setEnhanced] = useState(false);
  const location = useLocation();
  useEffect(() => {
    setEnhanced(true);
    // A menu opened before JavaScript arrived: aria-expanded starts from what the person sees.
    setOpen(menu.current?.open ?? false);
  }, []);
  // A page reached through the menu starts with the menu closed, as after a full page load. Not on
  // the first render: a menu opened before JavaScript arrived stays as the person left it.
  const shownPath = useRef(location.pathname + location.search);
  useEffect(() => {
    const path = location.pathname + location.search;
    if (path === shownPath.current) return;
    shownPath.current = path;
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);

  const closeOnEscape = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !menu.current?.open) return;
    menu.current.open = false;
    menu.current.querySelector("summary")?.focus();
  };

  return (
    <details ref={menu} className="site-menu" onToggle={(event) => setOpen(event.currentTarget.open)} onKeyDown={closeOnEscape}>
      <summary className="site-menu__button" aria-expanded={enhanced ? open : undefined}>
        {t("nav.menu")}
      </summary>
      <NavList items={items} className="site-menu__list" />
    </details>
  );
}

export function AppShell({
  user,
  locale,
  children,
}: {
  user: ShellUser | null;
  locale: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("common");
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
            <nav
              aria-label={t("nav.mainNavigation")}
              className={NAVIGATION[user.role].length > FOLDS_AFTER ? "site-nav site-nav--folds" : "site-nav"}
            >
              {NAVIGATION[user.role].length > FOLDS_AFTER ? <SiteMenu items={NAVIGATION[user.role]} /> : null}
              <NavList items={NAVIGATION[user.role]} className="site-nav__list" />
            </nav>
          ) : null}
          <div className="site-header__tools">
            {/* The group role sits on a div: a form may not take role="group" (ARIA in HTML). */}
            <Form method="post" action="/locale" className="locale-switcher-form">
              <input type="hidden" name="redirectTo" value={here} />
              <div className="locale-switcher" role="group" aria-label={t("language.label")}>
                {SUPPORTED_LOCALES.map((option) => {
                  const current = option === locale;
                  return (
                    <button
                      key={option}
                      type="submit"
                      name="locale"
                      value={option}
                      lang={option}
                      className="locale-switcher__option"
                      aria-current={current ? "true" : undefined}
                    >
                      {t(`language.${option}`)}
                    </button>
                  );
                })}
              </div>
            </Form>
            {user ? (
              <>
                <span className="site-header__user">{t("nav.signedInAs", { name: user.name })}</span>
                <Form method="post" action="/logout">
                  <button type="submit" className="button button--small button--ghost">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </>
            ) : location.pathname === "/login" ? null : (
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
