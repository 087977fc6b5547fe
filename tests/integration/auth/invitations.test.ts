import enFailures from "~/locales/en/failures.json";
import { sql } from "kysely";
import { action as peopleAction, loader as peopleLoader } from "~/routes/admin.people";
import { action as loginAction } from "~/routes/login._index";
import { action as setPasswordAction, loader as setPasswordLoader } from "~/routes/set-password.$token";
import { completePasswordSetup, inviteStaffUser } from "~/modules/auth/invitations.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { findUserByEmail, STAFF_PAGE_SIZE } from "~/modules/auth/users.server";
import enAuth from "~/locales/en/auth.json";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData, sessionCookieFrom } from "../../support/remix";
import { createUser, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const SET_PASSWORD_LINK = /http:\/\/localhost:3000\/set-password\/([a-z2-7]{32})/;
const NEW_PASSWORD = "a long new passphrase";

async function hrAdmin() {
  const admin = await createUser({ role: "hr_admin", name: "Hana Reyes" });
  return { admin, cookie: await signIn(admin) };
}

function invite(cookie: string, form: Record<string, string>) {
  return callAction(peopleAction, buildRequest("/admin/people", { form, cookie }));
}

async function fieldErrorsOf(response: Response): Promise<Record<string, string[]>> {
  return ((await response.json()) as { result: { error?: Record<string, string[]> } }).result.error ?? {};
}

function setPassword(token: string, form: Record<string, string>) {
  return callAction(setPasswordAction, buildRequest(`/set-password/${token}`, { form }), { token });
}

describe("inviting a colleague from /admin/people", () => {
  it("creates an invited account without a password and emails a link to choose one", async () => {
    const { admin, cookie } = await hrAdmin();
    const response = await invite(cookie, { name: "Grace Hopper", email: "grace@example.com", role: "task_owner" });

    expect(response.status).toBe(302);
    const user = await findUserByEmail(testDb(), "grace@example.com");
    expect(user).toMatchObject({ name: "Grace Hopper", role: "task_owner", status: "invited", password_hash: null });
    expect(response.headers.get("Location")).toBe(`/admin/people?invited=${user!.id}`);

    const sent = await testDb().selectFrom("emails").selectAll().executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ to_address: "grace@example.com", template: "staff-invitation", user_id: user!.id });
    expect(sent.text).toMatch(SET_PASSWORD_LINK);
    expect(sent.text).toContain("Hana Reyes");

    const token = await testDb().selectFrom("one_time_tokens").selectAll().executeTakeFirstOrThrow();
    expect(token.purpose).toBe("password_setup");
    const hours = (token.expires_at.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const audit = await testDb().selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "auth.staff_invited", actor_user_id: admin.id, subject_id: user!.id });
    expect(audit.data).toEqual({ role: "task_owner", via: "web" });
  });

  it("lists staff with name, email, role and status, and names the person just invited", async () => {
    const { cookie } = await hrAdmin();
    await createUser({ role: "alumnus", name: "Not Staff" });
    await invite(cookie, { name: "Grace Hopper", email: "grace@example.com", role: "hr_admin" });
    const user = await findUserByEmail(testDb(), "grace@example.com");

    const response = await callLoader(peopleLoader, buildRequest(`/admin/people?invited=${user!.id}`, { cookie }));
    expect(response.status).toBe(200);
    const data = await loaderData<typeof peopleLoader>(response);
    expect(data.people.map((p) => [p.name, p.role, p.status])).toEqual([
      ["Grace Hopper", "hr_admin", "invited"],
      ["Hana Reyes", "hr_admin", "active"],
    ]);
    expect(data.invited).toEqual({ id: user!.id, name: "Grace Hopper", email: "grace@example.com", emailQueued: true });
  });

  it("lists staff STAFF_PAGE_SIZE at a time by name, and still names the person just invited when on another page", async () => {
    const { admin: hana, cookie } = await hrAdmin();
    await createUser({ role: "alumnus", name: "Aaron Not Staff" });
    // Hana Reyes (the admin) sorts after every "Colleague NN": she is alone on page 2.
    for (let i = 0; i < STAFF_PAGE_SIZE; i += 1) await createUser({ role: "task_owner", name: `Colleague ${String(i).padStart(2, "0")}` });

    const first = await loaderData<typeof peopleLoader>(await callLoader(peopleLoader, buildRequest(`/admin/people?invited=${hana.id}`, { cookie })));
    expect(first.people.map((p) => p.name)).toEqual(Array.from({ length: STAFF_PAGE_SIZE }, (_, i) => `Colleague ${String(i).padStart(2, "0")}`));
    expect([first.page, first.pageCount]).toEqual([1, 2]);
    expect(first.invited).toMatchObject({ id: hana.id, name: "Hana Reyes" });

    const second = await loaderData<typeof peopleLoader>(await callLoader(peopleLoader, buildRequest("/admin/people?page=2", { cookie })));
    expect(second.people.map((p) => p.name)).toEqual(["Hana Reyes"]);
    expect([second.page, second.pageCount, second.invited]).toEqual([2, 2, null]);
  });

  it("names no one for an invited id that is not a staff account, and answers a page number that is not one with the first page, the problem named, as a 400", async () => {
    const { cookie } = await hrAdmin();
    const alumnus = await createUser({ role: "alumnus" });
    const data = await loaderData<typeof peopleLoader>(await callLoader(peopleLoader, buildRequest(`/admin/people?invited=${alumnus.id}`, { cookie })));
    expect(data.invited).toBeNull();

    for (const page of ["0", "abc", "1.5", "10001"]) {
      const response = await callLoader(peopleLoader, buildRequest(`/admin/people?page=${page}`, { cookie }));
      expect(response.status).toBe(400);
      // The first page, with what was wrong named.
      const shown = await loaderData<typeof peopleLoader>(response);
      expect([page, shown.pageError, shown.page]).toEqual([page, "The page must be a whole number between 1 and 10000.", 1]);
      expect(shown.people.length).toBeGreaterThan(0);
    }
  });

  it("refuses an address that already has an account, whatever its case, with a field error", async () => {
    const { cookie } = await hrAdmin();
    await createUser({ role: "alumnus", email: "grace@example.com" });
    const response = await invite(cookie, { name: "Grace", email: "GRACE@example.com", role: "task_owner" });
    expect(response.status).toBe(400);
    expect(await fieldErrorsOf(response)).toEqual({ email: [enFailures.auth.emailInUse] });
    expect(await testDb().selectFrom("emails").selectAll().execute()).toEqual([]);
  });

  it.each(["superuser", "alumnus", "leaver", ""])("answers the crafted role %j with 400 and a field error", async (role) => {
    const { cookie } = await hrAdmin();
    const response = await invite(cookie, { name: "Grace", email: "grace@example.com", role });
    expect(response.status).toBe(400);
    expect(await fieldErrorsOf(response)).toEqual({ role: [enAuth.validation.roleInvalid] });
    expect(await findUserByEmail(testDb(), "grace@example.com")).toBeUndefined();
  });

  it("answers a 10,000-character email with 400 and the length message", async () => {
    const { cookie } = await hrAdmin();
    const response = await invite(cookie, { name: "Grace", email: `${"g".repeat(10_000)}@example.com`, role: "task_owner" });
    expect(response.status).toBe(400);
    expect(await fieldErrorsOf(response)).toEqual({ email: ["The email address is too long: use at most 254 characters."] });
  });

  it("names every missing field", async () => {
    const { cookie } = await hrAdmin();
    const response = await invite(cookie, {});
    expect(response.status).toBe(400);
    expect(await fieldErrorsOf(response)).toEqual({
      name: [enAuth.validation.nameRequired],
      email: [enAuth.validation.emailRequired],
      role: [enAuth.validation.roleInvalid],
    });
  });

  describe("who may use the page", () => {
    it("gives a task owner 403 from the loader and the action", async () => {
      const owner = await createUser({ role: "task_owner" });
      const cookie = await signIn(owner);
      expect((await callLoader(peopleLoader, buildRequest("/admin/people", { cookie }))).status).toBe(403);
      const posted = await invite(cookie, { name: "Grace", email: "grace@example.com", role: "hr_admin" });
      expect(posted.status).toBe(403);
      expect(await findUserByEmail(testDb(), "grace@example.com")).toBeUndefined();
    });

    it("sends an anonymous visitor to /login with a way back", async () => {
      const response = await callLoader(peopleLoader, buildRequest("/admin/people"));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fpeople");
    });
  });
});

