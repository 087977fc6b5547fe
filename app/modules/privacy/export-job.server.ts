import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { getDb } from "~/utils/db.server";
import { prepareExport } from "./export-prepare.server";
import { gatherPersonalData } from "./held-data.server";

/** Prepares one "Download my data" archive (export-prepare.server.ts); the payload names the request only. */
export const exportJob = defineJob({
  name: "privacy.export",
  schema: z.object({ exportId: z.uuid() }),
  retryLimit: 3,
  retryDelaySeconds: 30,
  expireInSeconds: 10 * 60,
  handler: async ({ exportId }) => {
    await prepareExport(getDb(), exportId, gatherPersonalData);
  },
});
