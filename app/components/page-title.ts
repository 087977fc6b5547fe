/**
 * Page titles in the visitor's language, for a route's `meta` export:
 *
 *   export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "adminHome.title");
 *   export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "people.title", "admin");
 *
 * gives `<title>People · Alumni Portal</title>` (or "Personnes · Portail des anciens"). The language
 * comes from the root loader's data, so the title matches the page on the server and in the
 * browser. Meta functions cannot use hooks, hence a small translator of their own.
 */
import type { TFunction } from "i18next";
import { DEFAULT_LOCALE, isSupportedLocale, type AppLocale, type NAMESPACES } from "~/modules/i18n/config";
import { i18nFor } from "~/modules/i18n/translator";

type Namespace = (typeof NAMESPACES)[number];

interface MatchLike {
  id: string;
  data?: unknown;
}

const translators = new Map<AppLocale, TFunction>();

/**
 * A `t` for one language, built once; synchronous because every resource is bundled. It is the
 * language's shared instance's (i18n/translator.ts), which remembers its answers: a page's title is
 * asked on every request.
 */
export function translatorFor(locale: AppLocale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    t = i18nFor(locale).getFixedT(locale);
    translators.set(locale, t);
  }
  return t;
}

/** The language the root loader chose for this response. */
export function localeFromMatches(matches: readonly MatchLike[] | undefined): AppLocale {
  const root = matches?.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  return isSupportedLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** Titles already written: one per page, language and key, the same for every request. */
const titles = new Map<string, string>();

/** "<Page> · <app name>"; without a key, just the app name. */
export function titleText(locale: AppLocale, key?: string, namespace: Namespace = "common"): string {
  const cacheKey = `${locale}|${namespace}|${key ?? ""}`;
  let title = titles.get(cacheKey);
  if (title === undefined) {
    const t = translatorFor(locale);
    const appName = t("appName", { ns: "common" });
    title = key ? `${t(key, { ns: namespace })} · ${appName}` : appName;
    // Keys come from the code, not from requests: the map holds at most pages × languages.
    titles.set(cacheKey, title);
  }
  return title;
}

export function pageTitle(matches: readonly MatchLike[] | undefined, key?: string, namespace: Namespace = "common") {
  return [{ title: titleText(localeFromMatches(matches), key, namespace) }];
}

/** "<text> · <app name>" for a page whose title is data (a feed item's), not a translation key. */
export function titleWithAppName(locale: AppLocale, text: string): string {
  return `${text} · ${titleText(locale)}`;
}