describe("inviteStaffUser (as the CLI calls it)", () => {
  it("returns the account and a working set-password URL without needing an inviter", async () => {
    const { user, setupUrl } = await inviteStaffUser({ email: "ada@example.com", name: "Ada", role: "hr_admin" });
    expect(user.status).toBe("invited");
    expect(setupUrl).toMatch(/^http:\/\/localhost:3000\/set-password\/[a-z2-7]{32}$/);
    const token = setupUrl.split("/").at(-1)!;
    expect(await (await callLoader(setPasswordLoader, buildRequest(`/set-password/${token}`), { token })).json()).toEqual({
      problem: null,
    });
  });

  it("refuses a duplicate address with the conflict auth.emailInUse about the email field", async () => {
    await createUser({ email: "ada@example.com" });
    await expect(inviteStaffUser({ email: "ada@example.com", name: "Ada", role: "hr_admin" })).rejects.toMatchObject({
      kind: "conflict",
      failures: [{ code: "auth.emailInUse", field: "email" }],
    });
  });

  it("refuses bad input as invalid, with a code for each bad field (ADR 013)", async () => {
    const attempt = inviteStaffUser({ email: "nope", name: "", role: "superuser" as "hr_admin" });
    await expect(attempt).rejects.toMatchObject({
      kind: "invalid",
      failures: [
        { code: "auth.nameRequired", field: "name" },
        { code: "auth.emailInvalid", field: "email" },
        { code: "auth.roleInvalid", field: "role" },
      ],
    });
    await expect(inviteStaffUser({ email: "ada@example.com", name: "A".repeat(201), role: "hr_admin" })).rejects.toMatchObject({
      failures: [{ code: "auth.nameTooLong", field: "name", values: { max: 200 } }],
    });
    expect(await testDb().selectFrom("users").select("id").execute()).toEqual([]);
  });
});

