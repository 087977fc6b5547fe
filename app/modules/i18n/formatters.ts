import type { i18n } from "i18next";

/**
 * Formatters the translations may use, e.g. `{{company, de}}`. Registered on every i18next instance
 * (server render, browser, translator()) so that a text reads the same wherever it is rendered.
 */

/** French "de" before a name: elided before a vowel ("d’Acme Corp"), kept otherwise ("de Globex"). */
export function frenchDe(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name.trim()) ? `d’${name}` : `de ${name}`;
}

export function addFormatters(instance: i18n) {
  // In English the preposition is part of the sentence; only French texts use this format.
  instance.services.formatter?.add("de", (value: unknown, lng: string | undefined) =>
    lng === "fr" ? frenchDe(String(value)) : String(value),
  );
}
