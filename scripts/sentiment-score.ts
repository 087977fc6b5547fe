import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { analyseComment, type SentimentLang } from "~/modules/sentiment/analyse";

/**
 * `npm run cli -- sentiment:score`: one JSON line per input line, in input order. An empty (or
 * blank) line still gets its line, neutral with score 0, so that output line n always answers input
 * line n; its language is --lang, else English (there is nothing to detect). A final line without a
 * newline counts; a trailing newline adds no line. Output is written in chunks, not per line: at
 * 10,000 lines a write per line costs more than the scoring.
 */
export async function scoreLines(
  input: AsyncIterable<string | Uint8Array>,
  out: { write(text: string): unknown },
  options: { lang?: SentimentLang },
): Promise<number> {
  const lines = createInterface({ input: Readable.from(input), crlfDelay: Infinity });
  let buffer = "";
  let count = 0;
  for await (const line of lines) {
    const text = line.trim();
    const { score, label, lang } = text
      ? analyseComment(text, options)
      : { score: 0, label: "neutral" as const, lang: options.lang ?? "en" };
    buffer += `${JSON.stringify({ score, label, lang })}\n`;
    count++;
    if (buffer.length > 64_000) {
      out.write(buffer);
      buffer = "";
    }
  }
  if (buffer) out.write(buffer);
  return count;
}
