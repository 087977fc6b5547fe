import fc from "fast-check";
import {
  assertShareTexts,
  composeShareText,
  defaultShareTexts,
  defaultXText,
  disclosureFits,
  shareTextProblems,
  withDisclosure,
  xWeight,
  xWeightWithLink,
  type ShareTexts,
} from "~/modules/feeds/share-texts";
import { DomainFailure } from "~/utils/failures";

const LINK = "https://news.acme.example/2026/12/a-very-long-article-address-that-x-counts-as-twenty-three-characters";
const DISCLOSURES = { en: "#formeremployee of Acme Corp", fr: "#ancienemployé d’Acme Corp" };

function texts(x: string): ShareTexts {
  return { linkedin: { en: "L en", fr: "L fr" }, x: { en: x, fr: "X fr" }, facebook: { en: "F en", fr: "F fr" } };
}

describe("X's count", () => {
  it("counts a link as 23 whatever its length, CJK characters and emoji as 2", () => {
    expect(xWeightWithLink("Hello", LINK)).toBe(5 + 1 + 23);
    expect(xWeight("中文")).toBe(4);
    expect(xWeight("👩‍👩‍👧")).toBe(2);
    expect(xWeight("é")).toBe(xWeight("e\u0301"));
  });
});

describe("default share texts", () => {
  const item = { title: "Acme opens a Lisbon office", summary: "We are hiring 40 engineers.\n\nRead how the team grew.", url: LINK };

  it("build LinkedIn and Facebook from the title and the summary, paragraphs kept", () => {
    const defaults = defaultShareTexts(item, DISCLOSURES);
    expect(defaults.linkedin.en).toBe("Acme opens a Lisbon office\n\nWe are hiring 40 engineers.\n\nRead how the team grew.");
    expect(defaults.facebook.fr).toBe(defaults.linkedin.en);
    expect(defaults.x.en).toBe("Acme opens a Lisbon office — We are hiring 40 engineers. Read how the team grew.");
  });

  it("keep LinkedIn longer than Facebook for a long summary, and X within 280", () => {
    const long = { ...item, summary: "word ".repeat(800) };
    const defaults = defaultShareTexts(long, DISCLOSURES);
    expect(defaults.linkedin.en.length).toBeGreaterThan(defaults.facebook.en.length);
    expect(defaults.facebook.en.length).toBeLessThanOrEqual(2000);
    expect(defaults.x.en.endsWith("word…")).toBe(true);
    expect(xWeightWithLink(withDisclosure(defaults.x.en, DISCLOSURES.en), LINK)).toBeLessThanOrEqual(280);
  });

  it("cut the X text at a word boundary with an ellipsis, keeping the disclosure line", () => {
    const x = defaultXText({ title: "Alpha", summary: "bravo charlie ".repeat(30), url: LINK }, DISCLOSURES.en);
    expect(x).toMatch(/^Alpha — (bravo charlie ?)*(bravo|charlie)…$/);
    const composed = composeShareText("x", x, DISCLOSURES.en, LINK);
    expect(composed.endsWith(`\n\n${DISCLOSURES.en}`)).toBe(true);
  });

  it("property: whatever the title, summary and disclosure line, the default X text fits with its link", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.string({ unit: "grapheme", maxLength: 1200 }),
        fc.string({ unit: "grapheme", maxLength: 120 }).filter(disclosureFits),
        fc.boolean(),
        (title, summary, disclosure, hasLink) => {
          const url = hasLink ? LINK : null;
          const x = defaultXText({ title, summary, url }, disclosure);
          expect(xWeightWithLink(withDisclosure(x, disclosure), url)).toBeLessThanOrEqual(280);
          // The disclosure line is always there, whole.
          if (disclosure.trim() !== "") expect(withDisclosure(x, disclosure).endsWith(disclosure.trim())).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: a composed X text always fits, even after the disclosure line grew", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 600 }), fc.string({ unit: "grapheme", maxLength: 100 }).filter(disclosureFits), (text, disclosure) => {
        expect(xWeightWithLink(composeShareText("x", text, disclosure, LINK), LINK)).toBeLessThanOrEqual(280);
      }),
      { numRuns: 200 },
    );
  });
});

describe("texts HR edits", () => {
  it("accept an X text that fits exactly", () => {
    // 280 = text + "\n\n" + disclosure + " " + 23.
    const room = 280 - 24 - 2 - xWeight(DISCLOSURES.en);
    expect(shareTextProblems(texts("a".repeat(room)), DISCLOSURES, LINK)).toEqual([]);
  });

  it("refuse an X text one character over, naming the field and by how much", () => {
    const room = 280 - 24 - 2 - xWeight(DISCLOSURES.en);
    expect(shareTextProblems(texts("a".repeat(room + 1)), DISCLOSURES, LINK)).toEqual([
      { code: "feedShare.xTooLongEn", field: "xEn", values: { length: 281, max: 280, over: 1 } },
    ]);
  });

  it("refuse empty texts and over-long LinkedIn and Facebook texts, each by its field", () => {
    const bad: ShareTexts = { linkedin: { en: "x".repeat(3001), fr: " " }, x: { en: "ok", fr: "ok" }, facebook: { en: "ok", fr: "y".repeat(2001) } };
    expect(shareTextProblems(bad, DISCLOSURES, LINK).map((f) => [f.field, f.code])).toEqual([
      ["linkedinEn", "feedShare.linkedinEnTooLong"],
      ["linkedinFr", "feedShare.linkedinFrRequired"],
      ["facebookFr", "feedShare.facebookFrTooLong"],
    ]);
  });

  it("property: an X text that does not fit is refused with the X field named", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }), fc.constantFrom("en" as const, "fr" as const), (text, language) => {
        const edited = texts("ok");
        edited.x[language] = text;
        const weight = xWeightWithLink(withDisclosure(text, DISCLOSURES[language]), LINK);
        const problems = shareTextProblems(edited, DISCLOSURES, LINK).filter((f) => f.code.startsWith("feedShare.xTooLong"));
        if (text.trim() !== "" && weight > 280) {
          expect(problems).toEqual([{ code: language === "en" ? "feedShare.xTooLongEn" : "feedShare.xTooLongFr", field: language === "en" ? "xEn" : "xFr", values: { length: weight, max: 280, over: weight - 280 } }]);
          expect(() => assertShareTexts(edited, DISCLOSURES, LINK)).toThrow(DomainFailure);
        } else {
          expect(problems).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("disclosure lines", () => {
  it("are one line of at most 100 characters", () => {
    expect(disclosureFits("#formeremployee of Acme Corp")).toBe(true);
    expect(disclosureFits("a".repeat(101))).toBe(false);
    expect(disclosureFits("two\nlines")).toBe(false);
    expect(withDisclosure("Text", "")).toBe("Text");
  });
});
