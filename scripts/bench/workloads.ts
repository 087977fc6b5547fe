import type { BenchRow } from "./bench-rows";
import type { WorkloadOptions } from "./workload-options";

export type { WorkloadOptions } from "./workload-options";

export interface Workload {
  /** One line: what is measured against what. */
  describe: string;
  run: (options: WorkloadOptions) => Promise<BenchRow[]>;
}

/**
 * Every workload of the earlier issues, in the order `npm run bench` runs them (issue 15's list,
 * then the two figures of the first issues). Each suite prints its detailed figures as it goes and
 * returns its rows for the one table.
 */
export const WORKLOADS: Record<string, Workload> = {
  pages: {
    describe: "every main page of every role against the minimal Remix app (issue 10)",
    run: async (options) => (await import("./pages")).run(options),
  },
  redirect: {
    describe: "the tracked-link redirect /r/{code} against a bare node:http 302, and the feed page (issue 11)",
    run: async (options) => (await import("./feed")).run(options),
  },
  dashboard: {
    describe: "the eNPS dashboard at 10k / 100k / 1M responses against a bare select 1 (issue 13)",
    run: async (options) => (await import("./analytics")).run(options),
  },
  departures: {
    describe: "departures through the API and a CSV import against a bare batched INSERT of the same rows",
    run: async (options) => (await import("./departures")).run(options),
  },
  newsletter: {
    describe: "newsletter hand-off of 100,000 recipients against a bare batch loop (issue 12)",
    run: async (options) => (await import("./newsletter")).run(options),
  },
  sentiment: {
    describe: "sentiment:score throughput against the same CLI's start-up (issue 13)",
    run: async (options) => (await import("./sentiment")).run(options),
  },
  memory: {
    describe: "peak RSS of the web process under load against the minimal Remix app under the same load",
    run: async (options) => (await import("./memory")).run(options),
  },
  sessions: {
    describe: "session validation as the sessions table grows (the first issue)",
    run: async (options) => (await import("./foundation")).run(options),
  },
  inbox: {
    describe: "a task owner's inbox as tasks accumulate (the offboarding issue)",
    run: async (options) => (await import("./offboarding")).run(options),
  },
};

/** The names the suites had before the one command; they still work. */
export const ALIASES: Record<string, string> = {
  feed: "redirect",
  analytics: "dashboard",
  imports: "departures",
  offboarding: "inbox",
  foundation: "sessions",
};

/** The workloads `names` asks for (every one when empty), or the first unknown name. */
export function chooseWorkloads(names: readonly string[]): { chosen: string[] } | { unknown: string } {
  if (names.length === 0) return { chosen: Object.keys(WORKLOADS) };
  const chosen: string[] = [];
  for (const name of names) {
    const resolved = ALIASES[name] ?? name;
    if (!(resolved in WORKLOADS)) return { unknown: name };
    if (!chosen.includes(resolved)) chosen.push(resolved);
  }
  return { chosen };
}

