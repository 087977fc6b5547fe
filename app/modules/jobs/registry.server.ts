import type { JobDefinition } from "./define-job";
import { sendEmailJob } from "~/modules/email/send-email-job.server";

/** Every background job the portal runs. A worker process handles all of them. */
export const jobDefinitions: JobDefinition<any>[] = [sendEmailJob];
