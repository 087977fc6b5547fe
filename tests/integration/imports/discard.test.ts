import type { User } from "~/modules/auth/users.server";
import enImports from "~/locales/en/imports.json";
import { action as importAction } from "~/routes/admin.imports.$importId/route";
import { loader as uploadLoader } from "~/routes/admin.departures.import";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { clickImport, confirmMapping, STANDARD_HEADER, STANDARD_MAPPING, uploadCsv, validRows } from "./helpers";
import { createUser, installOffboardingDefaults, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/** HR throws away an upload that was never imported, so that it does not stay in "Recent imports". */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

let hr: User;

beforeEach(async () => {
  await installOffboardingDefaults();
  hr = await createUser({ role: "hr_admin" });
});

const FILE = `${STANDARD_HEADER}\n${validRows(2).join("\n")}\n`;

async function discard(importId: string, user: User = hr) {
  return callAction(importAction, buildRequest(`/admin/imports/${importId}`, { form: { intent: "discard" }, cookie: await signIn(user) }), { importId });
}

async function imports() {
  return testDb().selectFrom("csv_imports").select(["id", "status"]).execute();
}

describe("discarding an upload", () => {
  it("deletes an upload never imported with what was stored for it, audits who did it, and says so on the upload page", async () => {
    const kept = await uploadCsv(hr, FILE, "keep.csv");
    const id = await uploadCsv(hr, FILE, "wrong-file.csv");
    await confirmMapping(hr, id, STANDARD_MAPPING);
    await testDb().insertInto("csv_import_rejections").values({ import_id: id, row_number: 2, errors: JSON.stringify({ row: ["x"] }), raw: JSON.stringify({}) }).execute();

    const response = await discard(id);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/departures/import?notice=discarded");
    expect(await imports()).toEqual([{ id: kept, status: "uploaded" }]);
    expect(await testDb().selectFrom("csv_import_rejections").select("import_id").execute()).toEqual([]);
    const audit = await testDb().selectFrom("audit_log").select(["actor_user_id", "subject_id"]).where("action", "=", "csv_import.discarded").execute();
    expect(audit).toEqual([{ actor_user_id: hr.id, subject_id: id }]);

    const page = await callLoader(uploadLoader, buildRequest("/admin/departures/import?notice=discarded", { cookie: await signIn(hr) }));
    const data = await page.json();
    expect(data.discarded).toBe(true);
    expect(data.imports.map((i: { file_name: string }) => i.file_name)).toEqual(["keep.csv"]);
  });

  it("keeps an import that has run, and shows its page instead", async () => {
    const id = await uploadCsv(hr, FILE);
    await confirmMapping(hr, id, STANDARD_MAPPING);
    await clickImport(hr, id);

    const response = await discard(id);

    expect(response.headers.get("Location")).toBe(`/admin/imports/${id}`);
    expect(await imports()).toEqual([{ id, status: "completed" }]);
    expect(await testDb().selectFrom("audit_log").select("id").where("action", "=", "csv_import.discarded").execute()).toEqual([]);
  });

  it("is for HR admins only", async () => {
    const id = await uploadCsv(hr, FILE);
    const owner = await createUser({ role: "task_owner" });
    const refused = await discard(id, owner).catch((thrown: unknown) => thrown as Response);
    expect(refused.status).toBe(403);
    expect(await imports()).toHaveLength(1);
  });

  it("offers a Discard button for each upload not yet imported on the upload page, and refuses a post from another site", async () => {
    const id = await uploadCsv(hr, FILE, "wrong-file.csv");
    const cookie = await signIn(hr);
    const html = await (await fetch(`${app.base}/admin/departures/import`, { headers: { Cookie: cookie } })).text();
    const form = new RegExp(`<form[^>]*method="post"[^>]*action="/admin/imports/${id}"[^>]*>[\\s\\S]*?</form>`).exec(html)?.[0] ?? "";
    expect(form).toMatch(/<button[^>]*name="intent"[^>]*value="discard"/);
    expect(form).toContain(`aria-label="Discard the upload wrong-file.csv"`);
    expect(form).toContain(enImports.discard.listButton);

    const crossSite = await fetch(`${app.base}/admin/imports/${id}`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=discard",
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect(await imports()).toHaveLength(1);
  });
});
