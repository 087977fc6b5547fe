import enData from "~/locales/en/data.json";
import frData from "~/locales/fr/data.json";
import enSettings from "~/locales/en/settings.json";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { exportJob } from "~/modules/privacy/export-job.server";
import { createUser, installOffboardingDefaults, makeMemberWithData, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";

/** "Your data" and HR's retention settings through the built app: rendered pages, a download over HTTP. */

useTestDatabase();
useJobQueue();
const app = useHttpApp();
const { get, post } = pageRequests(app);

beforeEach(async () => {
  await installOffboardingDefaults();
});

describe("the Your data page", () => {
  it("lists what the portal holds, prepares the copy on a POST and then offers the download link, which serves the ZIP", async () => {
    const ada = await makeMemberWithData();
    const first = await get("/alumni/data", ada.cookie);
    expect(first.response.status).toBe(200);
    expect(first.html).toContain(enData.page.heldTitle);
    expect(first.html).toContain(enData.page.request);
    expect(first.html).toContain('href="/alumni/data/delete"');

    const asked = await post("/alumni/data", ada.cookie, { intent: "export" });
    expect(asked.response.status).toBe(302);
    expect((await get("/alumni/data?done=queued", ada.cookie)).html).toContain(enData.page.queued);
    await runQueuedJobs([exportJob.name]);

    const ready = await get("/alumni/data", ada.cookie);
    const link = /href="(\/alumni\/data\/download\/[^"]+)"/.exec(ready.html)?.[1];
    expect(link).toBeDefined();
    const archive = await fetch(`${app.base}${link}`, { headers: { Cookie: ada.cookie }, redirect: "manual" });
    expect(archive.status).toBe(200);
    expect(archive.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    // A ZIP file starts with "PK".
    expect(Buffer.from(await archive.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  it("is shown in French to a French reader", async () => {
    const ada = await makeMemberWithData();
    await testDb().updateTable("users").set({ locale: "fr" }).where("id", "=", ada.user.id).execute();
    const { html } = await get("/alumni/data", ada.cookie);
    expect(html).toContain(frData.page.title);
    expect(html).toContain(frData.page.request);
  });
});

describe("HR's retention settings page", () => {
  it("is linked from the settings index and shows each field with its hint", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const index = await get("/admin/settings", cookie);
    expect(index.html).toContain('href="/admin/settings/privacy"');
    expect(index.html).toContain(enSettings.index.sections.privacy.title);
    const page = await get("/admin/settings/privacy", cookie);
    expect(page.response.status).toBe(200);
    for (const label of Object.values(enData.settings.fields)) expect(page.html).toContain(label);
    expect(page.html).toContain('name="leaverErasureDays"');
    expect(page.html).toContain('value="90"');

    const refused = await post("/admin/settings/privacy", cookie, { leaverErasureDays: "5", clickIpDays: "90", importFileDays: "30", exportArchiveDays: "7" });
    expect(refused.response.status).toBe(400);
    expect(refused.html).toContain("Leavers who never joined: enter a whole number of days from 30 to 3650.");
  });
});
