import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { deliverEmail } from "./deliver.server";

/** Delivers one stored email (through Resend, or into the local outbox). */
export const sendEmailJob = defineJob({
  name: "email.send",
  schema: z.object({ emailId: z.uuid() }),
  retryLimit: 8,
  retryDelaySeconds: 5,
  handler: async ({ emailId }) => {
    await deliverEmail(emailId);
  },
});
