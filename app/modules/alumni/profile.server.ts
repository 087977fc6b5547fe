import { sql, type ExpressionBuilder } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { DB, Database } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import type { AlumniStatus } from "../../../db/schema";
import { currentConsents } from "./consents.server";
import { lockPerson } from "./leaver.server";
import { ensureAlumnusProfile } from "./membership.server";
import { DIRECTORY_FIELDS, type DirectoryVisibility, type ProfileInput, type Tenure } from "./profile";

/**
 * The alumni profile (docs/decisions/033): what the person says about today (name, company, title,
 * location, LinkedIn), what the departure says about their time here (first day, last day,
 * department; read-only), and what other alumni see of it in the directory.
 */

/** The columns holding each directory field's visibility. */
export const VISIBILITY_COLUMNS = {
  department: "directory_show_department",
  leftYear: "directory_show_left_year",
  company: "directory_show_company",
  title: "directory_show_title",
  location: "directory_show_location",
  linkedin: "directory_show_linkedin",
} as const satisfies Record<(typeof DIRECTORY_FIELDS)[number], string>;

/**
 * The person's departure as a lateral subquery of `alumni_profiles as p`: the one the profile names,
 * else their latest one not cancelled (alumni created before the profile kept its departure).
 */
export function departureOfProfile(eb: ExpressionBuilder<Database & { p: Database["alumni_profiles"] }, "p">) {
  return eb
    .selectFrom("departures as d")
    .innerJoin("departments as dept", "dept.id", "d.department_id")
    .select(["d.hire_date", "d.last_day", "dept.id as department_id", "dept.name as department_name"])
    .whereRef("d.leaver_user_id", "=", "p.user_id")
    .where("d.status", "<>", "cancelled")
    // `d.id = p.departure_id` is null when the profile names none: the latest then comes first.
    .orderBy(sql`d.id = p.departure_id`, (ob) => ob.desc().nullsLast())
    .orderBy("d.last_day", "desc")
    .orderBy("d.id", "desc")
    .limit(1)
    .as("dep");
}

export interface OwnProfile {
  name: string;
  currentCompany: string | null;
  currentTitle: string | null;
  location: string | null;
  linkedinUrl: string | null;
  status: AlumniStatus;
  visibility: DirectoryVisibility;
  /** Whether the latest `directory` choice in the consent ledger is a grant. */
  listed: boolean;
  tenure: Tenure | null;
}

/** The person's own profile, or undefined when they have no profile row (an alumnus from before it). */
export async function loadOwnProfile(db: DB, userId: string): Promise<OwnProfile | undefined> {
  const [row, consents] = await Promise.all([
    db
      .selectFrom("alumni_profiles as p")
      .innerJoin("users as u", "u.id", "p.user_id")
      .leftJoinLateral(departureOfProfile, (join) => join.onTrue())
      .select([
        "u.name",
        "p.current_company",
        "p.current_title",
        "p.location",
        "p.linkedin_url",
        "p.status",
        ...Object.values(VISIBILITY_COLUMNS).map((column) => `p.${column}` as const),
        "dep.hire_date",
        "dep.last_day",
        "dep.department_name",
      ])
      .where("p.user_id", "=", userId)
      .executeTakeFirst(),
    currentConsents(db, userId),
  ]);
  if (!row) return undefined;
  return {
    name: row.name,
    currentCompany: row.current_company,
    currentTitle: row.current_title,
    location: row.location,
    linkedinUrl: row.linkedin_url,
    status: row.status,
    visibility: Object.fromEntries(DIRECTORY_FIELDS.map((field) => [field, row[VISIBILITY_COLUMNS[field]]])) as DirectoryVisibility,
    listed: consents.directory.granted,
    tenure: row.last_day ? { hireDate: row.hire_date ?? null, lastDay: row.last_day, department: row.department_name ?? null } : null,
  };
}

/** Saves the profile form: the name on the account, the rest on the profile. One transaction. */
export async function saveProfile(actor: { userId: string }, input: ProfileInput, now = new Date()): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      await ensureAlumnusProfile(trx, actor.userId, now);
      const before = await trx
        .selectFrom("alumni_profiles as p")
        .innerJoin("users as u", "u.id", "p.user_id")
        .select(["u.name", "p.current_company", "p.current_title", "p.location", "p.linkedin_url"])
        .where("p.user_id", "=", actor.userId)
        .executeTakeFirst();
      if (!before) return;
      await trx
        .updateTable("alumni_profiles")
        .set({ current_company: input.currentCompany, current_title: input.currentTitle, location: input.location, linkedin_url: input.linkedinUrl })
        .where("user_id", "=", actor.userId)
        .execute();
      if (before.name !== input.name) {
        await trx.updateTable("users").set({ name: input.name, updated_at: now }).where("id", "=", actor.userId).execute();
      }
      // Which fields changed, never their values: the audit log holds no personal data.
      const changed = [
        before.name !== input.name && "name",
        before.current_company !== input.currentCompany && "currentCompany",
        before.current_title !== input.currentTitle && "currentTitle",
        before.location !== input.location && "location",
        before.linkedin_url !== input.linkedinUrl && "linkedinUrl",
      ].filter(Boolean);
      if (changed.length > 0) {
        await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.profile_updated", subjectType: "user", subjectId: actor.userId, data: { changed } });
      }
    });
}

/** What other alumni see of the person in the directory, field by field. */
export async function saveDirectoryVisibility(actor: { userId: string }, visibility: DirectoryVisibility, now = new Date()): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.userId);
      await ensureAlumnusProfile(trx, actor.userId, now);
      const columns = Object.fromEntries(DIRECTORY_FIELDS.map((field) => [VISIBILITY_COLUMNS[field], visibility[field]]));
      await trx.updateTable("alumni_profiles").set(columns).where("user_id", "=", actor.userId).execute();
      await recordAudit(trx, { actorUserId: actor.userId, action: "alumni.directory_visibility", subjectType: "user", subjectId: actor.userId, data: { shown: DIRECTORY_FIELDS.filter((f) => visibility[f]) } });
    });
}
