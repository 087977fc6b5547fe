import { rmSync } from "node:fs";
import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/index";

/**
 * The embedded database a worker process keeps from one test file to the next. Test files share
 * worker processes (vitest.config.ts), and opening a copy of the template costs 0.4-0.6 s of CPU
 * per file: instead, a file hands its database back when it ends and the next file of the worker
 * takes it, emptied by truncateAll() before each test as always.
 *
 * It is taken back only when it is still what a copy of the template would be: the same tables,
 * columns, indexes, constraints, functions, migrations and job queues, and no recurring job
 * schedule (a fingerprint compared with the one of the fresh copy), answering within 2 s (a file
 * that timed out may have left a transaction open). Otherwise it is dropped and the next file gets
 * a new copy. Session settings and advisory locks are reset, and pg-boss's archive emptied.
 */
interface Kept {
  handle: DatabaseHandle;
  dir: string;
}

const state = globalThis as { __alumniKeptDatabase?: Kept; __alumniTemplateFingerprint?: string };

const FINGERPRINT = sql<{ fingerprint: string }>`
  select md5(string_agg(line, E'\\n' order by line)) as fingerprint from (
    select concat_ws(' ', 'column', table_schema, table_name, column_name, data_type, is_nullable, column_default) as line
      from information_schema.columns where table_schema in ('public', 'pgboss')
    union all select concat_ws(' ', 'index', schemaname, indexname, indexdef) from pg_indexes where schemaname in ('public', 'pgboss')
    union all select concat_ws(' ', 'constraint', connamespace::regnamespace::text, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace in ('public'::regnamespace, 'pgboss'::regnamespace)
    union all select concat_ws(' ', 'function', pronamespace::regnamespace::text, proname, md5(prosrc))
      from pg_proc where pronamespace in ('public'::regnamespace, 'pgboss'::regnamespace)
    union all select concat_ws(' ', 'trigger', tgrelid::regclass::text, tgname) from pg_trigger where not tgisinternal
    union all select concat_ws(' ', 'enum', enumtypid::regtype::text, enumlabel) from pg_enum
    union all select concat_ws(' ', 'migration', name) from kysely_migration
    union all select concat_ws(' ', 'queue', name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds) from pgboss.queue
    union all select concat_ws(' ', 'schedule', name) from pgboss.schedule
  ) as catalogue
`;

async function fingerprintOf(handle: DatabaseHandle): Promise<string> {
  const { rows } = await FINGERPRINT.execute(handle.db);
  return rows[0]!.fingerprint;
}

/** Remembers what a fresh copy of the template looks like (once per worker). */
export async function rememberTemplateFingerprint(handle: DatabaseHandle) {
  state.__alumniTemplateFingerprint ??= await fingerprintOf(handle);
}

/** Keeps the file's database for the next file of this worker. */
export function keepDatabase(handle: DatabaseHandle, dir: string) {
  dropKeptDatabase();
  state.__alumniKeptDatabase = { handle, dir };
  process.once("exit", removeKeptFolder);
}

/** The database the previous file of this worker kept, if it is still as good as a new copy. */
export async function takeKeptDatabase(): Promise<{ handle: DatabaseHandle; dir: string } | undefined> {
  const kept = state.__alumniKeptDatabase;
  if (!kept) return undefined;
  state.__alumniKeptDatabase = undefined;
  process.off("exit", removeKeptFolder);
  const check = async () => {
    if ((await fingerprintOf(kept.handle)) !== state.__alumniTemplateFingerprint) return false;
    await kept.handle.db.connection().execute(async (conn) => {
      await sql`reset all`.execute(conn);
      await sql`select pg_advisory_unlock_all()`.execute(conn);
      await sql`discard temp`.execute(conn);
      await sql`delete from pgboss.archive`.execute(conn);
    });
    return true;
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000)));
  const usable = await Promise.race([check().catch(() => false), timedOut]);
  clearTimeout(timer);
  if (usable) return kept;
  // Not awaited: a database stuck in a transaction may never finish closing.
  void kept.handle.close().catch(() => {}).finally(() => rmSync(kept.dir, { recursive: true, force: true }));
  return undefined;
}

function dropKeptDatabase() {
  const kept = state.__alumniKeptDatabase;
  if (!kept) return;
  state.__alumniKeptDatabase = undefined;
  process.off("exit", removeKeptFolder);
  void kept.handle.close().catch(() => {}).finally(() => rmSync(kept.dir, { recursive: true, force: true }));
}

function removeKeptFolder() {
  const kept = state.__alumniKeptDatabase;
  if (kept) rmSync(kept.dir, { recursive: true, force: true });
}
