import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { runExitInvitations } from "./invitation-run.server";

/**
 * Every hour, twenty past: sends the exit invitations whose day has come and the reminders that are
 * due (runExitInvitations). With `invitationId` it sends that one invitation at once: a departure
 * recorded today queues it in its own transaction. Idempotent: every email is claimed by a
 * conditional update in the transaction that queues it, so a retry or a second worker sends nothing new.
 */
export const exitInvitationsJob = defineJob({
  name: "exit.invitations",
  // pg-boss's cron sends the payload given to schedule(); `at` lets a test or an operator replay an instant.
  schema: z.preprocess(
    (value) => value ?? {},
    z.object({ at: z.iso.datetime({ offset: true }).optional(), invitationId: z.uuid().optional() }),
  ),
  cron: "20 * * * *",
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async ({ at, invitationId }) => {
    await runExitInvitations({ now: at ? new Date(at) : new Date(), invitationId });
  },
});
