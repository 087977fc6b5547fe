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

/** HR admins and task owners, for the People page: the columns it shows, by name. */
export function listStaffUsers(db: DB): Promise<StaffListEntry[]> {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "role", "status", "created_at"])
    .where("role", "in", [...STAFF_ROLES])
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .execute();
}
