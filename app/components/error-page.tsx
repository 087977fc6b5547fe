/**
 * ErrorPage: the body of an error response in the visitor's language, with a way back.
 *
 *   <ErrorPage status={404} />
 *
 * Used by the root ErrorBoundary (any thrown Response or crash) and by the catch-all route.
 * 400, 403, 404 and 503 (the database is briefly unreachable: docs/decisions/036) get their own
 * words; every other status reads as "something went wrong".
 * Messages thrown by loaders are not shown: they are written for developers and in English.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type ErrorKind = "badRequest" | "forbidden" | "notFound" | "unavailable" | "unexpected";

export function errorKindFor(status: number): ErrorKind {
  switch (status) {
    case 400:
      return "badRequest";
    case 403:
      return "forbidden";
    case 404:
      return "notFound";
    case 503:
      return "unavailable";
    default:
      return "unexpected";
  }
}

export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation("common");
  const kind = errorKindFor(status);
  return (
    <section className="card card--narrow error-page" aria-labelledby="error-title">
      <p className="error-page__code">{t("errors.code", { status })}</p>
      <h1 id="error-title">{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
