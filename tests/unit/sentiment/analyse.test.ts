import fc from "fast-check";
import { analyseComment, labelFor, LABEL_THRESHOLD, THEMES } from "~/modules/sentiment/analyse";
import { detectLanguage } from "~/modules/sentiment/language";

const score = (text: string, lang: "en" | "fr") => analyseComment(text, { lang }).score;

describe("comment sentiment: negation", () => {
  it.each([
    ["en", "The training was good.", "The training was not good."],
    ["en", "I felt valued.", "I never felt valued."],
    ["fr", "La formation était bien.", "La formation n'était pas bien."],
    ["fr", "Je suis satisfait.", "Je ne suis pas du tout satisfait."],
    ["fr", "Mon travail a été reconnu.", "Mon travail n'a jamais été reconnu."],
    ["fr", "Je suis motivé.", "Je ne suis plus motivé."],
  ] as const)("%s: a negated positive word turns negative (%s → %s)", (lang, plain, negated) => {
    expect(score(plain, lang)).toBeGreaterThan(0);
    expect(score(negated, lang)).toBeLessThan(0);
  });

  it("reads French 'plus' as 'more' unless 'ne' comes before it", () => {
    expect(score("Je suis plus motivé qu'avant.", "fr")).toBeGreaterThan(score("Je suis motivé.", "fr"));
  });

  it.each([
    ["en", "not bad"], ["fr", "pas mal"], ["en", "I couldn't be happier!"], ["fr", "Je ne pourrais pas être plus heureuse !"], ["fr", "Rien à redire."],
  ] as const)("%s: reads the idiom %j as praise", (lang, text) => {
    expect(score(text, lang)).toBeGreaterThan(0);
  });

  it.each([["fr", "pas terrible"], ["en", "I couldn't be more disappointed"], ["fr", "Ça pourrait être mieux."]] as const)("%s: reads %j as a complaint", (lang, text) => {
    expect(score(text, lang)).toBeLessThan(0);
  });
});

describe("comment sentiment: intensifiers and emphasis", () => {
  it.each([
    ["en", "The team was good.", "The team was very good."],
    ["en", "The team was good.", "The team was GOOD."],
    ["en", "The team was good.", "The team was good!!!"],
    ["fr", "L'équipe était bien.", "L'équipe était vraiment très bien."],
    ["fr", "La pression était forte et c'était stressant.", "La pression était forte et c'était trop stressant !!!"],
  ] as const)("%s: %j is weaker than %j", (lang, plain, stronger) => {
    expect(Math.abs(score(stronger, lang))).toBeGreaterThan(Math.abs(score(plain, lang)));
  });

  it("makes a dampener weaken a word", () => {
    expect(score("Le trajet était un peu pénible.", "fr")).toBeGreaterThan(score("Le trajet était pénible.", "fr"));
  });
});

describe("comment sentiment: contrast", () => {
  it.each([
    ["en", "The team was great but the pay was awful."],
    ["fr", "L'équipe était géniale mais le salaire était nul."],
    ["fr", "Malgré des collègues adorables, la charge de travail était intenable."],
  ] as const)("%s: what follows 'but'/'mais' (or the main clause after 'malgré') decides: %j", (lang, text) => {
    expect(score(text, lang)).toBeLessThan(0);
  });

  it.each([
    ["en", "The pay was low, but I loved the people."],
    ["fr", "Le salaire était bas, mais j'adorais l'équipe."],
  ] as const)("%s: the turn goes the other way too: %j", (lang, text) => {
    expect(score(text, lang)).toBeGreaterThan(0);
  });
});

describe("comment sentiment: emoji and emoticons", () => {
  it.each([["😍", 1], ["🎉", 1], ["👍", 1], ["😡", -1], ["😢", -1], [":)", 1], [":(", -1]] as const)("%s has the sign %d in both languages", (text, sign) => {
    expect(Math.sign(score(text, "en"))).toBe(sign);
    expect(Math.sign(score(text, "fr"))).toBe(sign);
  });

  it("adds emoji to the words around them", () => {
    expect(score("Dernier jour 😢", "fr")).toBeLessThan(0);
    expect(score("Last day with the team 🎉", "en")).toBeGreaterThan(0);
  });
});

describe("comment sentiment: workplace terms", () => {
  it.each([
    ["en", "burnout"], ["en", "underpaid"], ["en", "micromanaged"], ["en", "toxic"],
    ["fr", "épuisement"], ["fr", "sous-payé"], ["fr", "microgestion"], ["fr", "toxique"],
  ] as const)("%s: %s is negative", (lang, word) => {
    expect(score(word, lang)).toBeLessThan(0);
  });

  it.each([["en", "mentoring"], ["en", "flexibility"], ["fr", "bienveillance"], ["fr", "télétravail"]] as const)("%s: %s is positive", (lang, word) => {
    expect(score(word, lang)).toBeGreaterThan(0);
  });

  it("finds French words written without their accents and in their feminine or plural forms", () => {
    expect(score("epuisee", "fr")).toBeLessThan(0);
    expect(score("des managers bienveillantes et géniales", "fr")).toBeGreaterThan(0);
  });
});

