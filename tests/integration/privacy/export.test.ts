import { sql } from "kysely";
import { strFromU8, unzipSync } from "fflate";
import Papa from "papaparse";
import enData from "~/locales/en/data.json";
import { penalizeRateLimit } from "~/modules/auth/rate-limit.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { exportDownloadPath } from "~/modules/privacy/export-links.server";
import { exportJob } from "~/modules/privacy/export-job.server";
import { existingTables, tableOf, whereOf } from "~/modules/privacy/locate.server";
import { REGISTRY } from "~/modules/privacy/registry";
import { runRetention } from "~/modules/privacy/retention.server";
import { collectSubject } from "~/modules/privacy/subject.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { action as dataAction, loader as dataLoader } from "~/routes/alumni.data._index";
import { loader as downloadLoader } from "~/routes/alumni.data.download.$token";
import { createUser, installOffboardingDefaults, makeAlumniLeaver, makeMemberWithData, setRetentionSettings, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";

/** "Download my data": the request, the job's archive, the signed link and its expiry (ADR 031). */

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function page(cookie: string) {
  const response = await callLoader(dataLoader, buildRequest("/alumni/data", { cookie }));
  expect(response.status).toBe(200);
  return loaderData<typeof dataLoader>(response);
}

function askForExport(cookie: string) {
  return callAction(dataAction, buildRequest("/alumni/data", { cookie, form: { intent: "export" } }));
}

function download(path: string, cookie: string) {
  const token = path.split("/").pop()!;
  return callLoader(downloadLoader, buildRequest(path, { cookie }), { token });
}

/** Asks, runs the job, and answers the page's download path. */
async function readyExport(cookie: string): Promise<string> {
  expect((await askForExport(cookie)).status).toBe(302);
  await runQueuedJobs([exportJob.name]);
  const { latest } = await page(cookie);
  if (latest?.state !== "ready") throw new Error(`export not ready: ${latest?.state}`);
  return latest.downloadPath;
}

async function archiveFiles(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/zip");
  expect(response.headers.get("Cache-Control")).toContain("no-store");
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** Rows of each exported registry entry for the person, counted straight from the registry's locators. */
async function registryCounts(userId: string): Promise<{ key: string; table: string; rows: number }[]> {
  const db = testDb();
  const subject = await collectSubject(db, userId);
  const present = await existingTables(db);
  const counts = [];
  for (const entry of REGISTRY) {
    if (entry.export || !present.has(entry.key)) continue;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${tableOf(entry, "t")} where ${whereOf(entry, subject)}`.execute(db);
    counts.push({ key: entry.key, table: entry.table, rows: rows[0]!.n });
  }
  return counts;
}

describe("Download my data", () => {
  it("holds, for every registry entry with rows for the person, those rows in data.json and a CSV, and nothing of another person", async () => {
    const ada = await makeMemberWithData({ name: "Ada Lovelace-Export" });
    const bob = await makeMemberWithData({ name: "Bob Otherperson" });
    expect((await askForExport(ada.cookie)).status).toBe(302);
    // What the registry holds when the job gathers it (the job then adds its own email and audit entry).
    const expected = await registryCounts(ada.user.id);
    await runQueuedJobs([exportJob.name]);
    const { latest } = await page(ada.cookie);
    expect(latest?.state).toBe("ready");
    const files = await archiveFiles(await download((latest as { downloadPath: string }).downloadPath, ada.cookie));

    const document = JSON.parse(files["data.json"]!) as { userId: string; sections: { table: string; file: string | null; rows: Record<string, unknown>[] }[] };
    expect(document.userId).toBe(ada.user.id);
    // One section per exported registry entry, in the registry's order, each with all the person's rows.
    expect(document.sections.map((section) => section.table)).toEqual(expected.map((entry) => entry.table));
    const withRows = expected.filter((entry) => entry.rows > 0);
    // The person left traces in many places: the test is not satisfied by an empty archive.
    expect(withRows.map((entry) => entry.key)).toEqual(
      expect.arrayContaining(["users", "departures", "exit_invitations", "alumni_profiles", "consent_events", "tracked_links", "link_clicks", "share_intents", "sessions", "audit_log"]),
    );
    expected.forEach((entry, index) => {
      const section = document.sections[index]!;
      expect(section.rows, entry.key).toHaveLength(entry.rows);
      if (entry.rows === 0) return expect(section.file).toBeNull();
      const csv = files[section.file!];
      expect(csv, `${entry.key}: ${section.file}`).toBeDefined();
      const parsed = Papa.parse<string[]>(csv!.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data).toHaveLength(entry.rows + 1);
      expect(parsed.data[0]).toEqual(Object.keys(section.rows[0]!));
    });
    // Exactly data.json and the CSV files the document names.
    expect(Object.keys(files).sort()).toEqual(["data.json", ...document.sections.flatMap((s) => (s.file ? [s.file] : []))].sort());

    const everything = Object.values(files).join("\n").toLowerCase();
    expect(everything).toContain(ada.workEmail.toLowerCase());
    expect(everything).toContain(ada.personalEmail.toLowerCase());
    for (const trace of [bob.user.id, bob.workEmail, bob.personalEmail, "Bob Otherperson", bob.departureId]) {
      expect(everything).not.toContain(trace.toLowerCase());
    }
  });

  it("mails the person a link that also needs their session: another person, a tampered or malformed token get 404", async () => {
    const ada = await makeMemberWithData();
    const path = await readyExport(ada.cookie);
    const email = await testDb()
      .selectFrom("emails")
      .select(["to_address", "template", "text", "user_id"])
      .where("template", "=", "data-export-ready")
      .executeTakeFirstOrThrow();
    expect(email).toMatchObject({ to_address: ada.user.email, user_id: ada.user.id });

    const intruder = await signIn(await createUser({ role: "alumnus" }));
    const refused = await download(path, intruder);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain(enData.download.notFoundTitle);

    const token = path.split("/").pop()!;
    const [id, expires, mac] = token.split(".") as [string, string, string];
    const tampered = [
      `${id}.${Number(expires) + 86_400}.${mac}`,
      `${id}.${expires}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`,
      `${id}.${expires}`,
      "not-a-token",
      `${"x".repeat(300)}`,
    ];
    for (const bad of tampered) {
      const response = await callLoader(downloadLoader, buildRequest(`/alumni/data/download/${bad}`, { cookie: ada.cookie }), { token: bad });
      expect(response.status, bad).toBe(404);
    }
    // Signed out: sent to sign in, nothing served.
    const anonymous = await callLoader(downloadLoader, buildRequest(path), { token }).catch((thrown: unknown) => thrown as Response);
    expect(anonymous.status).toBe(302);
  });

  it("downloading changes nothing but the access record", async () => {
    const ada = await makeMemberWithData();
    const path = await readyExport(ada.cookie);
    const before = await testDb().selectFrom("data_exports").selectAll().execute();
    await archiveFiles(await download(path, ada.cookie));
    await archiveFiles(await download(path, ada.cookie));
    expect(await testDb().selectFrom("data_exports").selectAll().execute()).toEqual(before);
    const reads = await testDb().selectFrom("audit_log").select(["action", "subject_id", "data"]).where("action", "=", "privacy.export_downloaded").execute();
    expect(reads).toEqual([
      { action: "privacy.export_downloaded", subject_id: before[0]!.id, data: {} },
      { action: "privacy.export_downloaded", subject_id: before[0]!.id, data: {} },
    ]);
  });

  it("expires after the retention setting's days: 410 once past, and the archive is gone after the retention job", async () => {
    await setRetentionSettings({ exportArchiveDays: 3 });
    const ada = await makeMemberWithData();
    await readyExport(ada.cookie);
    const row = await testDb().selectFrom("data_exports").select(["id", "ready_at", "expires_at"]).executeTakeFirstOrThrow();
    expect(row.expires_at!.getTime() - row.ready_at!.getTime()).toBe(3 * DAY_MS);

    // The same archive with its expiry moved into the past, and the link signed for that expiry.
    const past = new Date(Date.now() - 1000);
    await testDb().updateTable("data_exports").set({ expires_at: past }).where("id", "=", row.id).execute();
    const expiredPath = exportDownloadPath({ exportId: row.id, expiresAt: past });
    const expired = await download(expiredPath, ada.cookie);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain(enData.download.expiredTitle);
    expect((await page(ada.cookie)).latest?.state).toBe("expired");

    await runRetention(testDb(), { requestErasure });
    const after = await testDb().selectFrom("data_exports").select(["archive", "status"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ archive: null, status: "ready" });
    expect((await download(expiredPath, ada.cookie)).status).toBe(410);
  });

  it("keeps one request pending at a time and a few a day, and a newer archive replaces the older", async () => {
    const ada = await makeMemberWithData();
    expect((await askForExport(ada.cookie)).status).toBe(302);
    const second = await askForExport(ada.cookie);
    expect(second.status).toBe(409);
    expect(await testDb().selectFrom("data_exports").select("id").execute()).toHaveLength(1);
    expect((await page(ada.cookie)).latest?.state).toBe("pending");

    await runQueuedJobs([exportJob.name]);
    const first = await testDb().selectFrom("data_exports").select("id").executeTakeFirstOrThrow();
    await readyExport(ada.cookie);
    const rows = await testDb().selectFrom("data_exports").select(["id", sql<boolean>`archive is not null`.as("kept")]).orderBy("requested_at").execute();
    expect(rows).toEqual([
      { id: first.id, kept: false },
      { id: expect.any(String), kept: true },
    ]);

    await penalizeRateLimit("dataExportsByPerson", ada.user.id, 10);
    const throttled = await askForExport(ada.cookie);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await testDb().selectFrom("data_exports").select("id").execute()).toHaveLength(2);
  });

  it("shows what the portal holds, the request button and the way to delete the account", async () => {
    const ada = await makeMemberWithData();
    const data = await page(ada.cookie);
    expect(data.latest).toBeNull();
    expect(data.archiveDays).toBe(7);
    const tables = data.held.map((line) => line.table);
    expect(tables).toEqual(expect.arrayContaining(["users", "departures", "alumni_profiles", "consent_events"]));
    expect(data.held.every((line) => line.records > 0 && line.description.length > 0)).toBe(true);
  });

  it("belongs to members only: staff get 403, a leaver who has not joined is sent to the invitation", async () => {
    const staff = await signIn(await createUser({ role: "task_owner" }));
    const refused = await callLoader(dataLoader, buildRequest("/alumni/data", { cookie: staff })).catch((thrown: unknown) => thrown as Response);
    expect(refused.status).toBe(403);
    const leaver = await makeAlumniLeaver({ decision: null });
    const sent = await callLoader(dataLoader, buildRequest("/alumni/data", { cookie: leaver.cookie })).catch((thrown: unknown) => thrown as Response);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe("/exit/alumni");
    expect((await callAction(dataAction, buildRequest("/alumni/data", { cookie: leaver.cookie, form: { intent: "export" } })).catch((thrown: unknown) => thrown as Response)).status).toBe(302);
    expect(await testDb().selectFrom("data_exports").select("id").execute()).toEqual([]);
  });
});
