import type { Kysely } from "kysely";
import { hashPassword } from "../app/modules/auth/password.server";
import { insertUser } from "../app/modules/auth/users.server";
import type { Database } from "./schema";

/** The demo accounts, printed at start-up and listed in the README. */
export const DEMO_PASSWORD = "demo-password";
export const demoSignIns = [
  { role: "hr_admin", email: "hr@example.com", name: "Hana Reyes", how: `password: ${DEMO_PASSWORD}` },
  { role: "task_owner", email: "it@example.com", name: "Ivan Torres", how: `password: ${DEMO_PASSWORD}` },
  { role: "alumnus", email: "alex.alumni@example.net", name: "Alex Martin", how: "magic link (read it in the outbox)" },
  { role: "leaver", email: "sam.leaver@example.com", name: "Sam Leclerc", how: "magic link (read it in the outbox)" },
] as const;

/** Demo data for a new database. Refuses to run in production. */
export async function seedDemoData(db: Kysely<Database>) {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to seed demo data in production (NODE_ENV=production).");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (const person of demoSignIns) {
      const staff = person.role === "hr_admin" || person.role === "task_owner";
      await insertUser(trx, {
        email: person.email,
        name: person.name,
        role: person.role,
        locale: person.email === "sam.leaver@example.com" ? "fr" : "en",
        passwordHash: staff ? passwordHash : null,
      });
    }
  });
}
