import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import pg from "pg";
import type { RunContext } from "./bench-rows";
import { repositoryRoot } from "./builds";

/**
 * What `npm run bench` ran on: the database (the embedded PGlite unless DATABASE_URL is set, as
 * every workload decides) with its version, and the machine.
 */
export async function describeDatabase(): Promise<RunContext["database"]> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
      return { kind: "postgresql", version: `PostgreSQL ${rows[0]!.v}` };
    } finally {
      await client.end();
    }
  }
  // The embedded database in memory, only to ask it which PostgreSQL it is built from.
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create();
  try {
    const { rows } = await db.query<{ v: string }>("select current_setting('server_version') as v");
    // The package does not export its package.json.
    const packageJson = join(repositoryRoot, "node_modules/@electric-sql/pglite/package.json");
    const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
    return { kind: "pglite", version: `PGlite ${version} (PostgreSQL ${rows[0]!.v}), in process` };
  } finally {
    await db.close();
  }
}

export function describeMachine(): RunContext["machine"] {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown CPU",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
  };
}

export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
