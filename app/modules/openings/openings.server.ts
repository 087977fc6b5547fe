import { recordAudit } from "~/modules/auth/audit.server";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { OpeningStatus } from "../../../db/schema";
import type { OpeningInput } from "./forms";

/**
 * Openings HR posts for alumni (issue 14, ADR 034): written by HR admins, opened and closed, never
 * deleted (referral links and newsletter issues point at them). Every write is audited, without
 * personal data.
 */

export interface Opening {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  departmentId: string | null;
  department: string | null;
  location: string;
  externalUrl: string;
  status: OpeningStatus;
  createdAt: Date;
  closedAt: Date | null;
}

function openingQuery(db: DB) {
  return db
    .selectFrom("openings as o")
    .leftJoin("departments as dep", "dep.id", "o.department_id")
    .select([
      "o.id",
      "o.title_en",
      "o.title_fr",
      "o.description_en",
      "o.description_fr",
      "o.department_id",
      "dep.name as department",
      "o.location",
      "o.external_url",
      "o.status",
      "o.created_at",
      "o.closed_at",
    ]);
}

type OpeningRow = Awaited<ReturnType<ReturnType<typeof openingQuery>["executeTakeFirstOrThrow"]>>;

function toOpening(row: OpeningRow): Opening {
  return {
    id: row.id,
    title: { en: row.title_en, fr: row.title_fr },
    description: { en: row.description_en, fr: row.description_fr },
    departmentId: row.department_id,
    department: row.department,
    location: row.location,
    externalUrl: row.external_url,
    status: row.status,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  };
}

/** Every opening, open ones first, newest first within each. */
export async function listOpenings(db: DB, filter: { status?: OpeningStatus } = {}): Promise<Opening[]> {
  let query = openingQuery(db);
  if (filter.status) query = query.where("o.status", "=", filter.status);
  const rows = await query.orderBy("o.status", "desc").orderBy("o.created_at", "desc").orderBy("o.id").execute();
  return rows.map(toOpening);
}

/** The open openings, newest first (`limit` for the alumni home). */
export async function listOpenOpenings(db: DB, limit?: number): Promise<Opening[]> {
  let query = openingQuery(db).where("o.status", "=", "open").orderBy("o.created_at", "desc").orderBy("o.id");
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map(toOpening);
}

export async function findOpening(db: DB, openingId: string): Promise<Opening | undefined> {
  const row = await openingQuery(db).where("o.id", "=", openingId).executeTakeFirst();
  return row ? toOpening(row) : undefined;
}

async function assertDepartment(db: DB, departmentId: string) {
  const department = await db.selectFrom("departments").select("id").where("id", "=", departmentId).executeTakeFirst();
  if (!department) throw DomainFailure.invalid("departmentId", "opening.departmentNotFound");
}

function columns(input: OpeningInput) {
  return {
    title_en: input.titleEn,
    title_fr: input.titleFr,
    department_id: input.departmentId,
    location: input.location,
    external_url: input.externalUrl,
    description_en: input.descriptionEn,
    description_fr: input.descriptionFr,
  };
}

export async function createOpening(db: DB, input: OpeningInput, actor: { userId: string }): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    await assertDepartment(trx, input.departmentId);
    const row = await trx
      .insertInto("openings")
      .values({ ...columns(input), created_by: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: actor.userId, action: "opening.created", subjectType: "opening", subjectId: row.id });
    return row;
  });
}

export async function updateOpening(db: DB, openingId: string, input: OpeningInput, actor: { userId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertDepartment(trx, input.departmentId);
    const updated = await trx.updateTable("openings").set({ ...columns(input), updated_at: new Date() }).where("id", "=", openingId).returning("id").executeTakeFirst();
    if (!updated) throw DomainFailure.notFound("opening.notFound");
    await recordAudit(trx, { actorUserId: actor.userId, action: "opening.updated", subjectType: "opening", subjectId: openingId });
  });
}

/** Opens or closes an opening; "unchanged" when it already was. */
export async function setOpeningStatus(db: DB, openingId: string, status: OpeningStatus, actor: { userId: string }): Promise<"changed" | "unchanged"> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("openings").select("status").where("id", "=", openingId).forUpdate().executeTakeFirst();
    if (!current) throw DomainFailure.notFound("opening.notFound");
    if (current.status === status) return "unchanged";
    await trx
      .updateTable("openings")
      .set({ status, closed_at: status === "closed" ? new Date() : null, updated_at: new Date() })
      .where("id", "=", openingId)
      .execute();
    await recordAudit(trx, { actorUserId: actor.userId, action: status === "closed" ? "opening.closed" : "opening.reopened", subjectType: "opening", subjectId: openingId });
    return "changed";
  });
}

/** The openings with these ids, whatever their status, in the order of the ids given. */
export async function openingsByIds(db: DB, openingIds: readonly string[]): Promise<Opening[]> {
  if (openingIds.length === 0) return [];
  const rows = (await openingQuery(db).where("o.id", "in", [...openingIds]).execute()).map(toOpening);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return openingIds.flatMap((id) => byId.get(id) ?? []);
}
