import type { SentimentLang } from "./types";
import { lexiconFor, type Lexicon } from "./lexicon";
import { RULES, SCALARS, type LanguageRules } from "./rules";
import { isShouted, tokenise, type Token } from "./tokens";

/**
 * The valence of a comment in [−1, 1]: VADER's method (Hutto & Gilbert 2014), written again for two
 * languages. Each sentiment word (or phrase, emoji, emoticon) takes its lexicon valence, adjusted by
 * capitals, by boosters and negators up to three words before it in the same clause, by its place
 * around a contrast ("but"/"mais") or inside a concessive clause ("although"/"malgré"); the sum gets
 * the emphasis of "!" and "??", and is normalised by x / √(x² + 15) as VADER does.
 */
export function scoreText(text: string, lang: SentimentLang): number {
  const lexicon = lexiconFor(lang);
  const rules = RULES[lang];
  const tokens = tokenise(text, lexicon.isEmoticon);
  const mixedCase = /\p{Ll}/u.test(text);
  const valences = tokens.map(() => 0);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "clause-end") continue;
    const phrase = token.kind === "word" ? matchPhrase(tokens, i, lexicon) : undefined;
    const span = phrase?.length ?? 1;
    let valence = phrase ? phrase.valence : baseValence(tokens, i, lexicon, rules);
    if (valence === 0) {
      i += span - 1;
      continue;
    }
    if (mixedCase && isShouted(token)) valence += Math.sign(valence) * SCALARS.capsEmphasis;
    valence = applyModifiers(tokens, i, valence, rules, mixedCase);
    valences[i] = valence;
    i += span - 1;
  }

  weighContrast(tokens, valences, rules);
  let sum = valences.reduce((total, v) => total + v, 0);
  if (sum !== 0) sum += Math.sign(sum) * punctuationEmphasis(text);
  const compound = sum / Math.sqrt(sum * sum + 15);
  return Math.max(-1, Math.min(1, Number.isFinite(compound) ? compound : 0));
}

function matchPhrase(tokens: Token[], i: number, lexicon: Lexicon): { length: number; valence: number } | undefined {
  const candidates = lexicon.phrases.get(tokens[i]!.lower);
  if (!candidates) return undefined;
  for (const phrase of candidates) {
    if (phrase.words.every((word, k) => tokens[i + k]?.kind === "word" && tokens[i + k]!.lower === word)) {
      return { length: phrase.words.length, valence: phrase.valence };
    }
  }
  return undefined;
}

/** A word's own valence; modifiers count for nothing by themselves, a booster only when it boosts nothing ("c'est super"). */
function baseValence(tokens: Token[], i: number, lexicon: Lexicon, rules: LanguageRules): number {
  const token = tokens[i]!;
  if (token.kind !== "word") return lexicon.valence(token.lower) ?? 0;
  const word = token.lower;
  if (isNegatorAt(tokens, i, rules) || rules.contrast.has(word) || rules.concessive.has(word)) return 0;
  const own = lexicon.valence(word) ?? 0;
  if (rules.boosters.has(word)) {
    const next = tokens[i + 1];
    const boostsNext = next !== undefined && next.kind !== "clause-end" && (lexicon.valence(next.lower) ?? 0) !== 0;
    return boostsNext ? 0 : own;
  }
  return own;
}

function isNegatorAt(tokens: Token[], i: number, rules: LanguageRules): boolean {
  const word = tokens[i]!.lower;
  if (rules.negators.has(word)) return true;
  // French "plus" negates only in "ne … plus" ("je ne suis plus motivé"); otherwise it means "more".
  if (word === "plus" && rules === RULES.fr) {
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      const before = tokens[i - k]!;
      if (before.kind === "clause-end") break;
      if (before.lower === "ne" || before.lower === "n'") return true;
    }
  }
  return false;
}

