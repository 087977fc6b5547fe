import { sql } from "kysely";
import { action as requestAction } from "~/routes/login.link";
import { action as magicAction, loader as magicLoader } from "~/routes/login.magic.$token";
import { hashToken } from "~/modules/auth/tokens.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import enAuth from "~/locales/en/auth.json";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, sessionCookieFrom } from "../../support/remix";
import { createUser } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const MAGIC_LINK = /http:\/\/localhost:3000\/login\/magic\/([a-z2-7]{32})/;

/** Posts the form, then runs the background job that looks the address up and emails the link. */
async function askForLink(email: string, extra: Record<string, string> = {}) {
  const response = await callAction(requestAction, buildRequest("/login/link", { form: { email, ...extra } }));
  await runQueuedJobs(["auth.magic-link"]);
  return response;
}

async function emails() {
  return testDb().selectFrom("emails").selectAll().orderBy("created_at").execute();
}

/** Asks for a link for the address and returns the token from the email it queued. */
async function linkTokenFor(email: string, extra: Record<string, string> = {}) {
  await askForLink(email, extra);
  const sent = (await emails()).filter((row) => row.to_address === email).at(-1);
  const token = sent?.text.match(MAGIC_LINK)?.[1];
  if (!token) throw new Error(`no magic link was emailed to ${email}`);
  return token;
}

function openLink(token: string) {
  return callLoader(magicLoader, buildRequest(`/login/magic/${token}`), { token });
}

function pressContinue(token: string, cookie?: string) {
  return callAction(magicAction, buildRequest(`/login/magic/${token}`, { method: "POST", form: {}, cookie }), { token });
}

describe("asking for a sign-in link", () => {
  it("emails a known alumnus a link to /login/magic/<token>, in their language, and stores only the token's hash", async () => {
    const alumnus = await createUser({ role: "alumnus", email: "alex@example.net", locale: "fr" });
    const response = await askForLink("alex@example.net");

    expect(response.status).toBe(200);
    const [sent, ...others] = await emails();
    expect(others).toEqual([]);
    expect(sent).toMatchObject({ to_address: "alex@example.net", template: "magic-link", locale: "fr", user_id: alumnus.id, status: "queued" });
    const token = sent!.text.match(MAGIC_LINK)?.[1];
    expect(token).toBeDefined();
    expect(sent!.html).toContain(`href="http://localhost:3000/login/magic/${token}"`);
    const stored = await testDb().selectFrom("one_time_tokens").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ token_hash: hashToken(token!), purpose: "magic_link", user_id: alumnus.id, used_at: null });
    const lifetime = stored[0]!.expires_at.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it("answers an unknown address exactly as a known one and sends nothing", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const known = await askForLink("alex@example.net");
    const unknown = await askForLink("nobody@example.net");

    expect(unknown.status).toBe(known.status);
    const knownBody = (await known.json()) as { sentTo: string; result: { status: string } };
    const unknownBody = (await unknown.json()) as { sentTo: string; result: { status: string } };
    expect(unknownBody.result).toEqual(knownBody.result);
    expect(unknownBody.sentTo).toBe("nobody@example.net");
    expect((await emails()).map((row) => row.to_address)).toEqual(["alex@example.net"]);
  });

  it("does the same work in the request for known and unknown addresses: the lookup happens in the background job", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    await callAction(requestAction, buildRequest("/login/link", { form: { email: "alex@example.net" } }));
    expect(await testDb().selectFrom("one_time_tokens").selectAll().execute()).toEqual([]);
    expect(await emails()).toEqual([]);
    expect(await runQueuedJobs(["auth.magic-link"])).toBe(1);
    expect((await emails()).map((row) => row.to_address)).toEqual(["alex@example.net"]);
  });

  it("sends nothing to a staff address or a disabled account, with the same answer", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: "a password 123" });
    await createUser({ role: "leaver", email: "gone@example.com", status: "disabled" });
    for (const email of ["hana@example.com", "gone@example.com"]) {
      const response = await askForLink(email);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { sentTo: string }).sentTo).toBe(email);
    }
    expect(await emails()).toEqual([]);
  });

  it("emails a leaver too", async () => {
    await createUser({ role: "leaver", email: "sam@example.com" });
    await askForLink("sam@example.com");
    expect((await emails()).map((row) => row.template)).toEqual(["magic-link"]);
  });

  it("refuses a sixth request for one address within the hour with 429 and the wait", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    for (let attempt = 1; attempt <= 5; attempt++) expect((await askForLink("alex@example.net")).status).toBe(200);
    const throttled = await askForLink("alex@example.net");
    expect(throttled.status).toBe(429);
    const body = (await throttled.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error[""]![0]).toMatch(/^Too many attempts\. Try again in (59|60) minutes\.$/);
    expect(await emails()).toHaveLength(5);
  });

  it("answers a 10,000-character address with 400 and the length message", async () => {
    const response = await askForLink(`${"a".repeat(10_000)}@example.com`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.email).toEqual(["The email address is too long: use at most 254 characters."]);
  });

  it("names the missing address", async () => {
    const response = await callAction(requestAction, buildRequest("/login/link", { form: {} }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error).toEqual({ email: [enAuth.validation.emailRequired] });
  });
});

