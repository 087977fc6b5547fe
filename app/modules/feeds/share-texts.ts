import twitterText from "twitter-text";
import { DomainFailure, type Failure, type FailureCode } from "~/utils/failures";
import type { ShareLanguage, ShareNetwork } from "../../../db/schema";
import { SHARE_LANGUAGES, SHARE_NETWORKS, SHARE_TEXT_MAX, shareTextField, X_LINK_WEIGHT, X_MAX_WEIGHT } from "./share-limits";

/**
 * Share texts (issue 11, docs/decisions/019): what an approved item suggests an alumnus posts on
 * LinkedIn, X and Facebook, in English and French. A default is built from the title and summary
 * (LinkedIn the longest, X the shortest); HR may edit each one when approving. The disclosure line
 * HR sets ("#formeremployee of Acme Corp") is appended to every text when it is composed, so a text
 * is stored without it and a changed line applies to every item.
 *
 * X counts characters its own way (weighted: most CJK characters and emoji count 2, text is
 * NFC-normalised first, and every link counts 23, the length of a t.co link). The count is X's own
 * library, twitter-text, so the portal and X agree. A composed X text plus a space and the item's
 * link must weigh at most 280.
 *
 * Pure: no database. Server-side only in practice (twitter-text is not sent to browsers: the forms'
 * schemas check only the lengths, and the X rule is re-checked here when HR approves).
 */

export { SHARE_LANGUAGES, SHARE_NETWORKS, SHARE_TEXT_MAX, shareTextField, X_LINK_WEIGHT, X_MAX_WEIGHT, type ShareTextField } from "./share-limits";

/**
 * A disclosure line of at most 100 characters that X weighs at most 200 fits in any X text with its
 * link and still leaves room for words.
 */
export const DISCLOSURE_MAX = { length: 100, xWeight: 200 } as const;

/** Whether a disclosure line HR typed is short enough (see DISCLOSURE_MAX). */
export function disclosureFits(line: string): boolean {
  const text = line.trim();
  return characters(text).length <= DISCLOSURE_MAX.length && !/[\r\n]/.test(text) && xWeight(text) <= DISCLOSURE_MAX.xWeight;
}

/** How much of the summary a default text keeps, per network (X is cut to fit instead). */
const DEFAULT_SUMMARY_LENGTH = { linkedin: 1200, facebook: 400 } as const;

export type ShareTexts = Record<ShareNetwork, Record<ShareLanguage, string>>;
export type Disclosures = Record<ShareLanguage, string>;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The characters of `text` as a person sees them (an emoji with its modifiers is one). */
function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/** Spaces collapsed, ends trimmed; line breaks between paragraphs kept (LinkedIn and Facebook show them). */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph.length > 0)
    .join("\n\n");
}

/** X's weighted length of `text`, links in it counted 23 each. */
export function xWeight(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** What X counts for a composed text followed by a space and the item's link (if any). */
export function xWeightWithLink(composed: string, link: string | null): number {
  // The link is counted as X counts it, 23, rather than parsed: twitter-text does not recognise
  // every address (an unusual top-level domain) and would then count it in full.
  return xWeight(composed) + (link ? 1 + X_LINK_WEIGHT : 0);
}

/** A text with the disclosure line after it (nothing when HR set none). */
export function withDisclosure(text: string, disclosure: string): string {
  const body = text.trim();
  const line = disclosure.trim();
  if (line === "") return body;
  return body === "" ? line : `${body}\n\n${line}`;
}

/**
 * The longest start of `text` that `fits`, cut after a whole word with "…" (or inside a long word,
 * never inside a character, when not even one word fits); "" when nothing does.
 */
function cutToFit(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const chars = characters(text);
  const candidate = (length: number) => `${chars.slice(0, length).join("").replace(/[\s.,;:!?–—-]+$/u, "")}…`;
  // The weight grows with the length: the longest fitting prefix by binary search.
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(candidate(middle))) low = middle;
    else high = middle - 1;
  }
  if (low === 0) return "";
  // Back to the last word boundary when one keeps at least half of what fits.
  const prefix = chars.slice(0, low).join("");
  const space = prefix.search(/\s\S*$/u);
  const atWord = space >= prefix.length / 2 ? `${prefix.slice(0, space).replace(/[\s.,;:!?–—-]+$/u, "")}…` : candidate(low);
  return fits(atWord) ? atWord : candidate(low);
}

export interface ShareSource {
  title: string;
  /** The item's summary as plain text. */
  summary: string;
  /** The link shared with the text; none for a company post without one. */
  url: string | null;
}

/**
 * The default X text: title and summary, cut at a word with "…" so that with the disclosure line,
 * a space and the link it weighs at most 280. The disclosure is always kept whole.
 */
