import enAdmin from "~/locales/en/admin.json";
import enAuth from "~/locales/en/auth.json";
import enCommon from "~/locales/en/common.json";
import enEmail from "~/locales/en/email.json";
import frAdmin from "~/locales/fr/admin.json";
import frAuth from "~/locales/fr/auth.json";
import frCommon from "~/locales/fr/common.json";
import frEmail from "~/locales/fr/email.json";
import enDepartures from "~/locales/en/departures.json";
import frDepartures from "~/locales/fr/departures.json";
import enSettings from "~/locales/en/settings.json";
import frSettings from "~/locales/fr/settings.json";
import enTasks from "~/locales/en/tasks.json";
import frTasks from "~/locales/fr/tasks.json";
import enIntegrations from "~/locales/en/integrations.json";
import frIntegrations from "~/locales/fr/integrations.json";
import enImports from "~/locales/en/imports.json";
import frImports from "~/locales/fr/imports.json";
import enOffboarding from "~/locales/en/offboarding.json";
import frOffboarding from "~/locales/fr/offboarding.json";
import enSurveys from "~/locales/en/surveys.json";
import frSurveys from "~/locales/fr/surveys.json";
import enExit from "~/locales/en/exit.json";
import frExit from "~/locales/fr/exit.json";
import enAlumni from "~/locales/en/alumni.json";
import frAlumni from "~/locales/fr/alumni.json";
import enResponses from "~/locales/en/responses.json";
import frResponses from "~/locales/fr/responses.json";
import enFeeds from "~/locales/en/feeds.json";
import frFeeds from "~/locales/fr/feeds.json";
import enFailures from "~/locales/en/failures.json";
import frFailures from "~/locales/fr/failures.json";
import enNewsletter from "~/locales/en/newsletter.json";
import frNewsletter from "~/locales/fr/newsletter.json";
import enDeliverability from "~/locales/en/deliverability.json";
import frDeliverability from "~/locales/fr/deliverability.json";
import enScoring from "~/locales/en/scoring.json";
import frScoring from "~/locales/fr/scoring.json";
import enAnalytics from "~/locales/en/analytics.json";
import frAnalytics from "~/locales/fr/analytics.json";
import enPulse from "~/locales/en/pulse.json";
import frPulse from "~/locales/fr/pulse.json";
import enNetwork from "~/locales/en/network.json";
import frNetwork from "~/locales/fr/network.json";
import enOpenings from "~/locales/en/openings.json";
import frOpenings from "~/locales/fr/openings.json";
import enData from "~/locales/en/data.json";
import frData from "~/locales/fr/data.json";
import enWebhooks from "~/locales/en/webhooks.json";
import frWebhooks from "~/locales/fr/webhooks.json";
import enPreferences from "~/locales/en/preferences.json";
import frPreferences from "~/locales/fr/preferences.json";

/**
 * Shared by the server and the browser: both languages are bundled (they are small).
 * One namespace per area: common (layout, shared UI), auth (sign-in pages), admin (HR pages),
 * email (every email's text), offboarding (shared validation messages of the offboarding domain),
 * departures (HR's departure pages), settings (templates, departments, reasons, holidays, teams),
 * tasks (task owners' inbox and reminders), integrations (API tokens, API reference), imports (CSV),
 * surveys (HR's survey builder), exit (the leaver's exit flow), alumni (opt-in, consents, alumni pages),
 * responses (HR's views of exit-flow progress and answers), feeds (HR's share feed curation), newsletter (HR's
 * newsletter pages and the alumni archive), deliverability (the newsletter's unsubscribe page, suppression list
 * and per-issue results), scoring (the advocacy score: HR's segments page and the formula's settings),
 * analytics (HR's eNPS dashboard and its charts),
 * pulse (the alumni pulse's answer page and HR's pulse pages), network (the alumni profile, the
 * directory and the alumni home's blocks), failures (every refusal a domain
 * pulse (the alumni pulse's answer page and HR's pulse pages), data ("Your data", its download and HR's
 * retention settings), failures (every refusal a domain
 * pulse (the alumni pulse's answer page and HR's pulse pages), webhooks (HR's outbound webhook endpoints
 * and delivery log), failures (every refusal a domain
 * pulse (the alumni pulse's answer page and HR's pulse pages), preferences (the preference centre's
 * language, frequency and address sections, and the no-sign-in page behind every email's footer), failures (every refusal a domain
 * function can answer, by code: ADR 013).
 */
export const SUPPORTED_LOCALES = ["en", "fr"] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "en";
export const NAMESPACES = [
  "common",
  "auth",
  "admin",
  "email",
  "offboarding",
  "departures",
  "settings",
  "tasks",
  "integrations",
  "imports",
  "surveys",
  "exit",
  "alumni",
  "responses",
  "feeds",
  "failures",
  "newsletter",
  "deliverability",
  "scoring",
  "analytics",
  "pulse",
  "network",
  "openings",
  "data",
  "webhooks",
  "preferences",
] as const;

export function isSupportedLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    admin: enAdmin,
    email: enEmail,
    offboarding: enOffboarding,
    departures: enDepartures,
    settings: enSettings,
    tasks: enTasks,
    integrations: enIntegrations,
    imports: enImports,
    surveys: enSurveys,
    exit: enExit,
    alumni: enAlumni,
    responses: enResponses,
    feeds: enFeeds,
    failures: enFailures,
    newsletter: enNewsletter,
    deliverability: enDeliverability,
    scoring: enScoring,
    analytics: enAnalytics,
    pulse: enPulse,
    network: enNetwork,
    openings: enOpenings,
    data: enData,
    webhooks: enWebhooks,
    preferences: enPreferences,
  },
  fr: {
    common: frCommon,
    auth: frAuth,
    admin: frAdmin,
    email: frEmail,
    offboarding: frOffboarding,
    departures: frDepartures,
    settings: frSettings,
    tasks: frTasks,
    integrations: frIntegrations,
    imports: frImports,
    surveys: frSurveys,
    exit: frExit,
    alumni: frAlumni,
    responses: frResponses,
    feeds: frFeeds,
    failures: frFailures,
    newsletter: frNewsletter,
    deliverability: frDeliverability,
    scoring: frScoring,
    analytics: frAnalytics,
    pulse: frPulse,
    network: frNetwork,
    openings: frOpenings,
    data: frData,
    webhooks: frWebhooks,
    preferences: frPreferences,
  },
} as const;

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: [...NAMESPACES],
  resources,
  interpolation: { escapeValue: false },
} as const;
