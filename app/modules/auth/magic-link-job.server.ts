import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { sendMagicLink } from "./magic-link.server";

/**
 * Looks the address up and emails a sign-in link when it belongs to an active leaver or alumnus.
 * Runs in the background so that the request page answers in the same time for every address.
 * Idempotent enough for at-least-once delivery: a repeat sends a fresh link that retires the old one.
 */
export const magicLinkJob = defineJob({
  name: "auth.magic-link",
  schema: z.object({
    email: z.string().max(254),
    locale: z.enum(["en", "fr"]),
    redirectTo: z.string().max(2000).nullable(),
  }),
  retryLimit: 3,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
  handler: async (payload) => {
    await sendMagicLink(payload);
  },
});
