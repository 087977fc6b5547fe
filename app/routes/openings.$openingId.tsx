import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { errorKindFor } from "~/components/error-page";
import { localeFromMatches, titleText, titleWithAppName } from "~/components/page-title";
import { localized } from "~/modules/i18n/localized-text";
import { findOpening } from "~/modules/openings/openings.server";
import { publicOpeningUrl } from "~/modules/openings/referrals.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isUuid } from "~/utils/ids";
import { invariantResponse, notFound } from "~/utils/responses";

/**
 * An opening's public page (issue 14, ADR 034): where referral links and the newsletter's "Open
 * roles" lead, readable without signing in. It shows what a job advert shows (title, department,
 * location, description) and the link to apply; a closed opening says so instead of the link. It
 * names nobody: who passed the link on is known only to the click count.
 */

const NO_STORE = { "Cache-Control": "no-store" };
const hidden = () => notFound("There is no opening with this id.", NO_STORE);

export async function loader({ params }: LoaderFunctionArgs) {
  invariantResponse(isUuid(params.openingId), hidden);
  const opening = await findOpening(getDb(), params.openingId);
  invariantResponse(opening, hidden);
  return json(
    {
      opening: {
        id: opening.id,
        title: opening.title,
        description: opening.description,
        department: opening.department,
        location: opening.location,
        // A closed role's link is not passed on.
        externalUrl: opening.status === "open" ? opening.externalUrl : null,
      },
      canonicalUrl: publicOpeningUrl(opening.id),
      companyName: getEnv().COMPANY_NAME,
    },
    // Short: a role can close at any moment.
    { headers: { "Cache-Control": "public, max-age=60", Vary: "Accept-Language, Cookie" } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cacheControl = loaderHeaders.get("Cache-Control");
  if (!cacheControl) return NO_STORE;
  return { "Cache-Control": cacheControl, Vary: loaderHeaders.get("Vary") ?? "Cookie" };
};

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  const locale = localeFromMatches(matches);
  if (!data) {
    const status = isRouteErrorResponse(error) ? error.status : 500;
    return [{ title: titleText(locale, `errors.${errorKindFor(status)}.title`) }];
  }
  const title = localized(data.opening.title, locale);
  return [
    { title: titleWithAppName(locale, title) },
    { tagName: "link", rel: "canonical", href: data.canonicalUrl },
    { property: "og:type", content: "website" },
    { property: "og:title", content: title },
    { property: "og:url", content: data.canonicalUrl },
    { property: "og:site_name", content: data.companyName },
  ];
};

export default function PublicOpeningPage() {
  const { t, i18n } = useTranslation("openings");
  const { opening, companyName } = useLoaderData<typeof loader>();
  const title = localized(opening.title, i18n.language);
  const description = localized(opening.description, i18n.language);
  return (
    <article className="card public-item stack" aria-labelledby="opening-title">
      <p className="muted">{t("public.kicker", { company: companyName })}</p>
      <h1 id="opening-title">{title}</h1>
      <p className="public-item__meta">{[opening.department, opening.location].filter(Boolean).join(" · ")}</p>
      {description ? <p className="opening-description">{description}</p> : null}
      {opening.externalUrl ? (
        <p>
          <a className="button" href={opening.externalUrl} rel="noopener" referrerPolicy="strict-origin-when-cross-origin">
            {t("public.apply")}
          </a>
        </p>
      ) : (
        <p role="status">{t("public.closed")}</p>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
