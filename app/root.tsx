import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { AppShell } from "~/components/app-shell";
import { ErrorPage, errorKindFor } from "~/components/error-page";
import { useNonce } from "~/components/nonce";
import { localeFromMatches, titleText } from "~/components/page-title";
import { getOptionalUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { getEnv } from "~/utils/env.server";
import stylesUrl from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = await resolveLocale(request, user?.locale);
  return json({
    locale,
    companyName: getEnv().COMPANY_NAME,
    user: user ? { id: user.id, name: user.name, email: user.email, role: user.role } : null,
  });
}

/** The app name alone; an error gets its own title. Pages set "<Page> · <app name>" themselves. */
export const meta: MetaFunction = ({ matches, error }) => {
  const locale = localeFromMatches(matches);
  // Remix passes `error: null` to every meta function when nothing failed (and undefined in some
  // versions): only a real error gets the error title.
  if (error !== undefined && error !== null) {
    const status = isRouteErrorResponse(error) ? error.status : 500;
    return [{ title: titleText(locale, `errors.${errorKindFor(status)}.title`) }];
  }
  return [{ title: titleText(locale) }];
};

export type RootLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function Document({ children, locale }: { children: React.ReactNode; locale: string }) {
  const nonce = useNonce();
  const { i18n } = useTranslation();
  return (
    <html lang={locale} dir={i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  // After the language switcher posts, the root loader runs again: follow its locale in the browser.
  useChangeLanguage(data.locale);
  return (
    <Document locale={data.locale}>
      <AppShell user={data.user} locale={data.locale}>
        <Outlet />
      </AppShell>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const { i18n } = useTranslation();
  // Without root data (the root loader itself failed) the server's i18n instance already holds the
  // language it resolved for this request.
  const locale = data?.locale ?? i18n.language ?? "en";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Document locale={locale}>
      <AppShell user={data?.user ?? null} locale={locale}>
        <ErrorPage status={status} />
      </AppShell>
    </Document>
  );
}
