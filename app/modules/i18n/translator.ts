import { createInstance, type i18n, type TFunction } from "i18next";
import { i18nConfig, type AppLocale, type NAMESPACES } from "./config";
import { addFormatters } from "./formatters";

export type Namespace = (typeof NAMESPACES)[number];

/**
 * What every schema and message builder takes to speak the user's language: i18next's `t` (from
 * `translator()` or a page's `useTranslation()`), or any function of the same shape. The one
 * definition, so that every domain's schemas accept the same functions.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const instances = new Map<AppLocale, i18n>();

/**
 * The one i18next instance of a language, initialised with every bundled resource the first time it
 * is asked for. It is shared by every request in that language (server render, messages, emails), so
 * nothing may change it afterwards: no `changeLanguage`, no added resources. A request in another
 * language gets the other instance.
 */
export function i18nFor(locale: AppLocale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.init({ ...i18nConfig, lng: locale, initImmediate: false });
    addFormatters(instance);
    instances.set(locale, instance);
  }
  return instance;
}

/**
 * A synchronous translate function for one language and namespace, usable anywhere (server, browser,
 * jobs, schemas): every resource is bundled, so no loading is needed.
 */
export function translator(locale: AppLocale, namespace: Namespace): TFunction {
  return i18nFor(locale).getFixedT(locale, namespace);
}
