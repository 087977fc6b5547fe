import { z } from "zod";
import { CONSENT_PURPOSES } from "./consents";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The alumni forms' fields, shared by the browser (conform validates as the person types) and the
 * actions (the real check). Messages come from the `alumni` namespace.
 */

export const EMAIL_MAX_LENGTH = 254;
/** How long a link confirming the personal address works. */
export const CONFIRMATION_DAYS = 7;
export const LINKEDIN_MAX_LENGTH = 300;

/**
 * Mailbox providers anyone can use. When a company's own mail runs on one of these, refusing the
 * whole domain would refuse most personal addresses, so only the work address itself is refused.
 */
const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.fr",
  "live.com",
  "live.fr",
  "msn.com",
  "yahoo.com",
  "yahoo.fr",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.fr",
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "laposte.net",
  "sfr.fr",
]);

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** The company's mail domain as far as the leaver's work address tells it (null for a public provider). */
export function companyDomainOf(workEmail: string): string | null {
  const domain = domainOf(workEmail);
  return domain && !PUBLIC_MAIL_DOMAINS.has(domain) ? domain : null;
}

/** Why an address will not do as the personal one, or null when it will. */
export function workAddressProblem(
  address: string,
  work: { workEmails: readonly string[]; companyDomains: readonly string[] },
): { kind: "work_address" } | { kind: "company_domain"; domain: string } | null {
  const lower = address.trim().toLowerCase();
  if (work.workEmails.some((email) => email.toLowerCase() === lower)) return { kind: "work_address" };
  const domain = domainOf(lower);
  const company = work.companyDomains.find((d) => domain === d || domain.endsWith(`.${d}`));
  return company ? { kind: "company_domain", domain: company } : null;
}

const LINKEDIN_HOST = /^(?:www\.|[a-z]{2,3}\.)?linkedin\.com$/;
// LinkedIn's public profile addresses: 3–100 letters, digits or hyphens (non-Latin letters allowed).
const LINKEDIN_SLUG = /^[\p{L}\p{N}_-]{3,100}$/u;

/**
 * A LinkedIn profile address in one canonical form, https://www.linkedin.com/in/<slug>, from what
 * people paste: with or without https:// and www., a country subdomain (fr.linkedin.com), a trailing
 * slash, tracking parameters. Anything else (another site, a company page, a search) gives null.
 */
export function normalizeLinkedInUrl(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > LINKEDIN_MAX_LENGTH) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.port) return null;
  if (!LINKEDIN_HOST.test(url.hostname)) return null;
  const match = /^\/in\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  if (!LINKEDIN_SLUG.test(slug)) return null;
  return `https://www.linkedin.com/in/${encodeURIComponent(slug.toLowerCase())}`;
}

export function personalEmailField(t: Translate, work: { workEmails: readonly string[]; companyDomains: readonly string[] }) {
  return z
    .string({ error: t("validation.personalEmailRequired") })
    .trim()
    .min(1, { error: t("validation.personalEmailRequired"), abort: true })
    .max(EMAIL_MAX_LENGTH, { error: t("validation.personalEmailTooLong", { max: EMAIL_MAX_LENGTH }), abort: true })
    .pipe(z.email({ error: t("validation.personalEmailInvalid") }))
    .superRefine((address, ctx) => {
      const problem = workAddressProblem(address, work);
      if (problem?.kind === "work_address") ctx.addIssue({ code: "custom", message: t("validation.personalEmailIsWork") });
      if (problem?.kind === "company_domain") {
        ctx.addIssue({ code: "custom", message: t("validation.personalEmailCompanyDomain", { domain: problem.domain }) });
      }
    });
}

/** Optional; an empty field means no profile link. The value comes out normalised. */
export function linkedinField(t: Translate) {
  return z
    .string()
    .trim()
    .max(LINKEDIN_MAX_LENGTH, { error: t("validation.linkedinTooLong", { max: LINKEDIN_MAX_LENGTH }), abort: true })
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const normalized = normalizeLinkedInUrl(value);
      if (!normalized) {
        ctx.addIssue({ code: "custom", message: t("validation.linkedinInvalid") });
        return z.NEVER;
      }
      return normalized;
    });
}

const consentsField = z
  .array(z.enum(CONSENT_PURPOSES))
  .optional()
  .transform((values) => [...new Set(values ?? [])]);

/** The language the page was shown in (the consent words are hashed in it); anything else is dropped. */
const shownLocaleField = z
  .enum(["en", "fr"])
  .optional()
  .catch(undefined);

