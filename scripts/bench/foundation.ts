import { createSession, validateSessionToken } from "~/modules/auth/session.server";
import { insertUser } from "~/modules/auth/users.server";
import { getDatabaseHandle } from "~/utils/db.server";
import { measure, openBenchDatabase, report } from "./harness";
import { benchRow, type BenchRow } from "./bench-rows";
import type { WorkloadOptions } from "./workload-options";

/**
 * Foundation figures: how fast a session is validated (every signed-in request does it) as the
 * sessions table grows, which shows whether the lookup stays an index probe. `--quick` grows the
 * table to 5,000 sessions instead of 50,000.
 */
export async function run(options: WorkloadOptions): Promise<BenchRow[]> {
  const grownTo = options.quick ? 5_000 : 50_000;
  const { handle, dispose } = await openBenchDatabase();
  try {
    process.stdout.write(`database: ${handle.kind}\n`);
    const db = getDatabaseHandle().db;
    const user = await insertUser(db, { email: "bench@example.test", name: "Bench", role: "alumnus" });

    const tokens: string[] = [];
    const firstBatch = await measure(1_000, 4, async () => {
      tokens.push((await createSession(db, user)).token);
    });
    report("create session (1k sessions in table)", firstBatch);
    const small = await measure(2_000, 4, (i) => validateSessionToken(db, tokens[i % tokens.length]!));
    report("validate session, 1k sessions in table", small);

    // Grow the table in bulk, then measure again.
    const now = Date.now();
    for (let batch = 0; batch < grownTo / 1_000 - 1; batch++) {
      await db
        .insertInto("sessions")
        .values(
          Array.from({ length: 1_000 }, (_, i) => ({
            id: `bulk-${batch}-${i}-${now}`.padEnd(64, "0"),
            user_id: user.id,
            expires_at: new Date(now + 86_400_000),
            absolute_expires_at: new Date(now + 86_400_000 * 30),
          })),
        )
        .execute();
    }
    const large = await measure(2_000, 4, (i) => validateSessionToken(db, tokens[i % tokens.length]!));
    const grown = `${grownTo / 1_000}k`;
    report(`validate session, ${grown} sessions in table`, large);
    process.stdout.write(
      `ratio p50 at ${grown} / at 1k: ${(large.p50 / small.p50).toFixed(2)} (≈1 means the lookup does not grow with the table)\n`,
    );
    return [
      benchRow({
        workload: "sessions",
        figure: `validate a session, p50, ${grownTo.toLocaleString("en")} sessions in the table`,
        value: large.p50,
        unit: "ms",
        floor: "the same with 1,000 sessions",
        floorValue: small.p50,
        target: "≈ 1× (an index probe)",
      }),
    ];
  } finally {
    await dispose();
  }
}
