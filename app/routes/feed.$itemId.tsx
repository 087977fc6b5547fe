import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { errorKindFor } from "~/components/error-page";
import { localeFromMatches, titleText, titleWithAppName } from "~/components/page-title";
import { findPublicItem, publicItemUrl } from "~/modules/feeds/public-item.server";
import { contentSecurityPolicy } from "~/modules/platform/security.server";
import type { AppLocale } from "~/modules/i18n/config";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, toIsoString } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { invariantResponse, notFound } from "~/utils/responses";
import { itemImagePath } from "~/modules/feeds/item-image-path";

/**
 * A feed item's public page (issue 11): where a shared item's link preview comes from, readable
 * without signing in. Only an approved, live item has one; anything else is the same 404 as an id
 * that never existed (see public-item.server.ts). The tags link previewers read are in the HTML the
 * server sends: they run no JavaScript.
 *
 * Caching: a visitor's page may be kept five minutes by any cache (an item can be rejected or expire
 * later, hence short), varying with the language cookie and Accept-Language; the 404 is never kept.
 * A signed-in reader's copy is private and never stored anyway (server/app.ts, ADR 011).
 */

const PUBLIC_MAX_AGE_SECONDS = 300;
const NO_STORE = { "Cache-Control": "no-store" };

/** Open Graph writes a language with its territory. */
const OG_LOCALES: Record<AppLocale, string> = { en: "en_GB", fr: "fr_FR" };

const hidden = () => notFound("There is no public feed item with this id.", NO_STORE);

export async function loader({ params, context }: LoaderFunctionArgs) {
  invariantResponse(isUuid(params.itemId), hidden);
  const item = await findPublicItem(getDb(), params.itemId);
  invariantResponse(item, hidden);
  const env = getEnv();
  return json(
    {
      item: { ...item, publishedAt: toIsoString(item.publishedAt) },
      canonicalUrl: publicItemUrl(item.id),
      companyName: env.COMPANY_NAME,
      timeZone: env.COMPANY_TIME_ZONE,
    },
    {
      headers: {
        "Cache-Control": `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`,
        Vary: "Accept-Language, Cookie",
        // The article's picture and the summary's images are hot-linked from their sites.
        "Content-Security-Policy": contentSecurityPolicy(context.nonce, { extraImageSources: ["https:"] }),
      },
    },
  );
}

/** The loader's caching and policy on the page; anything that did not succeed is never stored. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cacheControl = loaderHeaders.get("Cache-Control");
  if (!cacheControl) return NO_STORE;
  const result: Record<string, string> = { "Cache-Control": cacheControl };
  for (const name of ["Vary", "Content-Security-Policy"]) {
    const value = loaderHeaders.get(name);
    if (value) result[name] = value;
  }
  return result;
};

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  const locale = localeFromMatches(matches);
  if (!data) {
    const status = isRouteErrorResponse(error) ? error.status : 500;
    return [{ title: titleText(locale, `errors.${errorKindFor(status)}.title`) }];
  }
  const { item, canonicalUrl, companyName } = data;
  const image = item.imageUrl;
  return [
    { title: titleWithAppName(locale, item.title) },
    { name: "description", content: item.description },
    { tagName: "link", rel: "canonical", href: canonicalUrl },
    { property: "og:type", content: "article" },
    { property: "og:title", content: item.title },
    { property: "og:description", content: item.description },
    { property: "og:url", content: canonicalUrl },
    { property: "og:site_name", content: companyName },
    { property: "og:locale", content: OG_LOCALES[locale] },
    ...(image
      ? [
          { property: "og:image", content: image },
          { property: "og:image:alt", content: item.title },
        ]
      : []),
    { property: "article:published_time", content: item.publishedAt },
    { name: "twitter:card", content: image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: item.title },
    { name: "twitter:description", content: item.description },
    ...(image
      ? [
          { name: "twitter:image", content: image },
          { name: "twitter:image:alt", content: item.title },
        ]
      : []),
  ];
};

export default function PublicFeedItemPage() {
  const { t, i18n } = useTranslation("feeds");
  const { item, companyName, timeZone } = useLoaderData<typeof loader>();
  // A company post is the company's own word; an item of a feed names its source.
  const origin = item.kind === "company" ? companyName : item.sourceName;
  return (
    <article className="card public-item" aria-labelledby="public-item-title">
      <h1 id="public-item-title">{item.title}</h1>
      <p className="public-item__meta">
        {origin ? (
          <>
            <span className="public-item__source">{origin}</span>
            <span aria-hidden="true"> · </span>
          </>
        ) : null}
        <time dateTime={item.publishedAt}>{t("public.published", { date: formatDate(item.publishedAt, i18n.language, { timeZone }) })}</time>
      </p>
      {item.imageUrl ? (
        // The picture's own size is unknown: the frame keeps a link preview's shape, so nothing jumps.
        <img className="public-item__image" src={itemImagePath(item.id)} alt={item.title} width={1200} height={630} decoding="async" />
      ) : null}
      {/* Sanitised when stored (the poll, HR's posts: docs/decisions/018), shown as stored. */}
      <div className="public-item__summary" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} />
      {item.url ? (
        <p>
          <a className="button" href={item.url} rel="noopener" referrerPolicy="strict-origin-when-cross-origin">
            {t("public.readFull")}
          </a>
        </p>
      ) : null}
      <p className="public-item__shared">{t("public.sharedBy", { company: companyName })}</p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
