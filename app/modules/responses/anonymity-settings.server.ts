import { recordAudit } from "~/modules/auth/audit.server";
import type { DB } from "~/utils/db.server";

/**
 * HR's anonymity settings: k (the least number of responses any published anonymous figure rests
 * on) and the release delay. Both apply to future releases only: a released block keeps the k it
 * was formed with, so lowering k never splits what was already published.
 */

export interface AnonymitySettings {
  minBlockSize: number;
  releaseDelayDays: number;
  updatedAt: Date;
}

export const DEFAULT_ANONYMITY_SETTINGS = { minBlockSize: 5, releaseDelayDays: 3 } as const;

export async function getAnonymitySettings(db: DB): Promise<AnonymitySettings> {
  const row = await db.selectFrom("anonymity_settings").select(["min_block_size", "release_delay_days", "updated_at"]).executeTakeFirst();
  // The migration inserts the row; a database emptied by hand falls back to the defaults.
  if (!row) return { ...DEFAULT_ANONYMITY_SETTINGS, updatedAt: new Date(0) };
  return { minBlockSize: row.min_block_size, releaseDelayDays: row.release_delay_days, updatedAt: row.updated_at };
}

export async function updateAnonymitySettings(
  db: DB,
  input: { minBlockSize: number; releaseDelayDays: number; actorUserId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getAnonymitySettings(trx);
    await trx
      .insertInto("anonymity_settings")
      .values({ id: true, min_block_size: input.minBlockSize, release_delay_days: input.releaseDelayDays, updated_by: input.actorUserId })
      .onConflict((oc) =>
        oc.column("id").doUpdateSet({
          min_block_size: input.minBlockSize,
          release_delay_days: input.releaseDelayDays,
          updated_by: input.actorUserId,
          updated_at: new Date(),
        }),
      )
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: "responses.anonymity_settings_changed",
      subjectType: "anonymity_settings",
      data: {
        before: { minBlockSize: before.minBlockSize, releaseDelayDays: before.releaseDelayDays },
        after: { minBlockSize: input.minBlockSize, releaseDelayDays: input.releaseDelayDays },
      },
    });
  });
}
