import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { runImportJob } from "./import.server";

/**
 * Imports a large CSV file in the background, chunk by chunk, recording progress as it goes.
 * Safe to deliver twice or to run again after a crash: it resumes from the rows already processed,
 * and createDeparture's idempotency finds any departure a lost chunk had already created.
 */
export const importJob = defineJob({
  name: "imports.run",
  schema: z.object({
    importId: z.uuid(),
    actorUserId: z.uuid().nullable(),
    locale: z.enum(["en", "fr"]),
  }),
  // An error is recorded on the import, which HR can resume; only a dead process needs the retry.
  retryLimit: 3,
  retryDelaySeconds: 30,
  // 20,000 rows at a few hundred rows a second, with room to spare.
  expireInSeconds: 60 * 60,
  handler: async (payload) => {
    await runImportJob(payload);
  },
});
