import { randomInt } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { addCalendarDays, monthOf, todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { Database, DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { addBlockToMetrics } from "~/modules/metrics/block-metrics.server";
import { parseSurveyDefinition } from "~/modules/surveys/definition";
import { getAnonymitySettings } from "./anonymity-settings.server";
import { formBlocks, type PoolEntry } from "./blocks";
import { arrayOf } from "./sql-conditions.server";

/**
 * The two ends of an anonymous response's path (docs/decisions/008): the submit puts it in the
 * pool (exit/anonymous-pool.server), which no view reads; the daily release job, here, takes the pool
 * entries that have waited the release delay, once there are at least k of them, and publishes them
 * in blocks of at least k. Only blocks are ever read by HR's views (./anonymous-results.server).
 */

export interface ReleaseSummary {
  releases: number;
  blocks: number;
  responses: number;
}

/** The questions every response of a block was asked, and whether each was asked an eNPS question. */
function askedOfEveryone(questionLists: ReadonlyArray<ReadonlyArray<{ id: string; type: string }>>) {
  const [first = [], ...rest] = questionLists;
  const common = first.map((question) => question.id).filter((id) => rest.every((list) => list.some((question) => question.id === id)));
  return {
    common_question_ids: arrayOf([...new Set(common)].sort(), "text"),
    enps_asked_of_all: questionLists.every((list) => list.some((question) => question.type === "enps")),
  };
}

/** A uniformly random order (Fisher–Yates over crypto randomness): rows are not stored in arrival order. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * Releases every survey whose pool holds at least k entries older than the release delay. One
 * transaction per survey, with the entries locked, so two workers never release the same entry and
 * a failure leaves that survey's pool untouched. Idempotent: a second run finds nothing to do.
 */
export async function releaseAnonymousResponses(db: DB, options: { now?: Date; today?: CalendarDay } = {}): Promise<ReleaseSummary> {
  const now = options.now ?? new Date();
  const today = options.today ?? todayIn(getEnv().COMPANY_TIME_ZONE, now);
  const settings = await getAnonymitySettings(db);
  const cutoff = addCalendarDays(today, -settings.releaseDelayDays);
  const surveys = await db
    .selectFrom("anonymous_pool")
    .select("survey_id")
    .where("pooled_on", "<=", cutoff)
    .groupBy("survey_id")
    .having((eb) => eb.fn.countAll(), ">=", settings.minBlockSize)
    .execute();

  const summary: ReleaseSummary = { releases: 0, blocks: 0, responses: 0 };
  for (const { survey_id: surveyId } of surveys) {
    const released = await db.transaction().execute((trx) => releaseSurvey(trx, { surveyId, cutoff, today, now, minBlockSize: settings.minBlockSize }));
    if (released.blocks > 0) {
      summary.releases += 1;
      summary.blocks += released.blocks;
      summary.responses += released.responses;
    }
  }
  return summary;
}

async function releaseSurvey(
  trx: Transaction<Database>,
  input: { surveyId: string; cutoff: CalendarDay; today: CalendarDay; now: Date; minBlockSize: number },
): Promise<{ blocks: number; responses: number }> {
  const entries = await trx
    .selectFrom("anonymous_pool")
    .select(["id", "department_id", "departure_type", "survey_version_id"])
    .where("survey_id", "=", input.surveyId)
    .where("pooled_on", "<=", input.cutoff)
    .forUpdate()
    .execute();
  const [departments, versions] = await Promise.all([
    trx.selectFrom("departments").select(["id", "parent_id"]).execute(),
    trx
      .selectFrom("survey_versions")
      .select(["id", "definition"])
      .where("survey_id", "=", input.surveyId)
      .execute(),
  ]);
  const questionsOf = new Map(versions.map((version) => [version.id, parseSurveyDefinition(version.definition).questions]));
  const versionOf = new Map(entries.map((entry) => [entry.id, entry.survey_version_id]));
  const pool: PoolEntry[] = entries.map((entry) => ({ id: entry.id, departmentId: entry.department_id, departureType: entry.departure_type }));
  const formed = formBlocks(pool, new Map(departments.map((d) => [d.id, d.parent_id])), input.minBlockSize);
  if (formed.length === 0) return { blocks: 0, responses: 0 };

  const month = monthOf(input.today);
  const release = await trx
    .insertInto("anonymous_releases")
    .values({ survey_id: input.surveyId, month, min_block_size: input.minBlockSize, released_at: input.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Blocks too are inserted in random order: their physical order says nothing about the tree walk.
  for (const block of shuffled(formed)) {
    const row = await trx
      .insertInto("anonymous_blocks")
      .values({
        release_id: release.id,
        survey_id: input.surveyId,
        month,
        anchor_department_id: block.anchorDepartmentId,
        department_ids: arrayOf(block.departmentIds, "uuid"),
        includes_unassigned: block.includesUnassigned,
        departure_types: arrayOf(block.departureTypes, "text"),
        ...askedOfEveryone(block.entryIds.map((id) => questionsOf.get(versionOf.get(id)!) ?? [])),
        response_count: block.entryIds.length,
        min_block_size: input.minBlockSize,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Copied inside the database (the answers never pass through here), in random order.
    await sql`
      insert into anonymous_responses (block_id, survey_version_id, enps_score, answers)
      select ${row.id}::uuid, survey_version_id, enps_score, answers
      from anonymous_pool where id in (${sql.join(block.entryIds.map((id) => sql`${id}::uuid`))})
      order by random()
    `.execute(trx);
    // Its rollups, in the release's transaction: a block is published with its figures or not at all.
    await addBlockToMetrics(trx, row.id);
  }
  await trx
    .deleteFrom("anonymous_pool")
    .where("id", "in", entries.map((entry) => entry.id))
    .execute();
  return { blocks: formed.length, responses: entries.length };
}
