import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB, isUniqueViolation } from "~/utils/db.server";
import type { ActorOptions } from "./settings-actor";
import { renumber } from "./templates.server";
import { DomainFailure } from "~/utils/failures";
import { reorder } from "~/utils/reorder";

/**
 * The configurable list of departure reasons. The code is what the API and CSV files send, so it
 * never changes once created; the labels can. A reason a departure used is deactivated, never
 * deleted, so that past departures keep their reason.
 */

const LIST_LIMIT = 500;


export interface ReasonEntry {
  id: string;
  code: string;
  label_en: string;
  label_fr: string;
  active: boolean;
  position: number;
  departure_count: number;
}

/** Every reason in display order, with how many departures give it (one query). */
export async function listReasons(db: DB): Promise<ReasonEntry[]> {
  const rows = await db
    .selectFrom("departure_reasons as r")
    .select(["r.id", "r.code", "r.label_en", "r.label_fr", "r.active", "r.position"])
    .select((eb) =>
      eb
        .selectFrom("departures as d")
        .whereRef("d.reason_id", "=", "r.id")
        .select(sql<string>`count(*)`.as("n"))
        .as("departure_count"),
    )
    .orderBy("r.position")
    .orderBy("r.code")
    .limit(LIST_LIMIT)
    .execute();
  return rows.map((row) => ({ ...row, departure_count: Number(row.departure_count ?? 0) }));
}

export async function getReason(db: DB, id: string): Promise<ReasonEntry | undefined> {
  const row = await db
    .selectFrom("departure_reasons as r")
    .select(["r.id", "r.code", "r.label_en", "r.label_fr", "r.active", "r.position"])
    .select((eb) =>
      eb
        .selectFrom("departures as d")
        .whereRef("d.reason_id", "=", "r.id")
        .select(sql<string>`count(*)`.as("n"))
        .as("departure_count"),
    )
    .where("r.id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, departure_count: Number(row.departure_count ?? 0) } : undefined;
}

async function lockReason(trx: DB, id: string) {
  const reason = await trx.selectFrom("departure_reasons").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!reason) throw DomainFailure.notFound("common.notFound");
  return reason;
}

/** Adds a reason at the end of the list. */
export async function createReason(input: { code: string; labelEn: string; labelFr: string }, options: ActorOptions) {
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        const taken = await trx.selectFrom("departure_reasons").select("id").where(sql<string>`lower(code)`, "=", input.code.toLowerCase()).executeTakeFirst();
        if (taken) throw DomainFailure.conflict("code", "reason.codeTaken", { code: input.code });
        const last = await trx.selectFrom("departure_reasons").select((eb) => eb.fn.max("position").as("position")).executeTakeFirst();
        const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
        const reason = await trx
          .insertInto("departure_reasons")
          .values({ code: input.code, label_en: input.labelEn, label_fr: input.labelFr, position })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "reason.created",
          subjectType: "departure_reason",
          subjectId: reason.id,
          data: { code: reason.code },
        });
        return reason;
      });
  } catch (error) {
    if (isUniqueViolation(error)) throw DomainFailure.conflict("code", "reason.codeTaken", { code: input.code });
    throw error;
  }
}

export async function updateReasonLabels(id: string, input: { labelEn: string; labelFr: string }, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockReason(trx, id);
      if (current.label_en === input.labelEn && current.label_fr === input.labelFr) return;
      await trx.updateTable("departure_reasons").set({ label_en: input.labelEn, label_fr: input.labelFr }).where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "reason.updated",
        subjectType: "departure_reason",
        subjectId: id,
        data: { code: current.code, from: { en: current.label_en, fr: current.label_fr }, to: { en: input.labelEn, fr: input.labelFr } },
      });
    });
}

/** An inactive reason is no longer offered (nor accepted from the API), but past departures keep it. */
export async function setReasonActive(id: string, active: boolean, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockReason(trx, id);
      if (current.active === active) return;
      await trx.updateTable("departure_reasons").set({ active }).where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: active ? "reason.reactivated" : "reason.deactivated",
        subjectType: "departure_reason",
        subjectId: id,
        data: { code: current.code },
      });
    });
}

export async function moveReason(id: string, direction: "up" | "down", options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockReason(trx, id);
      const reasons = await trx.selectFrom("departure_reasons").select(["id", "position"]).orderBy("position").orderBy("code").execute();
      const order = reorder(
        reasons.map((reason) => reason.id),
        id,
        direction,
      );
      if (!order) return;
      await renumber(trx, "departure_reasons", reasons, order);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "reason.moved",
        subjectType: "departure_reason",
        subjectId: id,
        data: { code: current.code, direction },
      });
    });
}

/** Deletes a reason no departure gave (a typo just created); a used one can only be deactivated. */
export async function deleteReason(id: string, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockReason(trx, id);
      const used = await trx
        .selectFrom("departures")
        .select(sql<string>`count(*)`.as("n"))
        .where("reason_id", "=", id)
        .executeTakeFirstOrThrow();
      if (Number(used.n) > 0) throw DomainFailure.refused("reason.deleteRefused", { count: Number(used.n), code: current.code });
      await trx.deleteFrom("departure_reasons").where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "reason.deleted",
        subjectType: "departure_reason",
        subjectId: id,
        data: { code: current.code },
      });
    });
}
