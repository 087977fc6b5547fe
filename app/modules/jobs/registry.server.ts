import type { JobDefinition } from "./define-job";
import { alumniTransitionJob } from "~/modules/alumni/transition-job.server";
import { magicLinkJob } from "~/modules/auth/magic-link-job.server";
import { sendEmailJob } from "~/modules/email/send-email-job.server";
import { exitInvitationsJob } from "~/modules/exit/invitation-job.server";
import { importJob } from "~/modules/imports/import-job.server";
import { taskRemindersJob } from "~/modules/offboarding/reminder-job.server";
import { anonymousReleaseJob } from "~/modules/responses/release-job.server";

/** Every background job the portal runs. A worker process handles all of them. */
export const jobDefinitions: JobDefinition<any>[] = [sendEmailJob, magicLinkJob, taskRemindersJob, importJob, alumniTransitionJob, exitInvitationsJob, anonymousReleaseJob];
