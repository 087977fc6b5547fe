import { spawn } from "node:child_process";
import { evaluateSentiment, EVALUATION_SETS, formatEvaluation, loadSet } from "./sentiment-evaluation";

/**
 * `npm run bench -- sentiment`: the evaluation table (our scorer beside VADER) and the throughput of
 * `npm run cli -- sentiment:score`, measured as a real process fed 10,000 lines on standard input
 * (start-up included, as a user would run it) and in process (the scorer alone).
 */
export async function run(): Promise<void> {
  process.stdout.write(`${formatEvaluation(evaluateSentiment())}\n\n`);
  const texts = EVALUATION_SETS.filter((set) => set.name !== "en-uci-yelp").flatMap((set) => loadSet(set).map((item) => item.text));
  const lines = Array.from({ length: 10_000 }, (_, i) => texts[i % texts.length]!);
  const input = `${lines.join("\n")}\n`;

  const { analyseComment } = await import("~/modules/sentiment/analyse");
  const started = performance.now();
  for (const line of lines) analyseComment(line);
  const inProcess = performance.now() - started;

  const processStarted = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "sentiment:score"], { stdio: ["pipe", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`sentiment:score exited with ${code}`))));
    child.stdin.end(input);
  });
  const whole = performance.now() - processStarted;
  const answered = output.trimEnd().split("\n").length;
  process.stdout.write(
    `sentiment:score, 10,000 lines (language detected): ${Math.round(whole)} ms as \`npm run cli\` runs it (${Math.round((answered / whole) * 1000)} lines/s, start-up included); ` +
      `${Math.round(inProcess)} ms in process (${Math.round((lines.length / inProcess) * 1000)} lines/s)\n`,
  );
}
