import { spawn } from "node:child_process";
import { benchRow, type BenchRow } from "./bench-rows";
import { evaluateSentiment, EVALUATION_SETS, formatEvaluation, loadSet } from "./sentiment-evaluation";
import type { WorkloadOptions } from "./workload-options";

const LINES = 10_000;

/**
 * `npm run bench -- sentiment`: the evaluation table (our scorer beside VADER) and the throughput of
 * `npm run cli -- sentiment:score`, measured as a real process fed 10,000 lines on standard input
 * (start-up included, as a user would run it), beside two floors measured in the same run: the same
 * CLI process printing `--help` (its start-up under tsx, which no scorer can beat) and the scorer
 * alone in this process (no process, no I/O). The size is already quick: `--quick` changes nothing.
 */
export async function run(_options: WorkloadOptions): Promise<BenchRow[]> {
  process.stdout.write(`${formatEvaluation(evaluateSentiment())}\n\n`);
  const texts = EVALUATION_SETS.filter((set) => set.name !== "en-uci-yelp").flatMap((set) => loadSet(set).map((item) => item.text));
  const lines = Array.from({ length: LINES }, (_, i) => texts[i % texts.length]!);

  const { analyseComment } = await import("~/modules/sentiment/analyse");
  const started = performance.now();
  for (const line of lines) analyseComment(line);
  const inProcess = performance.now() - started;

  const help = await runCli(["--help"], "");
  const scored = await runCli(["sentiment:score"], `${lines.join("\n")}\n`);
  const answered = scored.stdout.trimEnd().split("\n");
  if (answered.length !== LINES) throw new Error(`sentiment:score printed ${answered.length} lines for ${LINES}`);
  JSON.parse(answered[LINES - 1]!);

  const perSecond = (count: number, ms: number) => (count / ms) * 1000;
  process.stdout.write(
    `sentiment:score, ${LINES.toLocaleString("en")} lines (language detected): ${Math.round(scored.ms)} ms as \`npm run cli\` runs it (${Math.round(perSecond(LINES, scored.ms))} lines/s, start-up included; ` +
      `--help alone ${Math.round(help.ms)} ms); ${Math.round(inProcess)} ms in process (${Math.round(perSecond(LINES, inProcess))} lines/s)\n`,
  );
  return [
    benchRow({
      workload: "sentiment",
      figure: `sentiment:score throughput, ${LINES.toLocaleString("en")} lines through the CLI process`,
      value: perSecond(LINES, scored.ms),
      unit: "lines/s",
      floor: "the scorer alone, in process",
      floorValue: perSecond(LINES, inProcess),
      target: "10,000 lines in a few seconds (issue 13)",
    }),
    benchRow({
      workload: "sentiment",
      figure: `sentiment:score, ${LINES.toLocaleString("en")} lines, whole process`,
      value: scored.ms / 1000,
      unit: "s",
      floor: "the same CLI printing --help (its start-up)",
      floorValue: help.ms / 1000,
      target: "a few seconds (issue 13)",
    }),
  ];
}

/** `npm run cli -- <args>` as a separate process, `input` on its standard input. */
function runCli(args: string[], input: string): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: { ...process.env, LOG_LEVEL: "error" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`cli ${args.join(" ")} exited ${code}:\n${stderr}`));
      resolve({ ms: performance.now() - started, stdout });
    });
    child.stdin.end(input);
  });
}
