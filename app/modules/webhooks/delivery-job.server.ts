import type { Transaction } from "kysely";
import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { enqueue } from "~/modules/jobs/boss.server";
import type { Database } from "~/utils/db.server";
import type { WebhookAttemptTrigger } from "../../../db/schema";
import { attemptDelivery, type AttemptOptions } from "./deliver.server";

/**
 * One job per attempt of one delivery. The payload is the delivery's id only: the body is read from
 * the event row and the secret from its endpoint, so neither sits in the queue (docs/decisions/035).
 * The next attempt is queued with `startAfter` in the transaction that records this one.
 */
export const webhookDeliveryJob = defineJob({
  name: "webhook-delivery",
  schema: z.object({ deliveryId: z.uuid(), trigger: z.enum(["scheduled", "resend"]).default("scheduled") }),
  // A thrown error is the database or the process, not the receiver (whose failures are recorded):
  // try again soon; the delivery's lease keeps a second worker from posting meanwhile.
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 120,
  handler: async ({ deliveryId, trigger }) => {
    await attemptDelivery(deliveryId, { trigger, scheduleNext: queueDeliveryAttempt });
  },
});

/**
 * Queues an attempt of the delivery at `at` (null: at once, by the queue's clock), inside the
 * caller's transaction.
 */
export async function queueDeliveryAttempt(trx: Transaction<Database>, deliveryId: string, at: Date | null, trigger: WebhookAttemptTrigger = "scheduled"): Promise<void> {
  await enqueue(webhookDeliveryJob, { deliveryId, trigger }, { trx, ...(at ? { startAfter: at } : {}) });
}

/** Runs one attempt now, for tests and callers outside the queue (the next is queued as usual). */
export function attemptDeliveryNow(deliveryId: string, options: Omit<AttemptOptions, "scheduleNext"> = {}) {
  return attemptDelivery(deliveryId, { ...options, scheduleNext: queueDeliveryAttempt });
}
