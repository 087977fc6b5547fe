import afinnFr from "./lexicons/afinn-fr.json";
import vaderEn from "./lexicons/vader-en.json";
import { EMOJI_VALENCE } from "./emoji";
import type { SentimentLang } from "./types";
import { CORE_FR, WORKPLACE_FR } from "./lexicon-fr";
import { WORKPLACE_EN } from "./lexicon-en";

/**
 * One language's lexicon: single words in a map, phrases indexed by their first word (longest match
 * wins), all on VADER's −4…+4 scale. Built once per language on first use.
 */
export interface Lexicon {
  words: ReadonlyMap<string, number>;
  /** First word → phrases starting with it (as word lists), longest first. */
  phrases: ReadonlyMap<string, { words: string[]; valence: number }[]>;
  isEmoticon(chunk: string): boolean;
  valence(word: string): number | undefined;
}

const fold = (word: string) => word.normalize("NFD").replace(/\p{M}/gu, "");

/** Feminine and plural forms → the masculine singular the French lexicons list. */
function frenchCandidates(word: string): string[] {
  const out: string[] = [];
  const add = (w: string) => w.length > 1 && out.push(w);
  if (word.endsWith("aux")) add(`${word.slice(0, -3)}al`);
  if (word.endsWith("euses")) add(`${word.slice(0, -5)}eux`);
  if (word.endsWith("euse")) add(`${word.slice(0, -4)}eux`);
  if (word.endsWith("ives")) add(`${word.slice(0, -4)}if`);
  if (word.endsWith("ive")) add(`${word.slice(0, -3)}if`);
  if (word.endsWith("elles")) add(`${word.slice(0, -3)}`);
  if (word.endsWith("elle")) add(`${word.slice(0, -2)}`);
  if (word.endsWith("ennes")) add(`${word.slice(0, -3)}`);
  if (word.endsWith("enne")) add(`${word.slice(0, -2)}`);
  if (word.endsWith("es")) add(word.slice(0, -2));
  if (word.endsWith("s") || word.endsWith("x")) add(word.slice(0, -1));
  if (word.endsWith("e")) add(word.slice(0, -1));
  return out;
}

function build(lang: SentimentLang): Lexicon {
  const words = new Map<string, number>();
  const phrases = new Map<string, { words: string[]; valence: number }[]>();
  const emoticons = new Set<string>();
  for (const [key, value] of vaderEn as [string, number][]) {
    // VADER's emoticons serve both languages; its words only English.
    if (!/\p{L}{2}/u.test(key)) emoticons.add(key);
    if (lang === "en" || !/\p{L}{2}/u.test(key)) words.set(key, value);
  }
  const additions: Readonly<Record<string, number>>[] =
    lang === "en" ? [WORKPLACE_EN] : [Object.fromEntries(afinnFr as [string, number][]), CORE_FR, WORKPLACE_FR];
  for (const source of [...additions, EMOJI_VALENCE]) {
    for (const [key, value] of Object.entries(source)) {
      const entry = key.toLowerCase().replace(/’/g, "'");
      if (/\s/.test(entry) || (lang === "fr" && /^[\p{L}]+'\p{L}/u.test(entry))) {
        // French phrases are split like the tokeniser splits elisions ("à l'écoute" → à, l', écoute).
        const parts = (lang === "fr" ? entry.replace(/'(?=\p{L})/gu, "' ") : entry).split(/\s+/);
        const list = phrases.get(parts[0]!) ?? [];
        list.push({ words: parts, valence: value });
        phrases.set(parts[0]!, list);
      } else {
        words.set(entry, value);
      }
    }
  }
  for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  // French words are also found without their accents ("genial", "epuise"), as comments often lack them.
  const folded = new Map<string, number>();
  if (lang === "fr") for (const [key, value] of words) if (!folded.has(fold(key))) folded.set(fold(key), value);

  const valence = (word: string): number | undefined => {
    const direct = words.get(word);
    if (direct !== undefined || lang === "en") return direct;
    const bare = fold(word);
    const accentless = folded.get(bare);
    if (accentless !== undefined) return accentless;
    for (const candidate of frenchCandidates(word)) {
      const found = words.get(candidate) ?? folded.get(fold(candidate));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return { words, phrases, isEmoticon: (chunk) => emoticons.has(chunk), valence };
}

const cache = new Map<SentimentLang, Lexicon>();

export function lexiconFor(lang: SentimentLang): Lexicon {
  let lexicon = cache.get(lang);
  if (!lexicon) {
    lexicon = build(lang);
    cache.set(lang, lexicon);
  }
  return lexicon;
}
