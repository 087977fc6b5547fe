import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { useTestDatabase } from "../../support/database";
import { confirmMapping, departureCount, importRow, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv, validRows } from "./helpers";
import { startImport } from "~/modules/imports/start-import.server";
import { createUser } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

/**
 * The largest file HR is expected to send (10,000 rows) goes through upload, mapping and the
 * background job to the end. No checklist templates are installed here: task expansion is proved
 * elsewhere, and without it this test spends its time on the import itself. The throughput with
 * templates is measured by `npm run bench -- imports`, not asserted.
 */
it("imports a 10,000-row file completely in the background", { timeout: 900_000 }, async () => {
  const hr = await createUser({ role: "hr_admin" });
  const id = await uploadCsv(hr, `${[STANDARD_HEADER, ...validRows(10_000, "T")].join("\n")}\n`, "large.csv");
  await confirmMapping(hr, id, STANDARD_MAPPING);

  const { background } = await startImport(id, { actorUserId: hr.id, locale: "en" });
  expect(background).toBe(true);
  expect(await runQueuedJobs(["imports.run"])).toBe(1);

  expect(await importRow(id)).toMatchObject({
    status: "completed",
    total_rows: 10_000,
    processed_rows: 10_000,
    created_count: 10_000,
    existing_count: 0,
    rejected_count: 0,
  });
  expect(await departureCount()).toBe(10_000);
});
