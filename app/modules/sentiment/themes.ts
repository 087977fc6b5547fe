/**
 * Theme tags of a comment, from one bilingual lexicon of word patterns (stems): a comment in either
 * language, or one that mixes both, gets the same tags. Patterns match the lower-cased text with its
 * accents removed (so "télétravail", "teletravail" and "TÉLÉTRAVAIL" are one word) and start at a
 * word boundary, so that stems catch every inflection ("promot" → promotion, promoted, promoted).
 * Kept apart from the scorer so that client code can import THEMES without the lexicons.
 */

export const THEMES = ["pay", "manager", "growth", "workload", "culture", "remote", "tools", "recognition"] as const;
export type Theme = (typeof THEMES)[number];

const W = "(?<![\\p{L}\\p{N}])";

function patterns(...stems: string[]): RegExp {
  return new RegExp(`${W}(?:${stems.join("|")})`, "u");
}

const THEME_PATTERNS: Record<Theme, RegExp> = {
  pay: patterns(
    "pay(?!ing attention| attention| a lot more attention)", "paid", "underpaid", "salar", "wage", "bonus", "raise", "compensation", "remunerat", "payslip", "pension", "benefits", "health insurance", "stock options",
    "salaire", "paie", "paye", "sous-paye", "remuner", "prime", "augment(?:ation|e)", "avantages sociaux", "mutuelle", "retraite complementaire", "interessement", "bulletin de salaire",
  ),
  manager: patterns(
    "manager", "management", "managed", "micromanag", "boss", "supervisor", "line manager", "team lead", "my lead", "leadership", "executives", "director",
    "chef(?!s-d)", "responsable", "n\\+1", "direction", "encadrement", "hierarchie", "superieur", "microgestion", "flique",
  ),
  growth: patterns(
    "career", "promot", "growth", "grow", "develop", "training", "learn", "mentor", "progress", "opportunit", "dead[- ]end", "stuck", "new challenge", "autonomy",
    "carriere", "promu", "evolu", "formation", "appren", "appris", "progresse", "mentorat", "perspective", "stagn", "bloque", "nouveau defi", "autonomie", "debuter",
  ),
  workload: patterns(
    "workload", "overwork", "hours", "overtime", "deadline", "burn(?:ed|t)? ?out", "burnout", "exhaust", "stress", "pressure", "understaff", "short-staffed", "firefighting", "unsustainable", "too many meetings", "60-hour", "late evenings", "too much travel",
    "charge de travail", "surcharg", "deborde", "heures sup", "epuis", "delais", "pression", "sous-effectif", "burn-out", "rythme", "trop de reunions", "soirees tardives", "deplacements", "longues journees", "intenable", "60 heures",
  ),
  culture: patterns(
    "culture", "atmosphere", "ambience", "vibes", "toxic", "inclusive", "colleague", "team", "values", "respect", "harass", "bull(?:y|ied|ying)", "blame", "favouritism", "favoritism", "trust", "collaborat", "silo", "morale", "people",
    "ambiance", "toxique", "inclusi", "collegue", "equipe", "valeurs", "harcelement", "copinage", "entraide", "solidaire", "cloisonne", "confiance", "bienveillan", "les gens", "conviviale?", "culture de la faute",
  ),
  remote: patterns(
    "remote", "work(?:ing)? from home", "wfh", "home office", "hybrid", "commute", "relocat", "office", "parking", "open[- ]plan", "public transport", "station", "abroad", "another city", "closer to home",
    "teletravail", "travail hybride", "trajet", "transports? en commun", "bureaux?", "locaux", "demenag", "mobilite", "se garer", "open space", "gare", "a l'etranger", "pres de chez",
  ),
  tools: patterns(
    "tools?", "software", "laptop", "computer", "hardware", "equipment", "systems?", "intranet", "vpn", "slack", "buggy", "crash", "expense tool", "apps?",
    "outils?", "logiciel", "ordinateur", "ordi", "materiel", "informatique", "plant(?:e|ent|ait)", "bugg",
  ),
  recognition: patterns(
    "recogni[sz]", "unrecogni", "appreciat", "appreciated", "valued", "undervalued", "credit", "praise", "celebrat", "reward", "acknowledg", "shout ?out", "(?:say|said|says) thank", "invisible", "heard",
    "reconnaissance", "reconnu", "valoris", "devaloris", "felicit", "apprecie", "celebre", "gratifiant", "disait (?:jamais )?merci", "dire merci", "ecoute",
  ),
};

/** The lower-cased text without accents, the form the theme patterns are written for. */
export function foldForThemes(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’`]/g, "'");
}

/** Distinct themes the text mentions, in THEMES order. */
export function tagThemes(text: string): Theme[] {
  const folded = foldForThemes(text);
  // "IT" (the department) is a pronoun once lower-cased: only the capitalised form counts.
  const itTeam = /\bIT\b/.test(text);
  return THEMES.filter((theme) => THEME_PATTERNS[theme].test(folded) || (theme === "tools" && itTeam));
}
