import { EVALUATION_SETS, evaluateSentiment, formatEvaluation, loadSet } from "../../../scripts/bench/sentiment-evaluation";

/** The sizes tests/fixtures/sentiment/README.md documents. */
const DOCUMENTED_SIZES: Record<string, number> = {
  "en-workplace": 155,
  "en-short-social": 81,
  "en-uci-yelp": 194,
  "fr-workplace": 155,
  "fr-short-social": 81,
};

describe("sentiment evaluation (figures printed, not judged)", () => {
  it("has every set at its documented size, half of it held out", () => {
    for (const set of EVALUATION_SETS) {
      const items = loadSet(set);
      expect(items.length, set.name).toBe(DOCUMENTED_SIZES[set.name]);
      expect(items.filter((item) => item.heldOut).length).toBe(Math.floor(items.length / 2));
    }
  });

  it("produces finite figures for our scorer and for VADER on every set, and prints the table", () => {
    const results = evaluateSentiment();
    expect(results.map((result) => result.set.name)).toEqual(Object.keys(DOCUMENTED_SIZES));
    for (const result of results) {
      for (const figures of [result.ours, result.vader, result.oursHeldOut, result.vaderHeldOut]) {
        for (const value of [figures.pearson, figures.accuracy, figures.macroF1]) expect(Number.isFinite(value), result.set.name).toBe(true);
      }
    }
    console.log(`\nComment sentiment against human ratings:\n${formatEvaluation(results)}\n`);
  });
});