describe("choosing a password from the invitation", () => {
  async function invitedToken() {
    const { setupUrl, user } = await inviteStaffUser({ email: "grace@example.com", name: "Grace", role: "task_owner" });
    return { token: setupUrl.match(SET_PASSWORD_LINK)![1]!, user };
  }

  it("shows the form on GET without using the link", async () => {
    const { token } = await invitedToken();
    const response = await callLoader(setPasswordLoader, buildRequest(`/set-password/${token}`), { token });
    expect(response.status).toBe(200);
    const row = await testDb().selectFrom("one_time_tokens").select("used_at").executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it("activates the account, signs the person in, and lets them sign in with the password later", async () => {
    const { token, user } = await invitedToken();
    const response = await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tasks");
    expect(sessionCookieFrom(response)).toBeDefined();
    const stored = await findUserByEmail(testDb(), "grace@example.com");
    expect(stored!.status).toBe("active");
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored!.password_hash!, NEW_PASSWORD)).toBe(true);

    const signedIn = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: "grace@example.com", password: NEW_PASSWORD } }),
    );
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("Location")).toBe("/tasks");

    const audit = await testDb().selectFrom("audit_log").select(["action", "data"]).where("subject_id", "=", user.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["auth.staff_invited", "auth.password_set", "auth.sign_in"]);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it("ends the account's other sessions when the password is set", async () => {
    const { token, user } = await invitedToken();
    await signIn(user);
    await signIn(user);
    const response = await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    const sessions = await testDb().selectFrom("sessions").select("user_id").execute();
    expect(sessions).toHaveLength(1);
    expect(sessionCookieFrom(response)).toBeDefined();
  });

  it("refuses a short password and a mismatched confirmation beside the fields, keeping the link usable", async () => {
    const { token } = await invitedToken();
    const short = await setPassword(token, { password: "short", confirmPassword: "short" });
    expect(short.status).toBe(400);
    expect(await fieldErrorsOf(short)).toEqual({ password: ["Use a password of at least 10 characters."] });

    const mismatch = await setPassword(token, { password: NEW_PASSWORD, confirmPassword: "something else entirely" });
    expect(mismatch.status).toBe(400);
    const body = await mismatch.text();
    expect(JSON.parse(body).result.error).toEqual({ confirmPassword: [enAuth.validation.passwordsDoNotMatch] });
    expect(body).not.toContain(NEW_PASSWORD);

    expect((await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
  });

  it("refuses a short password given to the domain directly with a code, leaving the link unused", async () => {
    const { token } = await invitedToken();
    await expect(completePasswordSetup({ token, password: "short" })).rejects.toMatchObject({
      kind: "invalid",
      failures: [{ code: "auth.passwordTooShort", field: "password", values: { min: 10 } }],
    });
    const row = await testDb().selectFrom("one_time_tokens").select("used_at").executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it("names both missing fields", async () => {
    const { token } = await invitedToken();
    const response = await setPassword(token, {});
    expect(await fieldErrorsOf(response)).toEqual({
      password: [enAuth.validation.newPasswordRequired],
      confirmPassword: [enAuth.validation.confirmPasswordRequired],
    });
  });

  it("says the link was used when it is posted twice", async () => {
    const { token } = await invitedToken();
    await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    const again = await setPassword(token, { password: "another passphrase", confirmPassword: "another passphrase" });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { problem: string }).problem).toBe("used");
  });

  it("says the link expired after 72 hours", async () => {
    const { token } = await invitedToken();
    await testDb().updateTable("one_time_tokens").set({ expires_at: sql<Date>`now() - interval '1 minute'` }).execute();
    const page = await callLoader(setPasswordLoader, buildRequest(`/set-password/${token}`), { token });
    expect(page.status).toBe(410);
    expect(await page.json()).toEqual({ problem: "expired" });
    const posted = await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(((await posted.json()) as { problem: string }).problem).toBe("expired");
    expect((await findUserByEmail(testDb(), "grace@example.com"))!.status).toBe("invited");
  });

  it("refuses an 11th attempt on one link within the hour with 429, even a valid one", async () => {
    const { token } = await invitedToken();
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await setPassword(token, { password: "short", confirmPassword: "short" })).status).toBe(400);
    }
    const throttled = await setPassword(token, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(throttled.status).toBe(429);
    const body = (await throttled.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error[""]![0]).toMatch(/^Too many attempts\. Try again in (59|60) minutes\.$/);
    expect((await findUserByEmail(testDb(), "grace@example.com"))!.status).toBe("invited");
  });
});
