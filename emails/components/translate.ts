import { createInstance } from "i18next";
import enEmail from "../../app/locales/en/email.json";
import frEmail from "../../app/locales/fr/email.json";

/** The languages an email can be written in (the same as the portal's). */
export type EmailLocale = "en" | "fr";

/**
 * Translates a key of the `email` namespace. Templates receive it as a prop instead of importing the
 * server's i18n module, so that the react-email preview can render them on its own.
 */
export type EmailT = (key: string, options?: Record<string, unknown>) => string;

/** What every template gets besides its own props: the language, the company and where the portal lives. */
export interface EmailChrome {
  t: EmailT;
  locale: EmailLocale;
  companyName: string;
  /** Absolute base URL of the portal, without a trailing slash. */
  appUrl: string;
  /** The recipient's signed preferences page (docs/decisions/032), shown in the footer when set. */
  preferencesUrl?: string;
}

/**
 * Wraps an i18next `t` so that `{{company}}` is filled in every string, and so that templates depend on
 * one small signature rather than i18next's overloads.
 */
export function bindEmailT(
  translate: (key: string, options?: Record<string, unknown>) => unknown,
  companyName: string,
): EmailT {
  return (key, options) => String(translate(key, { company: companyName, ...options }));
}

/** The chrome used by `PreviewProps`: a standalone i18next instance over the same JSON files. */
export function previewChrome(locale: EmailLocale = "en"): EmailChrome {
  const i18n = createInstance();
  // initImmediate: false makes init synchronous with inline resources, so `t` works at once.
  void i18n.init({
    lng: locale,
    fallbackLng: "en",
    ns: ["email"],
    defaultNS: "email",
    resources: { en: { email: enEmail }, fr: { email: frEmail } },
    interpolation: { escapeValue: false },
    initImmediate: false,
  });
  const companyName = "Acme Corp";
  return { t: bindEmailT(i18n.getFixedT(locale, "email"), companyName), locale, companyName, appUrl: "http://localhost:3000" };
}
