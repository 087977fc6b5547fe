import { sql } from "kysely";
import { createDb } from "../../../db/index";

/**
 * A `date` column names a calendar day: the embedded database hands it over as "YYYY-MM-DD" text,
 * never as a Date at some midnight (db/index.ts), in memory as in a data folder. PGlite's `create`
 * used to drop its options when the first argument was undefined (an in-memory database).
 */

describe("dates on the embedded database", () => {
  it("reads a date column as its calendar day through Kysely in an in-memory database", async () => {
    const handle = await createDb({ dataDir: "memory://" });
    try {
      const { rows } = await sql<{ day: unknown }>`select '2026-12-07'::date as day`.execute(handle.db);
      expect(rows).toEqual([{ day: "2026-12-07" }]);
    } finally {
      await handle.close();
    }
  });
});
