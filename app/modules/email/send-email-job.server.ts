import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { deliverEmail, EMAIL_SEND_RETRY_LIMIT } from "./deliver.server";

/**
 * Delivers one stored email (through Resend, or into the local outbox). Transient provider failures
 * throw, so pg-boss retries with exponential backoff (5 s, 10 s, 20 s … about 21 minutes in all).
 */
export const sendEmailJob = defineJob({
  name: "email.send",
  schema: z.object({ emailId: z.uuid() }),
  retryLimit: EMAIL_SEND_RETRY_LIMIT,
  retryDelaySeconds: 5,
  handler: async ({ emailId }) => {
    await deliverEmail(emailId);
  },
});
