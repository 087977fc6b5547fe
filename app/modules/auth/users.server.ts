import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import type { Locale, Role, User, UserStatus } from "../../../db/schema";

export type { Role, User } from "../../../db/schema";

export const ROLES = ["hr_admin", "task_owner", "leaver", "alumnus"] as const satisfies readonly Role[];
export const STAFF_ROLES = ["hr_admin", "task_owner"] as const satisfies readonly Role[];

export function isStaffRole(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}

/** Addresses are stored as given but compared without regard to case. */
export function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: DB, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  locale?: Locale;
  status?: UserStatus;
  passwordHash?: string | null;
}

export function insertUser(db: DB, input: CreateUserInput): Promise<User> {
  return db
    .insertInto("users")
    .values({
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      locale: input.locale ?? "en",
      status: input.status ?? "active",
      password_hash: input.passwordHash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setUserLocale(db: DB, userId: string, locale: Locale) {
  await db.updateTable("users").set({ locale, updated_at: new Date() }).where("id", "=", userId).execute();
}

export type StaffListEntry = Pick<User, "id" | "name" | "email" | "role" | "status" | "created_at">;

/** Staff accounts grow with the company: the People page shows them this many at a time. */
export const STAFF_PAGE_SIZE = 50;
/** Far beyond any real staff list; a bound so that `?page=` cannot ask for an absurd offset. */
export const STAFF_PAGE_MAX = 10_000;

export interface StaffPage {
  rows: StaffListEntry[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * One page of HR admins and task owners, for the People page: the columns it shows, by name, and
 * the total in the same query (as the departures list counts its rows).
 */
export async function listStaffPage(db: DB, page: number): Promise<StaffPage> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email", "role", "status", "created_at", sql<string>`count(*) over ()`.as("total_count")])
    .where("role", "in", [...STAFF_ROLES])
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE)
    .execute();
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
  return {
    rows: rows.map(({ total_count: _total, ...row }) => row),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)),
  };
}
