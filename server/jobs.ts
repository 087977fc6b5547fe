import type { JobDefinition } from "~/modules/jobs/define-job";
import { alumniTransitionJob } from "~/modules/alumni/transition-job.server";
import { feedPollJob } from "~/modules/feeds/poll-job.server";
import { magicLinkJob } from "~/modules/auth/magic-link-job.server";
import { sendEmailJob } from "~/modules/email/send-email-job.server";
import { exitInvitationsJob } from "~/modules/exit/invitation-job.server";
import { importJob } from "~/modules/imports/import-job.server";
import { taskRemindersJob } from "~/modules/offboarding/reminder-job.server";
import { plannerStatisticsJob } from "~/modules/jobs/planner-statistics-job.server";
import { anonymousReleaseJob } from "~/modules/responses/release-job.server";
import { newsletterSendJob } from "~/modules/newsletter/send-job.server";
import { newsletterStartJob, newsletterTickJob } from "~/modules/newsletter/start-job.server";
import { webhookEventsRetentionJob } from "~/modules/newsletter/webhook-retention-job.server";
import { scoringTickJob } from "~/modules/scoring/scoring-job.server";
import { pulseSendJob, pulseTickJob } from "~/modules/pulse/jobs.server";
import { privacyEraseJob, privacyEraseSweepJob } from "~/modules/privacy/erase-job.server";
import { exportJob } from "~/modules/privacy/export-job.server";
import { retentionJob } from "~/modules/privacy/retention-job.server";
import { webhookDeliveryJob } from "~/modules/webhooks/delivery-job.server";

/**
 * Every background job the portal runs. A worker process handles all of them. The list names a job
 * of every domain, so it lives with the entry points that pass it to the queue (server, worker, CLI),
 * not in the jobs domain, which sits below the domains whose jobs it runs.
 */
export const jobDefinitions: JobDefinition<any>[] = [
  sendEmailJob,
  magicLinkJob,
  taskRemindersJob,
  importJob,
  alumniTransitionJob,
  exitInvitationsJob,
  anonymousReleaseJob,
  plannerStatisticsJob,
  feedPollJob,
  newsletterStartJob,
  newsletterSendJob,
  newsletterTickJob,
  webhookEventsRetentionJob,
  scoringTickJob,
  pulseSendJob,
  pulseTickJob,
  privacyEraseJob,
  privacyEraseSweepJob,
  exportJob,
  retentionJob,
  webhookDeliveryJob,
];
