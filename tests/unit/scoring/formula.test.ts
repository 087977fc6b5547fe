import { decay, DEFAULT_SCORING_SETTINGS, npsLevel, scorePerson, segmentOf, type PersonSignals, type ScoringSettings } from "~/modules/scoring/formula";

const NOW = new Date("2026-12-08T12:00:00Z");
const TODAY = "2026-12-08";
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const dayAgo = (days: number) => new Date(Date.UTC(2026, 11, 8 - days)).toISOString().slice(0, 10);

function signals(partial: Partial<PersonSignals> = {}): PersonSignals {
  return { answers: [], comments: [], engagement: [], ...partial };
}

function score(partial: Partial<PersonSignals>, settings: ScoringSettings = DEFAULT_SCORING_SETTINGS) {
  return scorePerson(signals(partial), settings, NOW, TODAY);
}

describe("the advocacy score's formula", () => {
  it("halves a signal's weight every half-life and counts a fresh one fully", () => {
    expect(decay(0, 90)).toBe(1);
    expect(decay(90, 90)).toBeCloseTo(0.5, 10);
    expect(decay(180, 90)).toBeCloseTo(0.25, 10);
    expect(decay(-3, 90)).toBe(1);
  });

  it("places an eNPS answer around the middle of the passives, capped at ±1", () => {
    expect([10, 9, 8, 7, 6, 5, 0].map(npsLevel)).toEqual([1, expect.closeTo(0.6, 10), expect.closeTo(0.2, 10), expect.closeTo(-0.2, 10), expect.closeTo(-0.6, 10), -1, -1]);
  });

  it("gives a fresh answer alone its eNPS class with the default settings", () => {
    const segments = [10, 9, 8, 7, 6, 3, 0].map((answer) => score({ answers: [{ source: "exit", score: answer, at: NOW }] }));
    expect(segments.map((s) => s.score)).toEqual([50, 30, 10, -10, -30, -50, -50]);
    expect(segments.map((s) => s.segment)).toEqual(["promoter", "promoter", "passive", "passive", "detractor", "detractor", "detractor"]);
  });

  it("uses the latest answer, whether it came from the exit survey or a pulse", () => {
    const result = score({
      answers: [
        { source: "exit", score: 2, at: daysAgo(200) },
        { source: "pulse", score: 10, at: daysAgo(10) },
      ],
    });
    expect(result.inputs.nps).toMatchObject({ score: 10, source: "pulse" });
    expect(result.reason.code).toBe("npsPulse");
  });

  it("lets an old answer fade towards passive rather than towards either side", () => {
    const promoter = score({ answers: [{ source: "exit", score: 10, at: daysAgo(365) }] });
    const detractor = score({ answers: [{ source: "exit", score: 0, at: daysAgo(365) }] });
    expect(promoter.score).toBe(25);
    expect(detractor.score).toBe(-25);
    expect([promoter.segment, detractor.segment]).toEqual(["passive", "passive"]);
  });

  it("weighs comments by their sentiment, averaging several and fading old ones", () => {
    expect(score({ comments: [{ sentiment: 1, at: NOW }] }).score).toBe(20);
    expect(score({ comments: [{ sentiment: 1, at: NOW }, { sentiment: -0.5, at: NOW }] }).score).toBe(5);
    // One comment a half-life old: half its weight (the sum of weights stays under 1).
    expect(score({ comments: [{ sentiment: -1, at: daysAgo(365) }] }).score).toBe(-10);
    const mixed = score({ answers: [{ source: "exit", score: 7, at: NOW }], comments: [{ sentiment: -1, at: NOW }] });
    expect(mixed.score).toBe(-30);
    expect(mixed.segment).toBe("detractor");
  });

  it("counts engagement points with their decay, up to the full level", () => {
    // 5 fresh shares × 4 points = 20 = a full level: the whole engagement weight.
    const sharer = score({ engagement: [{ kind: "share", day: TODAY, count: 5 }] });
    expect(sharer.score).toBe(30);
    expect(sharer.segment).toBe("promoter");
    expect(sharer.reason.code).toBe("engagement");
    // 10 points 90 days ago (one half-life): 5 points, a quarter of the level.
    expect(score({ engagement: [{ kind: "newsletterClick", day: dayAgo(90), count: 5 }] }).score).toBe(8);
    // More than a full level stays a full level.
    expect(score({ engagement: [{ kind: "earnedClick", day: TODAY, count: 500 }] }).score).toBe(30);
  });

  it("follows HR's weights and thresholds", () => {
    const settings: ScoringSettings = {
      ...DEFAULT_SCORING_SETTINGS,
      weights: { nps: 100, sentiment: 0, engagement: 0 },
      thresholds: { promoterMin: 70, detractorMax: -70 },
    };
    const nine = score({ answers: [{ source: "exit", score: 9, at: NOW }], comments: [{ sentiment: 1, at: NOW }] }, settings);
    expect(nine.score).toBe(60);
    expect(nine.segment).toBe("passive");
    expect(score({ answers: [{ source: "exit", score: 10, at: NOW }] }, settings).segment).toBe("promoter");
  });

  it("classes a person without any signal as unknown, whatever the thresholds", () => {
    const nobody = score({});
    expect(nobody).toMatchObject({ score: 0, segment: "unknown", reason: { code: "noSignals" } });
    expect(segmentOf(0, false, { promoterMin: 1, detractorMax: -1 })).toBe("unknown");
    expect(segmentOf(1, true, { promoterMin: 1, detractorMax: -1 })).toBe("promoter");
    expect(segmentOf(-1, true, { promoterMin: 1, detractorMax: -1 })).toBe("detractor");
  });

  it("gives the reason's counts within the window only, and the comments' tone", () => {
    const result = score({
      answers: [{ source: "exit", score: 9, at: daysAgo(20) }],
      comments: [{ sentiment: 0.7, at: daysAgo(20) }],
      engagement: [
        { kind: "share", day: dayAgo(3), count: 2 },
        { kind: "share", day: dayAgo(89), count: 1 },
        { kind: "share", day: dayAgo(90), count: 4 },
        { kind: "newsletterClick", day: TODAY, count: 1 },
      ],
    });
    expect(result.reason).toEqual({ code: "npsExit", values: { nps: 9, tone: "positive", shares: 3, earnedClicks: 0, newsletterClicks: 1, days: 90 } });
    expect(result.inputs.engagement).toMatchObject({ shares: 7, newsletterClicks: 1 });
  });
});
