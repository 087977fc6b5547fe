import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { getEnv } from "~/utils/env.server";
import { memoizedForRequest } from "~/utils/request-memo.server";
import { DEFAULT_LOCALE, i18nConfig, isSupportedLocale, NAMESPACES, SUPPORTED_LOCALES, type AppLocale } from "./config";
import { translator } from "./translator";

/** The visitor's language choice when not signed in (a signed-in user's setting wins). */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The Set-Cookie value of a language choice: over HTTPS only in production, as the session cookie.
 * Decided when a choice is saved, not when this module loads: reading the settings at import time
 * would make a bad configuration crash the import instead of being reported by the start-up check.
 * Through getEnv(), not process.env.NODE_ENV, which the compiler replaces with "production" in every build.
 */
export function serializeLocaleCookie(locale: AppLocale): Promise<string> {
  return localeCookie.serialize(locale, { secure: getEnv().NODE_ENV === "production" });
}

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: { ...i18nConfig },
});

/**
 * The language of a response: the signed-in user's setting, else the cookie set by the switcher,
 * else the browser's Accept-Language, else English.
 */
export async function resolveLocale(request: Request, userLocale?: string | null): Promise<AppLocale> {
  if (isSupportedLocale(userLocale)) return userLocale;
  // The cookie and Accept-Language are the same for every loader of one request: parse them once.
  return memoizedForRequest("detectedLocale", () => detectLocale(request));
}

async function detectLocale(request: Request): Promise<AppLocale> {
  const detected = await i18nServer.getLocale(request);
  return isSupportedLocale(detected) ? detected : DEFAULT_LOCALE;
}

/**
 * A translate function for server-side text (emails, messages built in actions): the same
 * instances as translator(), so every formatter (e.g. French elision) applies here too.
 */
export async function getFixedT(locale: AppLocale, namespace: (typeof NAMESPACES)[number] = "common") {
  return translator(locale, namespace);
}
