import { detectAll } from "tinyld/light";
import { lexiconFor } from "./lexicon";
import { tokenise } from "./tokens";
import type { SentimentLang } from "./types";

/**
 * The language a comment is written in, English or French. Short comments are the hard case: tinyld
 * (a maintained n-gram detector, its light model restricted to the two languages) calls "Great
 * manager, fair pay." French. So each language first gets clues of its own — its most frequent
 * words, words its sentiment lexicon knows, French accented letters — and clear clues decide; tinyld
 * decides when the clues are close; a text with neither (an emoji, "ok") is English, the portal's
 * default language.
 */
const FRENCH_WORDS = new Set("le la les un une des du de et est pas ne n' je j' tu il elle nous vous ils on au aux ce c' cette ces mon ma mes très trop mais pour avec sans sur dans qui que qu' rien tout bien merci équipe bof nul l' d' à été était".split(" "));
const ENGLISH_WORDS = new Set("the a an and is are was were not no i you he she we they it this that my your very too but for with without on in of who what it's i'm thanks team ok".split(" "));

export function detectLanguage(text: string): SentimentLang {
  const clues = { en: 0, fr: /[àâçéèêëîïôûùüÿœ]/i.test(text) ? 1 : 0 };
  const english = lexiconFor("en");
  const french = lexiconFor("fr");
  for (const token of tokenise(text, english.isEmoticon)) {
    if (token.kind !== "word") continue;
    if (FRENCH_WORDS.has(token.lower)) clues.fr += 1;
    if (ENGLISH_WORDS.has(token.lower)) clues.en += 1;
    const inEnglish = english.words.has(token.lower);
    const inFrench = french.valence(token.lower) !== undefined;
    if (inEnglish && !inFrench) clues.en += 1;
    if (inFrench && !inEnglish) clues.fr += 1;
  }
  if (Math.abs(clues.en - clues.fr) >= 2) return clues.en > clues.fr ? "en" : "fr";
  const [best] = detectAll(text, { only: ["en", "fr"] });
  if (best && best.accuracy >= 0.05 && (best.lang === "en" || best.lang === "fr")) return best.lang;
  return clues.fr > clues.en ? "fr" : "en";
}
