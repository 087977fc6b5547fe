import { readFileSync } from "node:fs";
import { relative } from "node:path";

/**
 * `tsx scripts/bench/profile-summary.ts <file.cpuprofile> [rows]`: where a V8 CPU profile spent its
 * samples, by function (self time) and by package or source file, so that a load run's profile can
 * be read without DevTools. Idle time (the event loop waiting) is left out of the percentages.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds between one sample and the one before. */
  timeDeltas: number[];
}

const [file, rowsArgument, skipArgument] = process.argv.slice(2);
if (!file || !file.endsWith(".cpuprofile")) {
  process.stderr.write("usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [rows] [seconds to skip]\n");
  process.exit(2);
}
const rows = Number(rowsArgument ?? 25);
// The process's start (loading modules, opening the database) is not what a load run measures.
const skipMicroseconds = Number(skipArgument ?? 0) * 1e6;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const IDLE = new Set(["(idle)", "(program)", "(garbage collector)"]);

function placeOf(url: string): string {
  if (!url) return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packageMatch) return packageMatch[1]!;
  if (path.startsWith("node:")) return path;
  return relative(process.cwd(), path);
}

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let busy = 0;
let garbage = 0;
let elapsed = 0;
for (const [index, id] of profile.samples.entries()) {
  elapsed += profile.timeDeltas[index] ?? 0;
  if (elapsed < skipMicroseconds) continue;
  const node = nodes.get(id)!;
  const name = node.callFrame.functionName || "(anonymous)";
  if (name === "(garbage collector)") garbage++;
  if (IDLE.has(name)) continue;
  busy++;
  const place = placeOf(node.callFrame.url);
  const key = `${name} ${place}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
  byPlace.set(place, (byPlace.get(place) ?? 0) + 1);
}

function top(map: Map<string, number>, title: string) {
  process.stdout.write(`\n${title}\n`);
  for (const [key, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    process.stdout.write(`${((100 * count) / busy).toFixed(1).padStart(5)}%  ${key}\n`);
  }
}
process.stdout.write(`${profile.samples.length} samples, ${busy} busy (garbage collection: ${garbage})\n`);
top(byPlace, "Self time by package or file");
top(byFunction, "Self time by function");
