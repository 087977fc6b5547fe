import { migrateDown, migrateToLatest } from "~/utils/db.server";
import { demoSeededAt, seedDemoData } from "../../../server/seed";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser } from "../../factories";

useTestDatabase();

const MARKER_MIGRATION = "2026-12-06T1700_sign_in_delays_and_demo_seed";

/** Reverts migrations, newest first, down to and including the one that added `demo_seed`. */
async function revertMarkerMigration() {
  for (;;) {
    const reverted = await migrateDown(testDb());
    expect(reverted).toHaveLength(1);
    if (reverted[0] === MARKER_MIGRATION) return;
  }
}

describe("the demo-seed marker", () => {
  it("marks a database that already had users when the marker arrived as settled, so it is never seeded", async () => {
    await revertMarkerMigration();
    await createUser({ role: "hr_admin", email: "real.admin@example.com" });
    await migrateToLatest(testDb());
    expect(await testDb().selectFrom("demo_seed").select("assumed").execute()).toEqual([{ assumed: true }]);
    expect(await seedDemoData(testDb())).toBe(false);
    expect((await testDb().selectFrom("users").select("email").execute()).map((u) => u.email)).toEqual(["real.admin@example.com"]);
  });

  it("leaves a database without users unmarked, to be seeded at its first start", async () => {
    await revertMarkerMigration();
    await migrateToLatest(testDb());
    expect(await demoSeededAt(testDb())).toBeNull();
  });

  it("never seeds twice: with the marker present, seeding adds nothing", async () => {
    await testDb().insertInto("demo_seed").values({ id: true }).execute();
    expect(await demoSeededAt(testDb())).toBeInstanceOf(Date);
    expect(await seedDemoData(testDb())).toBe(false);
    expect(await testDb().selectFrom("users").select("id").execute()).toEqual([]);
  });
});
