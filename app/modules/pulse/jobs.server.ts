import { sql } from "kysely";
import { z } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import { defineJob } from "~/modules/jobs/define-job";
import { logger } from "~/modules/platform/logger.server";
import { todayIn } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { closeDuePulses } from "./close.server";
import { sendPendingDeliveries, startPulseSend } from "./send.server";

/** Emails queued per run of the send job: a run stays short, and the next picks up where it stopped. */
const CLAIMS_PER_RUN = 200;

/**
 * Sends one pulse: queued by schedulePulse with `startAfter` = its sending time. Snapshots the
 * recipients when due, then queues their emails (send.server.ts); queues itself again while some
 * are left. A stale job (the pulse cancelled, or already sent) does nothing.
 */
export const pulseSendJob = defineJob({
  name: "pulse.send",
  schema: z.object({ pulseId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireInSeconds: 15 * 60,
  handler: async ({ pulseId }) => {
    const db = getDb();
    await startPulseSend(db, pulseId);
    const outcome = await sendPendingDeliveries(db, pulseId, { limit: CLAIMS_PER_RUN });
    if (outcome === "more" && !(await hasQueuedSend(db, pulseId))) await enqueue(pulseSendJob, { pulseId });
  },
});

/** Whether a send job for the pulse waits in the queue (created, or waiting for its retry). */
async function hasQueuedSend(db: DB, pulseId: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    select exists (
      select 1 from pgboss.job where name = ${pulseSendJob.name} and state in ('created', 'retry') and data->>'pulseId' = ${pulseId}
    ) as found
  `.execute(db);
  return rows[0]?.found === true;
}

/**
 * The safety net, every minute: queues a send for any pulse that is due but not started (its job
 * lost) or still sending without a job (a worker killed mid-send), and closes the pulses whose last
 * day (company calendar) is over.
 */
export const pulseTickJob = defineJob({
  name: "pulse.tick",
  schema: z.object({}).passthrough(),
  retryLimit: 0,
  cron: "* * * * *",
  handler: async () => {
    await pulseTick();
  },
});

export async function pulseTick(now: Date = new Date()) {
  const db = getDb();
  const pending = await db
    .selectFrom("pulses")
    .select("id")
    .where((eb) => eb.or([eb.and([eb("status", "=", "scheduled"), eb("send_at", "<=", now)]), eb("status", "=", "sending")]))
    .execute();
  for (const { id } of pending) {
    if (!(await hasQueuedSend(db, id))) await enqueue(pulseSendJob, { pulseId: id });
  }
  const closed = await closeDuePulses(db, { today: todayIn(getEnv().COMPANY_TIME_ZONE, now), now });
  // Counts only: which answers moved where is nobody's business (docs/decisions/008).
  if (closed > 0) logger.info({ closed }, "pulses closed");
}
