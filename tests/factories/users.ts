import { createSession } from "~/modules/auth/session.server";
import { hashPassword } from "~/modules/auth/password.server";
import { insertUser, type Role, type User } from "~/modules/auth/users.server";
import type { Locale, UserStatus } from "../../db/schema";
import { testDb } from "../support/database";
import { unique } from "./sequence";

export interface UserOverrides {
  role?: Role;
  email?: string;
  name?: string;
  /** Stored as an argon2id hash, as sign-up would. */
  password?: string;
  locale?: Locale;
  status?: UserStatus;
}

/** A user through the auth domain's insertUser; every call gets a unique address. */
export async function createUser(overrides: UserOverrides = {}): Promise<User> {
  const suffix = unique();
  const role = overrides.role ?? "alumnus";
  return insertUser(testDb(), {
    email: overrides.email ?? `${role.replace("_", "-")}-${suffix}@example.test`,
    name: overrides.name ?? `Test ${role} ${suffix}`,
    role,
    locale: overrides.locale ?? "en",
    status: overrides.status ?? "active",
    passwordHash: overrides.password ? await hashPassword(overrides.password) : null,
  });
}

/** Starts a real session for the user and returns the Cookie header value that carries it. */
export async function signIn(user: Pick<User, "id" | "role">): Promise<string> {
  const { cookie } = await createSession(testDb(), user);
  return cookie.split(";")[0]!;
}
