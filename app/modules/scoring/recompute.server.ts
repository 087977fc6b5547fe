import { sql } from "kysely";
import { todayIn } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { scorePerson } from "./formula";
import { getScoringSettings } from "./settings.server";
import { loadSignals } from "./signals.server";

/**
 * Keeps `advocacy_scores` current without hooks in other domains (docs/decisions/029): the scoring
 * job asks one set-based query who is due, and scores them in batches. A person is due when
 *
 * - they are a leaver or an alumnus (a departure that was not cancelled, or an alumni profile) and
 *   have no score yet;
 * - a signal of theirs is newer than their score: a confidential exit response, a confidential
 *   pulse answer, a share, a click on a share or on their newsletter links. Only the signals the
 *   score reads can make someone due: an anonymous answer changes nothing here either, so the time
 *   of a recomputation never hints at when somebody answered anonymously;
 * - HR changed the formula after their score was computed;
 * - their score is a day old: signals decay, so everyone is scored again once a day.
 *
 * A signal is compared with the score's time minus SETTLE_MS: a transaction that started before
 * the computation but committed after it (its rows carry its start time), or a click the click
 * buffer wrote a second late, is still seen at the next tick. A person is then scored twice, which
 * changes nothing.
 */

export const SETTLE_MS = 2 * 60_000;
export const DECAY_REFRESH_MS = 24 * 60 * 60_000;
export const BATCH_SIZE = 200;

/** Who is due, oldest computations first (never-computed first of all). One query. */
export async function findDueUserIds(db: DB, now: Date, limit: number, settingsChangedAt: Date): Promise<string[]> {
  const staleBefore = new Date(now.getTime() - DECAY_REFRESH_MS);
  const { rows } = await sql<{ user_id: string }>`
    with people as (
      select leaver_user_id as user_id from departures where status <> 'cancelled'
      union
      select user_id from alumni_profiles
    ),
    scored as (
      select p.user_id, s.computed_at, s.computed_at - make_interval(secs => ${SETTLE_MS / 1000}) as seen_until
      from people as p
      left join advocacy_scores as s on s.user_id = p.user_id
    )
    select x.user_id
    from scored as x
    -- Scored at this instant already (an earlier batch of the same run): not again in this run.
    where (x.computed_at is null or x.computed_at < ${now.toISOString()}::timestamptz)
      and (x.computed_at is null
       or x.computed_at < ${settingsChangedAt.toISOString()}::timestamptz
       or x.computed_at < ${staleBefore.toISOString()}::timestamptz
       or exists (
         select 1 from departures as d
         join exit_invitations as i on i.departure_id = d.id
         join survey_responses as r on r.invitation_id = i.id
         where d.leaver_user_id = x.user_id and r.confidentiality = 'confidential' and r.submitted_at > x.seen_until)
       or exists (
         select 1 from pulse_answers as a
         where a.user_id = x.user_id and a.response_id is not null and a.updated_at > x.seen_until)
       or exists (
         select 1 from tracked_links as l
         join share_intents as si on si.link_id = l.id
         where l.user_id = x.user_id and si.created_at > x.seen_until)
       or exists (
         select 1 from tracked_links as l
         join link_clicks as c on c.link_id = l.id
         where l.user_id = x.user_id and c.clicked_at > x.seen_until))
    order by x.computed_at nulls first, x.user_id
    limit ${limit}
  `.execute(db);
  return rows.map((row) => row.user_id);
}

/** Scores these people now and stores the result (one upsert per batch). */
export async function scorePeople(db: DB, userIds: readonly string[], options: { now: Date; timeZone: string }): Promise<void> {
  if (userIds.length === 0) return;
  const { settings } = await getScoringSettings(db);
  const today = todayIn(options.timeZone, options.now);
  const signals = await loadSignals(db, userIds, options.timeZone);
  const rows = [...signals].map(([userId, personSignals]) => {
    const result = scorePerson(personSignals, settings, options.now, today);
    return {
      user_id: userId,
      score: result.score,
      segment: result.segment,
      reason_code: result.reason.code,
      reason_values: JSON.stringify(result.reason.values),
      inputs: JSON.stringify(result.inputs),
      computed_at: options.now,
    };
  });
  await db
    .insertInto("advocacy_scores")
    .values(rows)
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet((eb) => ({
        score: eb.ref("excluded.score"),
        segment: eb.ref("excluded.segment"),
        reason_code: eb.ref("excluded.reason_code"),
        reason_values: eb.ref("excluded.reason_values"),
        inputs: eb.ref("excluded.inputs"),
        computed_at: eb.ref("excluded.computed_at"),
      })),
    )
    .execute();
}

/**
 * Scores everyone who is due, a batch at a time, at most `maxPeople` per call (the next tick goes
 * on). Returns how many were scored.
 */
export async function recomputeDueScores(db: DB, options: { now?: Date; timeZone: string; maxPeople?: number }): Promise<number> {
  const now = options.now ?? new Date();
  const maxPeople = options.maxPeople ?? 5_000;
  const { updatedAt } = await getScoringSettings(db);
  let scored = 0;
  while (scored < maxPeople) {
    const due = await findDueUserIds(db, now, Math.min(BATCH_SIZE, maxPeople - scored), updatedAt);
    if (due.length === 0) break;
    await scorePeople(db, due, { now, timeZone: options.timeZone });
    scored += due.length;
  }
  return scored;
}
