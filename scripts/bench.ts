import { parseArgs } from "node:util";

/**
 * `npm run bench -- <suite> [options]`: performance figures printed, not asserted (targets live
 * here, not in timed unit tests). Runs on the embedded database in a scratch folder, or on
 * PostgreSQL when DATABASE_URL is set (in a scratch database created and dropped on that server).
 * Options (the pages suite): --duration <s> per target, --warmup <s>, --connections <n>, --only <text>;
 * the feed suite (tracked links and the feed page) takes --duration, --warmup and --connections;
 * the newsletter suite takes --quick (10,000 and 2,000 recipients instead of 100,000 and 10,000);
 * the analytics suite (PostgreSQL only) takes --quick (10,000 and 100,000 responses, not 1,000,000).
 */
const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { duration: { type: "string" }, warmup: { type: "string" }, connections: { type: "string" }, only: { type: "string" }, quick: { type: "boolean" } },
});

const suites: Record<string, () => Promise<void>> = {
  foundation: async () => (await import("./bench/foundation")).run(),
  offboarding: async () => (await import("./bench/offboarding")).run(),
  imports: async () => (await import("./bench/imports")).run(),
  pages: async () => (await import("./bench/pages")).run(values),
  feed: async () => (await import("./bench/feed")).run(values),
  newsletter: async () => (await import("./bench/newsletter")).run(values),
  analytics: async () => (await import("./bench/analytics")).run(values),
  sentiment: async () => (await import("./bench/sentiment")).run(),
};

const names = positionals.length ? positionals : Object.keys(suites);
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    process.stderr.write(`Unknown benchmark "${name}". Available: ${Object.keys(suites).join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n## ${name}\n`);
  await suite();
}
// A suite that found its figures untrustworthy (the pages suite: a page that did not answer 2xx) says so.
process.exit(process.exitCode ?? 0);