describe("comment themes", () => {
  it.each([
    ["I was underpaid and the bonus was cancelled.", ["pay"]],
    ["Sous-payée, et la prime a été supprimée.", ["pay"]],
    ["My manager micromanaged everything.", ["manager"]],
    ["Ma cheffe pratiquait la microgestion.", ["manager"]],
    ["No promotion and no training in four years.", ["growth"]],
    ["Aucune perspective d'évolution ni de formation.", ["growth"]],
    ["Too many meetings and a crushing workload.", ["workload"]],
    ["Une charge de travail écrasante, j'étais débordée.", ["workload"]],
    ["A toxic culture.", ["culture"]],
    ["Une ambiance toxique.", ["culture"]],
    ["Remote work was cancelled and the commute is long.", ["remote"]],
    ["Le télétravail a été supprimé et le trajet est long.", ["remote"]],
    ["The laptop and the software were slow.", ["tools"]],
    ["L'ordinateur et les logiciels étaient lents.", ["tools"]],
    ["My work was never recognised.", ["recognition"]],
    ["Mon travail n'a jamais été reconnu.", ["recognition"]],
  ])("tags %j with %j", (text, themes) => {
    expect(analyseComment(text).themes).toEqual(themes);
  });

  it("lists several themes once each, in THEMES order", () => {
    const { themes } = analyseComment("Télétravail supprimé, salaire gelé, salaire trop bas, et un manager toxique.");
    expect(themes).toEqual(THEMES.filter((theme) => ["pay", "manager", "culture", "remote"].includes(theme)));
  });

  it("tags nothing in a comment about none of them", () => {
    expect(analyseComment("I am moving abroad with my family.").themes).toEqual(["remote"]);
    expect(analyseComment("Je reprends mes études.").themes).toEqual([]);
  });
});

describe("language detection", () => {
  it.each([
    ["Great manager, fair pay.", "en"],
    ["Too many meetings", "en"],
    ["Mon manager était génial", "fr"],
    ["Trop de réunions", "fr"],
    ["Rien à ajouter.", "fr"],
    ["télétravail", "fr"],
    ["Salaire trop bas mais bonne ambiance", "fr"],
  ] as const)("reads %j as %s", (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
    expect(analyseComment(text).lang).toBe(lang);
  });

  it("falls back to English when a text gives no clue", () => {
    expect(detectLanguage("")).toBe("en");
    expect(detectLanguage("👍")).toBe("en");
    expect(detectLanguage("12345")).toBe("en");
  });

  it("keeps the language it is given", () => {
    expect(analyseComment("Mon manager était génial", { lang: "en" }).lang).toBe("en");
  });
});

describe("scores and labels", () => {
  it("labels with the ±0.05 thresholds", () => {
    expect(labelFor(LABEL_THRESHOLD)).toBe("positive");
    expect(labelFor(-LABEL_THRESHOLD)).toBe("negative");
    expect(labelFor(0.0499)).toBe("neutral");
    expect(analyseComment("").label).toBe("neutral");
  });

  it("stays inside [−1, 1] however much a text piles up", () => {
    const praise = "AMAZING!!! ".repeat(500) + "😍".repeat(500);
    const abuse = "TERRIBLE TOXIC BURNOUT!!! ".repeat(500) + "🤬".repeat(500);
    expect(score(praise, "en")).toBeLessThanOrEqual(1);
    expect(score(praise, "en")).toBeGreaterThan(0.99);
    expect(score(abuse, "fr")).toBeGreaterThanOrEqual(-1);
    expect(score(abuse, "en")).toBeLessThan(-0.99);
  });

  it("gives any string a finite score in [−1, 1] and the label that score implies", () => {
    const words = fc.constantFrom("not", "pas", "ne", "very", "très", "but", "mais", "malgré", "good", "bien", "nul", "BAD", "!", "?", "😍", "🤬", ":)", "plus", "jamais", "couldn't", "be", "happier", "l'", ",", ".");
    const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), fc.array(words, { maxLength: 30 }).map((list) => list.join(" ")), fc.string({ unit: "binary", maxLength: 40 }));
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, "en" as const, "fr" as const), (input, lang) => {
        const result = analyseComment(input, { lang });
        expect(Number.isFinite(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(-1);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.label).toBe(labelFor(result.score));
        expect(["en", "fr"]).toContain(result.lang);
        expect(result.themes).toEqual(THEMES.filter((theme) => result.themes.includes(theme)));
      }),
      { numRuns: 400 },
    );
  });
});
