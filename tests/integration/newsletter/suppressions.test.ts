import { hasConsent } from "~/modules/alumni/consents.server";
import { listSuppressions, suppressAddress } from "~/modules/newsletter/suppressions.server";
import { unsubscribe } from "~/modules/newsletter/unsubscribe.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { action, loader } from "~/routes/admin.newsletter.suppressions";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, makeAlumnus, makeIssueInDelivery, signIn } from "../../factories";

useTestDatabase();

async function hrCookie(locale: "en" | "fr" = "en") {
  const hr = await createUser({ role: "hr_admin", locale });
  return { hr, cookie: await signIn(hr) };
}

const post = (cookie: string, form: Record<string, string>) => callAction(action, buildRequest("/admin/newsletter/suppressions", { cookie, form }));
const open = (cookie: string, query = "") => callLoader(loader, buildRequest(`/admin/newsletter/suppressions${query}`, { cookie }));

async function auditActions() {
  return testDb().selectFrom("audit_log").select(["action", "actor_user_id", "data"]).where("action", "like", "newsletter.%").orderBy("id").execute();
}

describe("HR's suppression list", () => {
  it("adds an address by hand with a note, audited without the address", async () => {
    const { hr, cookie } = await hrCookie();
    const response = await post(cookie, { intent: "add", email: " Someone@Example.ORG ", note: "Asked by letter on 2 December" });
    expect(response.status).toBe(302);
    const row = await testDb().selectFrom("email_suppressions").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: "someone@example.org", reason: "manual", detail: "Asked by letter on 2 December", created_by: hr.id });
    const audit = await auditActions();
    expect(audit).toEqual([{ action: "newsletter.suppression_added", actor_user_id: hr.id, data: { reason: "manual" } }]);
    expect(JSON.stringify(audit)).not.toContain("someone@");
  });

  it("answers a bad address or a long note beside the field, in the admin's language", async () => {
    const { cookie } = await hrCookie("fr");
    const response = await post(cookie, { intent: "add", email: "not an address", note: "x".repeat(501) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.email).toEqual(["Saisissez une adresse e-mail comme nom@exemple.fr."]);
    expect(body.result.error.note).toEqual(["La note doit faire 500 caractères au plus."]);
    expect(await testDb().selectFrom("email_suppressions").selectAll().execute()).toEqual([]);
  });

  it("refuses an address already suppressed and keeps its reason", async () => {
    const { cookie } = await hrCookie();
    await suppressAddress(testDb(), { email: "gone@example.org", reason: "hard_bounce", detail: "550 no such user" });
    const response = await post(cookie, { intent: "add", email: "gone@example.org", note: "" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.email).toEqual(["This address is already suppressed; its reason is kept."]);
    expect(await testDb().selectFrom("email_suppressions").select("reason").execute()).toEqual([{ reason: "hard_bounce" }]);
  });

  it("says why an address is suppressed, however it is typed", async () => {
    const { cookie } = await hrCookie();
    const issue = await makeIssueInDelivery({ subject: "Autumn news" });
    await suppressAddress(testDb(), { email: "gone@example.org", reason: "hard_bounce", issueId: issue.id, detail: "550 no such user" });
    const found = (await (await open(cookie, "?email=GONE%40example.org")).json()) as { search: { row: Record<string, unknown> } };
    expect(found.search.row).toMatchObject({ email: "gone@example.org", reason: "hard_bounce", issueSubject: "Autumn news", detail: "550 no such user" });
    const missing = (await (await open(cookie, "?email=nobody%40example.org")).json()) as { search: { row: null; error: null } };
    expect(missing.search).toMatchObject({ row: null, error: null });
    const bad = (await (await open(cookie, "?email=%20")).json()) as { search: { error: string } };
    expect(bad.search.error).toBe("Enter an email address.");
  });

  it("lifting an unsubscribe removes the row, is audited, and does not subscribe the person again", async () => {
    const { hr, cookie } = await hrCookie();
    const alumnus = await makeAlumnus({ consents: ["newsletter"] });
    const issue = await makeIssueInDelivery();
    await unsubscribe(testDb(), { token: unsubscribeToken({ issueId: issue.id, userId: alumnus.id }), ip: null });
    const { email } = await testDb().selectFrom("email_suppressions").select("email").executeTakeFirstOrThrow();
    const response = await post(cookie, { intent: "lift", email });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/newsletter/suppressions?notice=liftedUnsubscribed");
    expect(await testDb().selectFrom("email_suppressions").selectAll().execute()).toEqual([]);
    expect(await hasConsent(testDb(), alumnus.id, "newsletter")).toBe(false);
    expect((await auditActions()).at(-1)).toEqual({ action: "newsletter.suppression_lifted", actor_user_id: hr.id, data: { reason: "unsubscribed" } });
  });

  it("lifting an address not on the list is refused with a message", async () => {
    const { cookie } = await hrCookie();
    const response = await post(cookie, { intent: "lift", email: "nobody@example.org" });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error[""]).toEqual(["This address is not on the suppression list."]);
  });

  it("an unknown intent is a 400, and the page is HR's only", async () => {
    const { cookie } = await hrCookie();
    expect((await post(cookie, { intent: "drop-table" })).status).toBe(400);
    const alumnus = await makeAlumnus();
    expect((await open(await signIn(alumnus))).status).toBe(403);
    expect((await post(await signIn(alumnus), { intent: "add", email: "x@example.org" })).status).toBe(403);
  });

  it("lists the newest first, a page at a time, by keyset", async () => {
    const db = testDb();
    for (const [n, at] of ["2026-12-01T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-03T10:00:00Z"].entries()) {
      await db.insertInto("email_suppressions").values({ email: `a${n}@example.org`, reason: "manual", created_at: at }).execute();
    }
    const first = await listSuppressions(db, { limit: 2 });
    expect(first.rows.map((row) => row.email)).toEqual(["a3@example.org", "a2@example.org"]);
    const second = await listSuppressions(db, { limit: 2, after: first.next });
    expect(second.rows.map((row) => row.email)).toEqual(["a1@example.org", "a0@example.org"]);
    expect(second.next).toBeNull();
    const { cookie } = await hrCookie();
    const paged = (await (await open(cookie, `?beforeAt=${encodeURIComponent("2026-12-02T10:00:00.000Z")}&beforeEmail=a2%40example.org`)).json()) as { rows: { email: string }[] };
    expect(paged.rows.map((row) => row.email)).toEqual(["a1@example.org", "a0@example.org"]);
    const garbled = (await (await open(cookie, "?beforeAt=yesterday&beforeEmail=")).json()) as { rows: unknown[] };
    expect(garbled.rows).toHaveLength(4);
  });
});
