import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { translator } from "~/modules/i18n/translator";
import type { AppLocale } from "~/modules/i18n/config";

/**
 * The consent model, pure: the purposes a person can agree to, the exact words shown for each, and
 * how the current state follows from the ledger. Shared by the pages (which render the words) and
 * the server (which hashes the same words into every ledger row).
 */

export const CONSENT_PURPOSES = ["newsletter", "share_feed", "directory", "pulse", "openings"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * Which version of the alumni privacy notice the words belong to. Change it (and the texts) together:
 * a ledger row then says which promise the person agreed to.
 */
export const CONSENT_POLICY_VERSION = "2026-11";

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === "string" && (CONSENT_PURPOSES as readonly string[]).includes(value);
}

export interface ConsentText {
  label: string;
  description: string;
  /** What was shown, as one string: the label, a line break, the description. */
  text: string;
  /** SHA-256 (hex) of `text`: stored with every choice, recomputable from the code of that day. */
  hash: string;
}

/** The words shown beside one purpose's checkbox or toggle, in a language, with their hash. */
export function consentText(purpose: ConsentPurpose, locale: AppLocale, companyName: string): ConsentText {
  const t = translator(locale, "alumni");
  const label = t(`purposes.${purpose}.label`, { company: companyName });
  const description = t(`purposes.${purpose}.description`, { company: companyName });
  const text = `${label}\n${description}`;
  return { label, description, text, hash: encodeHexLowerCase(sha256(new TextEncoder().encode(text))) };
}

export interface ConsentState {
  granted: boolean;
  /** When the current state was chosen; null when the person never chose (not granted). */
  since: Date | null;
}

export type ConsentStates = Record<ConsentPurpose, ConsentState>;

export interface ConsentEventLike {
  purpose: ConsentPurpose;
  granted: boolean;
  created_at: Date;
}

/**
 * The state of every purpose from ledger rows given oldest first: the latest row of a purpose wins;
 * a purpose without rows is not granted.
 */
export function deriveConsents(events: readonly ConsentEventLike[]): ConsentStates {
  const states = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, { granted: false, since: null }])) as ConsentStates;
  for (const event of events) states[event.purpose] = { granted: event.granted, since: event.created_at };
  return states;
}

export interface ConsentChange {
  purpose: ConsentPurpose;
  granted: boolean;
}

/** Only what differs from the current state: ticking an already granted purpose records nothing. */
export function consentChanges(current: ConsentStates, wanted: Partial<Record<ConsentPurpose, boolean>>): ConsentChange[] {
  return CONSENT_PURPOSES.flatMap((purpose) => {
    const granted = wanted[purpose];
    return granted === undefined || granted === current[purpose].granted ? [] : [{ purpose, granted }];
  });
}

/** Every purpose withdrawn: leaving the network, or declining after joining. */
export function withdrawEverything(): Record<ConsentPurpose, boolean> {
  return Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])) as Record<ConsentPurpose, boolean>;
}
