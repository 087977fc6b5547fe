import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, migrateToLatest, setDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";

/**
 * Where a benchmark's own server processes keep their data: a scratch folder for the embedded
 * database, or a scratch database on the PostgreSQL server of DATABASE_URL. Nothing is opened here:
 * the environment is handed to whoever opens it.
 */
export async function createScratchDatabase(): Promise<{
  env: { DATA_DIR: string } | { DATABASE_URL: string };
  dispose: () => Promise<void>;
}> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = mkdtempSync(join(tmpdir(), "alumni-bench-"));
    return { env: { DATA_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `bench_${process.pid}_${Date.now()}`;
  await onServer(baseUrl, `create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    dispose: () => onServer(baseUrl, `drop database if exists "${name}" with (force)`),
  };
}

async function onServer(baseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A throwaway migrated database registered as the process database. */
export async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = mkdtempSync(join(tmpdir(), "alumni-bench-"));
    const handle = await createDb({ dataDir: dir });
    await migrateToLatest(handle.db);
    setDatabaseHandle(handle);
    return {
      handle,
      dispose: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  setDatabaseHandle(handle);
  return {
    handle,
    dispose: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/** Runs `task` `count` times with `concurrency` in flight; returns per-call latencies in ms. */
export async function measure(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { count, elapsedMs: elapsed, perSecond: (count / elapsed) * 1000, p50: pct(50), p95: pct(95), p99: pct(99) };
}

export function report(label: string, result: Awaited<ReturnType<typeof measure>>) {
  process.stdout.write(
    `${label.padEnd(48)} ${result.perSecond.toFixed(0).padStart(7)} /s   p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms   (n=${result.count})\n`,
  );
}