describe("using a sign-in link", () => {
  it("shows a Continue page on GET and leaves the link usable (mail scanners open links)", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");

    for (let scan = 0; scan < 3; scan++) {
      const page = await openLink(token);
      expect(page.status).toBe(200);
      expect(await page.json()).toEqual({ problem: null, minutes: 15 });
      expect(page.headers.get("Set-Cookie")).toBeNull();
    }
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toEqual([]);
    const row = await testDb().selectFrom("one_time_tokens").select("used_at").executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it("signs in on POST and lands on the alumni home with a new session", async () => {
    const alumnus = await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");
    const response = await pressContinue(token);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/alumni");
    const cookie = sessionCookieFrom(response);
    expect(cookie).toBeDefined();
    const sessions = await testDb().selectFrom("sessions").selectAll().execute();
    expect(sessions.map((s) => [s.id, s.user_id])).toEqual([[hashToken(cookie!.split("=")[1]!), alumnus.id]]);
    const audit = await testDb().selectFrom("audit_log").select(["action", "data"]).orderBy("id").execute();
    expect(audit.map((entry) => entry.action)).toEqual(["auth.magic_link_sent", "auth.sign_in"]);
    expect(audit[1]!.data).toEqual({ method: "magic_link" });
  });

  it("lands on the page the person was trying to reach", async () => {
    await createUser({ role: "leaver", email: "sam@example.com" });
    const token = await linkTokenFor("sam@example.com", { redirectTo: "/exit/survey?step=2" });
    expect((await pressContinue(token)).headers.get("Location")).toBe("/exit/survey?step=2");
  });

  it("drops a forged redirectTo and lands on the role's home", async () => {
    await createUser({ role: "leaver", email: "sam@example.com" });
    const token = await linkTokenFor("sam@example.com", { redirectTo: "//evil.com" });
    expect((await pressContinue(token)).headers.get("Location")).toBe("/exit");
  });

  it("says 'already used' on a second POST and offers a new link", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");
    expect((await pressContinue(token)).status).toBe(302);

    const again = await pressContinue(token);
    expect(again.status).toBe(410);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(await again.json()).toEqual({ problem: "used" });
    expect(await (await openLink(token)).json()).toEqual({ problem: "used", minutes: 15 });
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toHaveLength(1);
  });

  it("says 'expired' for a link older than 15 minutes and signs nobody in", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");
    await testDb()
      .updateTable("one_time_tokens")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .execute();

    const page = await openLink(token);
    expect(page.status).toBe(410);
    // The page says how long links work: the number comes from the loader (see server-only-imports.test.ts).
    expect(await page.json()).toEqual({ problem: "expired", minutes: 15 });
    const pressed = await pressContinue(token);
    expect(pressed.status).toBe(410);
    expect(await pressed.json()).toEqual({ problem: "expired" });
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("says 'unknown' for a link that was never issued, or a malformed one", async () => {
    for (const token of ["abcdefghijklmnopqrstuvwxyz234567", "not-a-token"]) {
      const page = await openLink(token);
      expect(page.status).toBe(404);
      expect(await page.json()).toEqual({ problem: "unknown", minutes: 15 });
      expect(await (await pressContinue(token)).json()).toEqual({ problem: "unknown" });
    }
  });

  it("retires the older link when a newer one is sent", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const older = await linkTokenFor("alex@example.net");
    const newer = await linkTokenFor("alex@example.net");
    expect(newer).not.toBe(older);
    expect(await (await pressContinue(older)).json()).toEqual({ problem: "used" });
    expect((await pressContinue(newer)).status).toBe(302);
  });

  it("lets only one of two simultaneous POSTs sign in", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");
    const results = await Promise.all([pressContinue(token), pressContinue(token)]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 410]);
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toHaveLength(1);
  });

  it("refuses an account disabled after the link was sent", async () => {
    const alumnus = await createUser({ role: "alumnus", email: "alex@example.net" });
    const token = await linkTokenFor("alex@example.net");
    await testDb().updateTable("users").set({ status: "disabled" }).where("id", "=", alumnus.id).execute();
    const response = await pressContinue(token);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ problem: "inactive" });
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toEqual([]);
  });
});
