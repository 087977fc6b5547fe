import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { forgetOldWebhookEvents } from "./resend-webhooks.server";

/** Every night, the Svix message ids of Resend's webhooks older than the retention (resend-webhooks.server.ts). */
export const webhookEventsRetentionJob = defineJob({
  name: "newsletter.webhook-events-retention",
  schema: z.preprocess((value) => value ?? {}, z.object({})),
  cron: "41 3 * * *",
  retryLimit: 2,
  expireInSeconds: 15 * 60,
  handler: async () => {
    const forgotten = await forgetOldWebhookEvents(getDb());
    if (forgotten > 0) logger.info({ forgotten }, "old webhook event ids forgotten");
  },
});