export function defaultXText(item: ShareSource, disclosure: string): string {
  const full = tidy([item.title, item.summary].filter((part) => part.trim() !== "").join(" — ").replace(/\n+/g, " "));
  return cutToFit(full, (candidate) => xWeightWithLink(withDisclosure(candidate, disclosure), item.url) <= X_MAX_WEIGHT);
}

function cutToLength(text: string, max: number): string {
  return cutToFit(text, (candidate) => characters(candidate).length <= max);
}

/** The default text of each network and language, before the disclosure line. */
export function defaultShareTexts(item: ShareSource, disclosures: Disclosures): ShareTexts {
  const title = tidy(item.title);
  const summary = tidy(item.summary);
  const long = (network: "linkedin" | "facebook") =>
    cutToLength([title, cutToLength(summary, DEFAULT_SUMMARY_LENGTH[network])].filter(Boolean).join("\n\n"), SHARE_TEXT_MAX[network]);
  const linkedin = long("linkedin");
  const facebook = long("facebook");
  // The summary is in the feed's language: both languages start from it; HR translates if they wish.
  return {
    linkedin: { en: linkedin, fr: linkedin },
    x: { en: defaultXText(item, disclosures.en), fr: defaultXText(item, disclosures.fr) },
    facebook: { en: facebook, fr: facebook },
  };
}

const TOO_LONG: Record<ShareLanguage, FailureCode> = { en: "feedShare.xTooLongEn", fr: "feedShare.xTooLongFr" };
const EMPTY: Record<ShareNetwork, Record<ShareLanguage, FailureCode>> = {
  linkedin: { en: "feedShare.linkedinEnRequired", fr: "feedShare.linkedinFrRequired" },
  x: { en: "feedShare.xEnRequired", fr: "feedShare.xFrRequired" },
  facebook: { en: "feedShare.facebookEnRequired", fr: "feedShare.facebookFrRequired" },
};
const LENGTH: Record<ShareNetwork, Record<ShareLanguage, FailureCode>> = {
  linkedin: { en: "feedShare.linkedinEnTooLong", fr: "feedShare.linkedinFrTooLong" },
  x: { en: "feedShare.xTooLongEn", fr: "feedShare.xTooLongFr" },
  facebook: { en: "feedShare.facebookEnTooLong", fr: "feedShare.facebookFrTooLong" },
};

/**
 * The problems of texts HR wrote, one per field (`xEn`…): empty, longer than the network allows,
 * or, for X, heavier than 280 with the disclosure line and the link. Empty list when all are fine.
 */
export function shareTextProblems(texts: ShareTexts, disclosures: Disclosures, url: string | null): Failure[] {
  const failures: Failure[] = [];
  for (const network of SHARE_NETWORKS) {
    for (const language of SHARE_LANGUAGES) {
      const field = shareTextField(network, language);
      const text = texts[network][language].trim();
      if (text === "") {
        failures.push({ code: EMPTY[network][language], field });
        continue;
      }
      if (network === "x") {
        const weight = xWeightWithLink(withDisclosure(text, disclosures[language]), url);
        if (weight > X_MAX_WEIGHT) failures.push({ code: TOO_LONG[language], field, values: { length: weight, max: X_MAX_WEIGHT, over: weight - X_MAX_WEIGHT } });
      } else if (characters(text).length > SHARE_TEXT_MAX[network]) {
        failures.push({ code: LENGTH[network][language], field, values: { max: SHARE_TEXT_MAX[network] } });
      }
    }
  }
  return failures;
}

/** Throws DomainFailure("invalid") naming each text that is wrong. */
export function assertShareTexts(texts: ShareTexts, disclosures: Disclosures, url: string | null): void {
  const failures = shareTextProblems(texts, disclosures, url);
  if (failures.length > 0) throw new DomainFailure("invalid", failures);
}

/**
 * The text an alumnus shares: the stored (or default) text with the disclosure line. An X text that
 * no longer fits (HR lengthened the disclosure line since) is cut again, keeping the line.
 */
export function composeShareText(network: ShareNetwork, text: string, disclosure: string, url: string | null): string {
  return withDisclosure(fitShareBody(network, text, disclosure, url), disclosure);
}

/**
 * The part of a share text an alumnus may edit (the disclosure line is appended after it, always):
 * the text itself, an X text cut to fit 280 with the disclosure line and the link.
 */
export function fitShareBody(network: ShareNetwork, text: string, disclosure: string, url: string | null): string {
  if (network !== "x") return text.trim();
  return cutToFit(text.trim(), (candidate) => xWeightWithLink(withDisclosure(candidate, disclosure), url) <= X_MAX_WEIGHT);
}
