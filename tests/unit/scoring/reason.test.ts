import { translator } from "~/modules/i18n/translator";
import { reasonText } from "~/modules/scoring/reason";

const en = translator("en", "scoring");
const fr = translator("fr", "scoring");

describe("the advocacy score's one-line reason", () => {
  it("reads as the issue's example in English and in French", () => {
    const reason = { code: "npsExit", values: { nps: 9, shares: 3, earnedClicks: 0, newsletterClicks: 0, days: 90 } };
    expect(reasonText(en, reason)).toBe("scored 9 at exit; 3 shares in 90 days");
    expect(reasonText(fr, reason)).toBe("a noté 9 à la sortie ; 3 partages en 90 jours");
  });

  it("names a pulse answer, every non-zero count in the singular or plural, then the comments' tone", () => {
    const reason = { code: "npsPulse", values: { nps: 4, tone: "negative", shares: 1, earnedClicks: 12, newsletterClicks: 1, days: 30 } };
    expect(reasonText(en, reason)).toBe(
      "scored 4 in a pulse; 1 share in 30 days; 12 visits from their shares in 30 days; 1 newsletter click in 30 days; negative comments",
    );
    expect(reasonText(fr, reason)).toBe(
      "a noté 4 dans un pulse ; 1 partage en 30 jours ; 12 visites issues de ses partages en 30 jours ; 1 clic dans la newsletter en 30 jours ; commentaires négatifs",
    );
  });

  it("leads with the tone when comments are all there is, and says when nothing is known", () => {
    expect(reasonText(en, { code: "comments", values: { tone: "positive", shares: 0, earnedClicks: 0, newsletterClicks: 0, days: 90 } })).toBe("positive comments");
    expect(reasonText(fr, { code: "noSignals", values: { shares: 0, earnedClicks: 0, newsletterClicks: 0, days: 90 } })).toBe("aucune réponse ni activité pour l’instant");
    expect(reasonText(en, { code: "engagement", values: { shares: 0, earnedClicks: 0, newsletterClicks: 0, days: 90 } })).toBe("activity older than 90 days only");
  });

  it("reads stored values defensively: a JSON string, an unknown code or a malformed value never throws", () => {
    expect(reasonText(en, { code: "npsExit", values: JSON.stringify({ nps: 7, shares: 2, earnedClicks: 0, newsletterClicks: 0, days: 90 }) })).toBe("scored 7 at exit; 2 shares in 90 days");
    expect(reasonText(en, { code: "somethingElse", values: "not json" })).toBe("no answer or activity yet");
    expect(reasonText(en, { code: "npsExit", values: { nps: "ten", shares: -4 } })).toBe("activity older than 90 days only");
  });
});
