import type { SentimentLang } from "./types";

/**
 * The words that change other words' valence, per language (after VADER's rules: Hutto & Gilbert
 * 2014). Keys are lower-case; French keys are also looked up without accents.
 *
 * - negators flip the valence of a sentiment word up to three words after them (×−0.74): "not good",
 *   "ne … pas bien", "pas du tout satisfait", "jamais reconnu". French "ne" alone does not negate
 *   ("il n'y a que …"); "plus" negates only after "ne" ("je ne suis plus motivé", else it is "more").
 * - boosters add to (or dampeners take from) the next sentiment word's strength: "very", "très",
 *   "vraiment", "trop", "a bit", "un peu".
 * - contrast words ("but", "mais") halve what came before them in the sentence and weigh what follows
 *   ×1.5: the clause after "but" is what the writer means. Concessive words ("although", "despite",
 *   "malgré", "même si") halve their own clause instead.
 */
export interface LanguageRules {
  negators: ReadonlySet<string>;
  boosters: ReadonlyMap<string, number>;
  contrast: ReadonlySet<string>;
  concessive: ReadonlySet<string>;
  /** Words after which a following comparative ("more", "plus", "happier") is not negated: "couldn't be happier". */
  modals: ReadonlySet<string>;
  comparatives: ReadonlySet<string>;
}

const B_INCR = 0.293;
const B_DECR = -0.293;

const boosters = (up: string[], down: string[]) =>
  new Map<string, number>([...up.map((w) => [w, B_INCR] as const), ...down.map((w) => [w, B_DECR] as const)]);

export const RULES: Record<SentimentLang, LanguageRules> = {
  en: {
    negators: new Set([
      "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "zero", "cannot", "hardly", "rarely", "barely", "lack", "lacked", "lacking",
      "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "haven't", "hasn't", "hadn't", "ain't", "dont", "didnt", "doesnt", "isnt", "wasnt", "wont", "cant", "couldnt", "aint", "never",
    ]),
    boosters: boosters(
      ["very", "really", "so", "extremely", "absolutely", "completely", "totally", "truly", "incredibly", "highly", "hugely", "deeply", "super", "too", "most", "more", "especially", "exceptionally", "genuinely", "seriously", "particularly", "utterly", "entirely", "fully", "quite", "such", "constant", "constantly", "always", "chronic", "chronically", "massively", "way", "hella", "damn", "literally", "definitely", "simply", "everything", "honestly"],
      ["a bit", "slightly", "somewhat", "kind of", "kinda", "sort of", "little", "a little", "fairly", "pretty much", "mostly", "partly", "occasionally", "almost", "marginally", "less"],
    ),
    contrast: new Set(["but", "however", "nevertheless", "nonetheless"]),
    concessive: new Set(["although", "though", "despite", "even though", "in spite of", "while", "whilst", "albeit"]),
    modals: new Set(["could", "couldn't", "couldnt", "can't", "cant", "cannot", "wouldn't"]),
    comparatives: new Set(["more", "happier", "better", "prouder", "luckier", "best"]),
  },
  fr: {
    negators: new Set(["pas", "jamais", "aucun", "aucune", "rien", "sans", "ni", "guère", "personne", "zéro", "peu", "manque"]),
    boosters: boosters(
      ["très", "vraiment", "trop", "tellement", "si", "extrêmement", "absolument", "complètement", "totalement", "vachement", "super", "hyper", "ultra", "énormément", "particulièrement", "profondément", "réellement", "franchement", "carrément", "tout", "toujours", "constamment", "permanent", "permanente", "plus", "bien", "sincèrement", "hautement", "grandement", "tant", "chronique", "beaucoup", "encore", "le plus", "la plus", "les plus", "vraie", "vrai", "honnêtement", "nettement", "totale", "total"],
      ["un peu", "légèrement", "plutôt", "assez", "moyennement", "quelque peu", "presque", "parfois", "moins", "relativement", "à peine"],
    ),
    contrast: new Set(["mais", "cependant", "pourtant", "toutefois", "néanmoins", "par contre", "en revanche", "sauf que", "seulement"]),
    concessive: new Set(["malgré", "même si", "bien que", "quoique", "alors que", "en dépit de"]),
    modals: new Set(["pourrais", "pourrait", "pouvais", "pu", "rêver"]),
    comparatives: new Set(["plus", "mieux", "meilleur", "meilleure", "meilleurs", "meilleures", "heureux", "heureuse"]),
  },
};

export const SCALARS = { negation: -0.74, capsEmphasis: 0.733, exclamation: 0.292, question: 0.18, before: 0.5, after: 1.5, concessive: 0.5 } as const;
