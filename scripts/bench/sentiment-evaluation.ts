import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SentimentIntensityAnalyzer } from "vader-sentiment";
import { analyseComment, labelFor, type SentimentLabel, type SentimentLang } from "~/modules/sentiment/analyse";

/**
 * The sentiment scorer against human ratings, beside the VADER JavaScript port run on the same texts
 * (docs/benchmarks.md, "Comment sentiment"; the data and its sources: tests/fixtures/sentiment/README.md).
 * Per set: Pearson r between score and rating, and accuracy and macro-F1 over the three labels (a
 * rating above 0.1 is positive, below −0.1 negative, else neutral; each scorer labels with its own
 * ±0.05 thresholds). Every set is also reported on its held-out half (odd lines), which no tuning
 * looked at. Figures are printed, not judged: `npm run bench -- sentiment` and the test print them.
 */

export interface EvaluationSet {
  name: string;
  lang: SentimentLang;
  file: string;
  description: string;
}

export const EVALUATION_SETS: readonly EvaluationSet[] = [
  { name: "en-workplace", lang: "en", file: "en-workplace.tsv", description: "exit-survey and alumni comments, hand-rated" },
  { name: "en-short-social", lang: "en", file: "en-short-social.tsv", description: "short social-media-style posts, hand-rated" },
  { name: "en-uci-yelp", lang: "en", file: "en-uci-yelp.tsv", description: "UCI labelled sentences (Yelp part), ±1" },
  { name: "fr-workplace", lang: "fr", file: "fr-workplace.tsv", description: "commentaires de départ et d'anciens, notés à la main" },
  { name: "fr-short-social", lang: "fr", file: "fr-short-social.tsv", description: "messages courts de réseau social, notés à la main" },
];

const DATA_DIR = join(import.meta.dirname, "../../tests/fixtures/sentiment");

export interface RatedText {
  text: string;
  rating: number;
  heldOut: boolean;
}

export function loadSet(set: EvaluationSet): RatedText[] {
  const lines = readFileSync(join(DATA_DIR, set.file), "utf8").split("\n").slice(1).filter((line) => line.trim());
  return lines.map((line, index) => {
    const tab = line.indexOf("\t");
    const rating = Number(line.slice(0, tab));
    if (tab < 0 || !Number.isFinite(rating) || rating < -1 || rating > 1) throw new Error(`${set.file}:${index + 2}: expected "rating<TAB>text" with a rating in [−1, 1]`);
    return { rating, text: line.slice(tab + 1), heldOut: index % 2 === 1 };
  });
}

export interface Figures {
  n: number;
  pearson: number;
  accuracy: number;
  macroF1: number;
}

export interface SetEvaluation {
  set: EvaluationSet;
  ours: Figures;
  vader: Figures;
  oursHeldOut: Figures;
  vaderHeldOut: Figures;
}

export function humanLabel(rating: number): SentimentLabel {
  return rating > 0.1 ? "positive" : rating < -0.1 ? "negative" : "neutral";
}

export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  // A scorer that gives every text the same score correlates with nothing.
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Macro-F1 over the labels that occur in the gold labels or the predictions. */
export function macroF1(gold: SentimentLabel[], predicted: SentimentLabel[]): number {
  const labels = [...new Set([...gold, ...predicted])];
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / labels.length;
}

function figures(items: RatedText[], scores: number[]): Figures {
  const gold = items.map((item) => humanLabel(item.rating));
  const predicted = scores.map(labelFor);
  const correct = gold.filter((label, i) => label === predicted[i]).length;
  return { n: items.length, pearson: pearson(scores, items.map((item) => item.rating)), accuracy: correct / items.length, macroF1: macroF1(gold, predicted) };
}

export function vaderScore(text: string): number {
  return SentimentIntensityAnalyzer.polarity_scores(text).compound;
}

export function evaluateSentiment(sets: readonly EvaluationSet[] = EVALUATION_SETS): SetEvaluation[] {
  return sets.map((set) => {
    const items = loadSet(set);
    const ours = items.map((item) => analyseComment(item.text, { lang: set.lang }).score);
    const vader = items.map((item) => vaderScore(item.text));
    const heldOut = (list: number[]) => list.filter((_, i) => items[i]!.heldOut);
    const heldOutItems = items.filter((item) => item.heldOut);
    return {
      set,
      ours: figures(items, ours),
      vader: figures(items, vader),
      oursHeldOut: figures(heldOutItems, heldOut(ours)),
      vaderHeldOut: figures(heldOutItems, heldOut(vader)),
    };
  });
}

/** A Markdown table: each set's figures for our scorer and VADER, whole set and held-out half. */
export function formatEvaluation(results: SetEvaluation[]): string {
  const f = (x: number) => x.toFixed(3);
  const rows = results.map(({ set, ours, vader, oursHeldOut, vaderHeldOut }) =>
    `| ${set.name} | ${ours.n} | ${f(ours.pearson)} | ${f(vader.pearson)} | ${f(ours.accuracy)} | ${f(vader.accuracy)} | ${f(ours.macroF1)} | ${f(vader.macroF1)} | ${f(oursHeldOut.pearson)} | ${f(vaderHeldOut.pearson)} | ${f(oursHeldOut.macroF1)} | ${f(vaderHeldOut.macroF1)} |`,
  );
  return [
    "| set | n | r ours | r VADER | acc ours | acc VADER | F1 ours | F1 VADER | held-out r ours | held-out r VADER | held-out F1 ours | held-out F1 VADER |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}