function boosterAt(tokens: Token[], j: number, rules: LanguageRules): number {
  const word = tokens[j]!.lower;
  const pair = j > 0 ? `${tokens[j - 1]!.lower} ${word}` : "";
  return rules.boosters.get(pair) ?? rules.boosters.get(word) ?? 0;
}

function applyModifiers(tokens: Token[], i: number, valence: number, rules: LanguageRules, mixedCase: boolean): number {
  let adjusted = valence;
  let negatedAt = -1;
  for (let k = 1; k <= 3 && i - k >= 0; k++) {
    const j = i - k;
    const before = tokens[j]!;
    if (before.kind === "clause-end") break;
    if (before.kind !== "word") continue;
    if (isNegatorAt(tokens, j, rules)) {
      if (negatedAt === -1) negatedAt = j;
      continue;
    }
    const boost = boosterAt(tokens, j, rules);
    if (boost !== 0) {
      let scalar = boost * (1 - 0.05 * (k - 1));
      if (mixedCase && isShouted(before)) scalar += Math.sign(boost) * SCALARS.capsEmphasis;
      adjusted += Math.sign(adjusted) * scalar;
    }
  }
  if (negatedAt === -1) return adjusted;
  // "couldn't be happier", "je ne pourrais pas être plus heureuse": a negated comparative after a modal praises.
  const between = tokens.slice(negatedAt + 1, i + 1).map((t) => t.lower);
  const modal = [negatedAt, negatedAt - 1, negatedAt - 2].some((j) => j >= 0 && rules.modals.has(tokens[j]!.lower));
  if (modal && between.some((word) => rules.comparatives.has(word))) return adjusted + Math.sign(adjusted) * 0.293;
  return adjusted * SCALARS.negation;
}

/** Phrase-level contrast: each sentence's last "but" halves what precedes it and weighs what follows ×1.5. */
function weighContrast(tokens: Token[], valences: number[], rules: LanguageRules) {
  let start = 0;
  for (let end = 0; end <= tokens.length; end++) {
    const token = tokens[end];
    const sentenceEnds = token === undefined || (token.kind === "clause-end" && /[.!?…]/.test(token.lower));
    if (!sentenceEnds) continue;
    let pivot = -1;
    for (let j = start; j < end; j++) if (isContrastAt(tokens, j, rules)) pivot = j;
    if (pivot !== -1) {
      for (let j = start; j < end; j++) {
        if (j < pivot) valences[j] = valences[j]! * SCALARS.before;
        else if (j > pivot) valences[j] = valences[j]! * SCALARS.after;
      }
    }
    for (let j = start; j < end; j++) {
      if (!isConcessiveAt(tokens, j, rules)) continue;
      for (let m = j + 1; m < end && tokens[m]!.kind !== "clause-end"; m++) valences[m] = valences[m]! * SCALARS.concessive;
    }
    start = end + 1;
  }
}

function isContrastAt(tokens: Token[], j: number, rules: LanguageRules): boolean {
  const word = tokens[j]!.lower;
  const pair = j > 0 ? `${tokens[j - 1]!.lower} ${word}` : "";
  return rules.contrast.has(word) || rules.contrast.has(pair);
}

function isConcessiveAt(tokens: Token[], j: number, rules: LanguageRules): boolean {
  const word = tokens[j]!.lower;
  const pair = j > 0 ? `${tokens[j - 1]!.lower} ${word}` : "";
  const triple = j > 1 ? `${tokens[j - 2]!.lower} ${pair}` : "";
  return rules.concessive.has(word) || rules.concessive.has(pair) || rules.concessive.has(triple);
}

/** "!" adds emphasis (up to four); several "?" add a little (VADER's constants). */
function punctuationEmphasis(text: string): number {
  const exclamations = Math.min((text.match(/!/g) ?? []).length, 4);
  const questions = (text.match(/\?/g) ?? []).length;
  const questionEmphasis = questions > 1 ? (questions <= 3 ? questions * SCALARS.question : 0.96) : 0;
  return exclamations * SCALARS.exclamation + questionEmphasis;
}
