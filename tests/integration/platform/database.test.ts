import { sql } from "kysely";
import { migrations } from "../../../db/migrations/index";
import { findUserByEmail } from "~/modules/auth/users.server";
import { getDb, migrateDown, migrateToLatest } from "~/utils/db.server";
import { useTestDatabase, testDb } from "../../support/database";
import { createUser } from "../../factories";

useTestDatabase();

describe("the test database", () => {
  it("is the database the application modules use", async () => {
    const user = await createUser({ email: "Someone@Example.test" });
    expect(await findUserByEmail(getDb(), "someone@example.TEST")).toMatchObject({ id: user.id });
  });

  it("starts every test with empty tables", async () => {
    const { count } = await testDb().selectFrom("users").select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it("refuses two users whose addresses differ only by case", async () => {
    await createUser({ email: "twin@example.test" });
    await expect(createUser({ email: "TWIN@example.test" })).rejects.toThrow(/users_email_lower_idx|duplicate/);
  });

  it("rolls a failed transaction back completely", async () => {
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto("users").values({ email: "half@example.test", name: "Half", role: "alumnus" }).execute();
          throw new Error("boom");
        }),
    ).rejects.toThrow("boom");
    expect(await findUserByEmail(testDb(), "half@example.test")).toBeUndefined();
  });

  it("rejects a role outside the four known ones", async () => {
    await expect(
      sql`insert into users (email, name, role) values ('x@example.test', 'X', 'superuser')`.execute(testDb()),
    ).rejects.toThrow(/check/i);
  });

  it("migrates every step down, newest first, and up again", async () => {
    const names = Object.keys(migrations).sort();
    for (const name of [...names].reverse()) expect(await migrateDown(testDb())).toEqual([name]);
    const again = await migrateToLatest(testDb());
    expect(again).toMatchObject({ wasEmpty: true, applied: names });
  });

  it("reads date columns as calendar days, not instants", async () => {
    const { rows } = await sql<{ day: string }>`select '2026-03-29'::date as day`.execute(testDb());
    expect(rows[0]!.day).toBe("2026-03-29");
  });
});
