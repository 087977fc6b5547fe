/**
 * Splits a comment into the tokens the scorer reads: words (with French elisions split off, so
 * "n'est" is "n'" + "est" and "l'équipe" finds "équipe"), emoji (one token per pictograph, skin tones
 * and variation selectors dropped), emoticons the lexicon knows (":)", "<3"), and the punctuation that
 * ends a clause (which stops negation and intensifiers from reaching across it).
 */

export type TokenKind = "word" | "emoji" | "emoticon" | "clause-end";

export interface Token {
  kind: TokenKind;
  /** As written (for emphasis: a word in capitals). */
  raw: string;
  /** Lower-cased, apostrophes unified. */
  lower: string;
}

const EMOJI = /\p{Extended_Pictographic}/u;
const PIECE =
  /(\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic})*)|([\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*'?)|([.,;:!?()…]|—|–| - )/gu;
const ELISION = /^(n|l|j|d|c|s|m|t|qu|jusqu|lorsqu|puisqu)'(?=\p{L})/u;

export function tokenise(text: string, isEmoticon: (chunk: string) => boolean): Token[] {
  const tokens: Token[] = [];
  const normalised = text.replace(/[’‘`]/g, "'").replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, "");
  for (const chunk of normalised.split(/\s+/)) {
    if (!chunk) continue;
    if (!/[\p{L}\p{N}]/u.test(chunk) && isEmoticon(chunk)) {
      tokens.push({ kind: "emoticon", raw: chunk, lower: chunk.toLowerCase() });
      continue;
    }
    const trailingEmoticon = chunk.match(/^(.*[\p{L}\p{N}])([:;=8xX][-']?[()DPp\]\[/\\|*]+)$/u);
    if (trailingEmoticon && isEmoticon(trailingEmoticon[2]!)) {
      pushPieces(tokens, trailingEmoticon[1]!);
      tokens.push({ kind: "emoticon", raw: trailingEmoticon[2]!, lower: trailingEmoticon[2]!.toLowerCase() });
      continue;
    }
    pushPieces(tokens, chunk);
  }
  return tokens;
}

function pushPieces(tokens: Token[], chunk: string) {
  for (const match of chunk.matchAll(PIECE)) {
    if (match[1]) {
      for (const symbol of match[1].split("\u200d")) if (EMOJI.test(symbol)) tokens.push({ kind: "emoji", raw: symbol, lower: symbol });
    } else if (match[2]) {
      let word = match[2];
      let elision = word.match(ELISION);
      while (elision) {
        tokens.push({ kind: "word", raw: elision[0], lower: elision[0].toLowerCase() });
        word = word.slice(elision[0].length);
        elision = word.match(ELISION);
      }
      tokens.push({ kind: "word", raw: word, lower: word.toLowerCase() });
    } else if (match[3]) {
      tokens.push({ kind: "clause-end", raw: match[3].trim(), lower: match[3].trim() });
    }
  }
}

/** A word written in capitals for emphasis ("I LOVED it"), not an acronym of one letter. */
export function isShouted(token: Token): boolean {
  return token.kind === "word" && token.raw.length > 1 && /\p{Lu}/u.test(token.raw) && token.raw === token.raw.toUpperCase() && /\p{L}/u.test(token.raw);
}