export function joinSchema(t: Translate, work: { workEmails: readonly string[]; companyDomains: readonly string[] }) {
  return z.object({
    intent: z.literal("join"),
    personalEmail: personalEmailField(t, work),
    linkedinUrl: linkedinField(t),
    consents: consentsField,
    shownLocale: shownLocaleField,
  });
}

export type JoinInput = z.output<ReturnType<typeof joinSchema>>;

/** One purpose set to a state from the preferences page (explicit, so a double click changes nothing). */
export const consentToggleSchema = z.object({
  intent: z.literal("consent"),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.enum(["true", "false"]).transform((value) => value === "true"),
  shownLocale: shownLocaleField,
});

export function linkedinSchema(t: Translate) {
  return z.object({ intent: z.literal("linkedin"), linkedinUrl: linkedinField(t) });
}

// ——— The alumni profile and its directory fields (docs/decisions/033) ———

/** Company, title and location: a line each, as long as the column's check allows. */
export const PROFILE_TEXT_MAX_LENGTH = 120;
export const PROFILE_NAME_MAX_LENGTH = 120;

/** What a listed person can show or hide from other alumni; their name is what being listed means. */
export const DIRECTORY_FIELDS = ["department", "leftYear", "company", "title", "location", "linkedin"] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];
export type DirectoryVisibility = Record<DirectoryField, boolean>;

/** Facts from the departure are shown unless hidden; what the person says about today, only when chosen. */
export const DIRECTORY_DEFAULTS: DirectoryVisibility = {
  department: true,
  leftYear: true,
  company: false,
  title: false,
  location: false,
  linkedin: false,
};

// Line breaks, tabs and other control characters have no place in a one-line field.
const CONTROL_CHARACTERS = /\p{Cc}/u;

function profileText(t: Translate, field: "name" | "company" | "title" | "location", max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: t(`validation.${field}TooLong`, { max }), abort: true })
    .refine((value) => !CONTROL_CHARACTERS.test(value), { error: t(`validation.${field}Invalid`) });
}

/** The profile form: the name is required; the rest may be empty (stored as null). */
export function profileSchema(t: Translate) {
  const optional = (field: "company" | "title" | "location") =>
    profileText(t, field, PROFILE_TEXT_MAX_LENGTH)
      .optional()
      .transform((value) => value || null);
  return z.object({
    intent: z.literal("profile"),
    name: z
      .string({ error: t("validation.nameRequired") })
      .trim()
      .min(1, { error: t("validation.nameRequired"), abort: true })
      .pipe(profileText(t, "name", PROFILE_NAME_MAX_LENGTH)),
    currentCompany: optional("company"),
    currentTitle: optional("title"),
    location: optional("location"),
    linkedinUrl: linkedinField(t),
  });
}

export type ProfileInput = Omit<z.output<ReturnType<typeof profileSchema>>, "intent">;

/** The "What other alumni see" checkboxes: a field ticked is shown, one left out is hidden. */
export const directoryVisibilitySchema = z.object({
  intent: z.literal("visibility"),
  show: z
    .array(z.enum(DIRECTORY_FIELDS))
    .optional()
    .transform((values) => Object.fromEntries(DIRECTORY_FIELDS.map((field) => [field, (values ?? []).includes(field)])) as DirectoryVisibility),
});

/** Listing oneself (or not): the `directory` purpose of the consent ledger, set to a state. */
export const directoryListingSchema = z.object({
  intent: z.literal("listing"),
  listed: z.enum(["true", "false"]).transform((value) => value === "true"),
  shownLocale: shownLocaleField,
});

export interface Tenure {
  /** The first day, when HR recorded it. */
  hireDate: string | null;
  lastDay: string;
  department: string | null;
}

/**
 * Years at the company as the departure tells them: whole years from the first day to the last
 * (null without a first day, when only the leaving year is known).
 */
export function tenureYears(tenure: Pick<Tenure, "hireDate" | "lastDay">): number | null {
  if (!tenure.hireDate || tenure.hireDate > tenure.lastDay) return null;
  const [fromYear, fromRest] = [Number(tenure.hireDate.slice(0, 4)), tenure.hireDate.slice(5)];
  const [toYear, toRest] = [Number(tenure.lastDay.slice(0, 4)), tenure.lastDay.slice(5)];
  return toYear - fromYear - (toRest < fromRest ? 1 : 0);
}

/** The profile fields a complete profile has filled in, for the home page's prompt. */
export function missingProfileFields(profile: { currentCompany: string | null; currentTitle: string | null; location: string | null; linkedinUrl: string | null }) {
  return (["currentCompany", "currentTitle", "location", "linkedinUrl"] as const).filter((field) => !profile[field]);
}

/** The longest name search the directory accepts (the field's maxlength, and the schema's check). */
export const DIRECTORY_SEARCH_MAX = 100;
