import { detect } from "tinyld/light";

export type SentimentLang = "en" | "fr";

/**
 * The language a comment is written in, English or French. tinyld (its light model, restricted to
 * the two languages) decides when it can; on texts too short for it ("great team", "ok", an emoji) a
 * count of each language's most frequent words and of French accented letters breaks the tie, and a
 * text with no clue at all is English (the portal's default language).
 */
const FRENCH_CLUES = new Set("le la les un une des du de et est pas ne je tu il elle nous vous ils on au aux ce cette ces mon ma mes très trop mais pour avec sans sur dans qui que c'est j'ai rien tout bien merci équipe bof nul".split(" "));
const ENGLISH_CLUES = new Set("the a an and is are was were not no i you he she we they it this that my your very too but for with without on in who what it's i'm good bad great thanks team ok".split(" "));

export function detectLanguage(text: string): SentimentLang {
  const found = detect(text, { only: ["en", "fr"] });
  if (found === "en" || found === "fr") return found;
  let french = /[àâçéèêëîïôûùüÿœ]/i.test(text) ? 1 : 0;
  let english = 0;
  for (const word of text.toLowerCase().replace(/[’]/g, "'").split(/[^\p{L}']+/u)) {
    if (FRENCH_CLUES.has(word)) french += 1;
    if (ENGLISH_CLUES.has(word)) english += 1;
  }
  return french > english ? "fr" : "en";
}
