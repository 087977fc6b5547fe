import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * The one rate limit every process shares at the email provider (Resend's is per team, 2 requests
 * per second by default): a token bucket in PostgreSQL, one row per provider, refilled by the clock
 * and taken from by a single atomic UPDATE. Nothing is held between statements, so a waiting caller
 * sleeps in JavaScript with no transaction open and PGlite's single connection stays free.
 *
 * - The bucket holds at most one token: two requests are never closer than 1/rate seconds, so no
 *   window of one second, however aligned, sees more than the limit (a larger bucket would allow a
 *   burst that a fixed-window limiter at the provider answers with 429).
 * - The refill runs at SAFETY_FACTOR of the configured rate: the time between taking a token and
 *   the request reaching the provider varies by a few milliseconds, which could otherwise put three
 *   requests in one of the provider's seconds.
 * - Priority: transactional mail (a magic link) takes the next token as soon as it exists; a
 *   transactional sender that finds the bucket empty writes `priority_wanted_at`, and newsletter
 *   batches take no token while that is recent. So during a large send a magic link waits for at
 *   most about one refill (0.5 s at 2/s) instead of queuing behind the batches.
 */

export type SendPriority = "transactional" | "bulk";

const PROVIDER = "resend";
export const SAFETY_FACTOR = 0.97;
/** How long a transactional sender's demand holds newsletter batches back (it re-registers while it waits). */
const PRIORITY_HOLD_SECONDS = 2;
/** A bulk sender that yields to a transactional one looks again after this long. */
const YIELD_MS = 100;
const MIN_WAIT_MS = 5;

/** Requests per second the portal allows itself; 0 (no limit) when the limiter is off. */
export function providerRatePerSecond(): number {
  return getEnv().RESEND_RATE_LIMIT_PER_SECOND;
}

interface TakeRow {
  taken: boolean;
  available: number;
  yielding: boolean;
}

/**
 * Takes a token if one is there (returns 0), else returns how many milliseconds to wait before
 * trying again. One statement: the UPDATE takes the token when the bucket (refilled to now) holds
 * one and, for bulk, no transactional demand is pending; otherwise nothing changes except that a
 * transactional caller records its demand.
 */
export async function tryTakeProviderToken(db: DB, priority: SendPriority, ratePerSecond = providerRatePerSecond()): Promise<number> {
  if (ratePerSecond <= 0) return 0;
  const rate = ratePerSecond * SAFETY_FACTOR;
  const transactional = priority === "transactional";
  // The bucket's level now: what it held at refilled_at plus what the clock added since, at most 1.
  const level = sql`least(1, b.tokens + greatest(0, extract(epoch from (clock_timestamp() - b.refilled_at))) * ${rate}::float8)`;
  const demandPending = sql`(b.priority_wanted_at is not null and b.priority_wanted_at > clock_timestamp() - make_interval(secs => ${PRIORITY_HOLD_SECONDS}))`;
  const { rows } = await sql<TakeRow>`
    with ensured as (
      insert into provider_rate_limits (provider, tokens, refilled_at) values (${PROVIDER}, 1, clock_timestamp())
      on conflict (provider) do nothing
    ),
    taken as (
      update provider_rate_limits b
      set tokens = ${level} - 1,
          refilled_at = clock_timestamp(),
          priority_wanted_at = case when ${transactional} then null else b.priority_wanted_at end
      where b.provider = ${PROVIDER}
        and ${level} >= 1
        and (${transactional} or not ${demandPending})
      returning 1
    )
    select exists (select 1 from taken) as taken,
           coalesce((select ${level} from provider_rate_limits b where b.provider = ${PROVIDER}), 1)::float8 as available,
           coalesce((select ${demandPending} from provider_rate_limits b where b.provider = ${PROVIDER}), false) as yielding
  `.execute(db);
  const row = rows[0]!;
  if (row.taken) return 0;
  if (transactional) {
    await sql`update provider_rate_limits set priority_wanted_at = clock_timestamp() where provider = ${PROVIDER}`.execute(db);
  }
  // The select above sees the row as it was before this statement's own update, which did not
  // happen: its level is the current one.
  const untilToken = Math.ceil(((1 - Math.min(1, row.available)) / rate) * 1000);
  if (!transactional && row.yielding) return Math.max(YIELD_MS, untilToken);
  return Math.max(MIN_WAIT_MS, untilToken);
}

/**
 * Waits for a token: sleeps until the bucket should hold one, then tries again. Never inside a
 * transaction (it would hold PGlite's only connection, and a PostgreSQL one, while sleeping).
 * Returns how long it waited in milliseconds.
 */
export async function takeProviderToken(db: DB, priority: SendPriority, options: { sleep?: (ms: number) => Promise<void> } = {}): Promise<number> {
  const sleep = options.sleep ?? defaultSleep;
  const started = Date.now();
  for (;;) {
    const waitMs = await tryTakeProviderToken(db, priority);
    if (waitMs === 0) return Date.now() - started;
    await sleep(waitMs);
  }
}

/**
 * The provider answered 429 with `retry-after`: empty the bucket so that every process waits that
 * long before its next request (a 429 means someone outside this bucket used the team's limit too).
 */
export async function holdOffProvider(db: DB, seconds: number, ratePerSecond = providerRatePerSecond()): Promise<void> {
  if (ratePerSecond <= 0 || !(seconds > 0)) return;
  const rate = ratePerSecond * SAFETY_FACTOR;
  // Level 1 - rate × seconds now means the next token appears `seconds` from now.
  await sql`
    insert into provider_rate_limits (provider, tokens, refilled_at) values (${PROVIDER}, ${1 - rate * seconds}, clock_timestamp())
    on conflict (provider) do update set tokens = least(provider_rate_limits.tokens, excluded.tokens), refilled_at = clock_timestamp()
  `.execute(db);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
