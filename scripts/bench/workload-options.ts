/** What every workload is given by `npm run bench`. */
export interface WorkloadOptions {
  /** Small sizes, each workload in under a minute: keeps the command working in CI. */
  quick: boolean;
  /** The load options of the HTTP workloads (pages, redirect, memory), as typed on the command line. */
  duration?: string;
  warmup?: string;
  connections?: string;
  only?: string;
}

/**
 * The load options of an HTTP workload: what the command line gave, else the quick defaults under
 * --quick, else the suite's own defaults (left to its schema).
 */
export function loadOptions(options: WorkloadOptions, quickDefaults: { duration: number; warmup: number }): Record<string, string | number> {
  const given = Object.entries({ duration: options.duration, warmup: options.warmup, connections: options.connections, only: options.only }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return { ...(options.quick ? quickDefaults : {}), ...Object.fromEntries(given) };
}
