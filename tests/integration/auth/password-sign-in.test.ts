import { action, loader } from "~/routes/login._index";
import { hashToken } from "~/modules/auth/tokens.server";
import enAuth from "~/locales/en/auth.json";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, sessionCookieFrom } from "../../support/remix";
import { createUser, signIn } from "../../factories";

useTestDatabase();

const PASSWORD = "correct horse battery";

function postLogin(form: Record<string, string>, options: { query?: string; cookie?: string } = {}) {
  return callAction(action, buildRequest(`/login${options.query ?? ""}`, { form, cookie: options.cookie }));
}

async function formErrorsOf(response: Response): Promise<string[]> {
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error?.[""] ?? [];
}

async function fieldErrorsOf(response: Response): Promise<Record<string, string[]>> {
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error ?? {};
}

describe("staff password sign-in", () => {
  it("signs an HR admin in with an HttpOnly, SameSite=Lax session cookie and sends them to the admin home", async () => {
    const user = await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    const response = await postLogin({ email: "hana@example.com", password: PASSWORD });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^session=[a-z2-7]{32};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const sessions = await testDb().selectFrom("sessions").selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.user_id).toBe(user.id);
    expect(sessions[0]!.id).toBe(hashToken(sessionCookieFrom(response)!.split("=")[1]!));
  });

  it("starts a new session with a new id at every sign-in (no session fixation)", async () => {
    await createUser({ role: "task_owner", email: "ivan@example.com", password: PASSWORD });
    const first = sessionCookieFrom(await postLogin({ email: "ivan@example.com", password: PASSWORD }));
    const second = sessionCookieFrom(await postLogin({ email: "ivan@example.com", password: PASSWORD }, { cookie: first }));
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // Signing in over an existing session ends the old one.
    const ids = (await testDb().selectFrom("sessions").select("id").execute()).map((row) => row.id);
    expect(ids).toEqual([hashToken(second!.split("=")[1]!)]);
  });

  it("accepts the address in any case", async () => {
    await createUser({ role: "task_owner", email: "Ivan.Torres@Example.com", password: PASSWORD });
    const response = await postLogin({ email: "ivan.torres@EXAMPLE.com", password: PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tasks");
  });

  it("returns to an on-site redirectTo after signing in", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    const response = await postLogin({ email: "hana@example.com", password: PASSWORD, redirectTo: "/admin/people?x=1" });
    expect(response.headers.get("Location")).toBe("/admin/people?x=1");
  });

  it.each(["//evil.com", "https://evil.com", "/\\evil.com", "/..//evil.com", "javascript:alert(1)"])(
    "ignores the forged redirectTo %s and goes to the role's home",
    async (forged) => {
      await createUser({ role: "task_owner", email: "ivan@example.com", password: PASSWORD });
      const response = await postLogin({ email: "ivan@example.com", password: PASSWORD, redirectTo: forged });
      expect(response.headers.get("Location")).toBe("/tasks");
    },
  );

  it("answers a wrong password with 400 and a message, and starts no session", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    const response = await postLogin({ email: "hana@example.com", password: "not the password" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await formErrorsOf(response)).toEqual([enAuth.errors.invalidCredentials]);
    expect(await testDb().selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("gives an unknown address exactly the same answer as a wrong password", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    const known = await postLogin({ email: "hana@example.com", password: "not the password" });
    const unknown = await postLogin({ email: "nobody@example.com", password: "not the password" });
    expect(unknown.status).toBe(known.status);
    const knownBody = (await known.json()) as { result: { error: unknown } };
    const unknownBody = (await unknown.json()) as { result: { error: unknown } };
    expect(unknownBody.result.error).toEqual(knownBody.result.error);
  });

  it("never echoes the password back in the 400 answer", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    const response = await postLogin({ email: "hana@example.com", password: "secret-guess-123" });
    expect(await response.text()).not.toContain("secret-guess-123");
  });

  it("refuses a password for an alumnus, who signs in by link only, with the ordinary answer", async () => {
    await createUser({ role: "alumnus", email: "alex@example.net", password: PASSWORD });
    const response = await postLogin({ email: "alex@example.net", password: PASSWORD });
    expect(response.status).toBe(400);
    expect(await formErrorsOf(response)).toEqual([enAuth.errors.invalidCredentials]);
  });

  it("tells a disabled staff member with the right password that the account is not active", async () => {
    await createUser({ role: "task_owner", email: "gone@example.com", password: PASSWORD, status: "disabled" });
    const response = await postLogin({ email: "gone@example.com", password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await formErrorsOf(response)).toEqual([enAuth.errors.inactive]);
  });

  it("refuses a sixth attempt after five failures for one address with 429 and the wait in minutes, even with the right password", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await postLogin({ email: "hana@example.com", password: `wrong-${attempt}` });
      expect(response.status).toBe(400);
    }
    const throttled = await postLogin({ email: "hana@example.com", password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("Set-Cookie")).toBeNull();
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    const [message] = await formErrorsOf(throttled);
    expect(message).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);
  });

  it("throttles an unknown address the same way as a known one", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await postLogin({ email: "nobody@example.com", password: `wrong-${attempt}` });
    expect((await postLogin({ email: "nobody@example.com", password: "wrong-6" })).status).toBe(429);
  });

  it("refuses a 21st failure from one IP across different addresses", async () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await postLogin({ email: `guess-${attempt}@example.com`, password: "wrong" })).status).toBe(400);
    }
    expect((await postLogin({ email: "fresh@example.com", password: "wrong" })).status).toBe(429);
  });

  it("forgets an address's failures once its owner signs in", async () => {
    await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    for (let attempt = 1; attempt <= 4; attempt++) await postLogin({ email: "hana@example.com", password: `wrong-${attempt}` });
    expect((await postLogin({ email: "hana@example.com", password: PASSWORD })).status).toBe(302);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await postLogin({ email: "hana@example.com", password: `wrong-again-${attempt}` })).status).toBe(400);
    }
    expect((await postLogin({ email: "hana@example.com", password: PASSWORD })).status).toBe(302);
  });

  it("keeps no raw address or IP in the rate-limit table", async () => {
    await postLogin({ email: "hana@example.com", password: "wrong" });
    const rows = await testDb().selectFrom("rate_limits").selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain("hana");
    expect(stored).not.toContain("127.0.0.1");
  });

  it("records sign-ins and failures in the audit log without personal data", async () => {
    const user = await createUser({ role: "hr_admin", email: "hana@example.com", password: PASSWORD });
    await postLogin({ email: "hana@example.com", password: "wrong password" });
    await postLogin({ email: "hana@example.com", password: PASSWORD });
    const entries = await testDb().selectFrom("audit_log").selectAll().orderBy("id").execute();
    expect(entries.map((e) => [e.action, e.subject_id, e.data])).toEqual([
      ["auth.sign_in_failed", user.id, { method: "password" }],
      ["auth.sign_in", user.id, { method: "password" }],
    ]);
    expect(JSON.stringify(entries)).not.toContain("hana@example.com");
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  describe("crafted input", () => {
    it("answers a 10,000-character email with 400 and the length message", async () => {
      const response = await postLogin({ email: `${"a".repeat(10_000)}@example.com`, password: "whatever" });
      expect(response.status).toBe(400);
      expect((await fieldErrorsOf(response)).email).toEqual([enAuth.validation.emailTooLong.replace("{{max}}", "254")]);
    });

    it("names each missing field", async () => {
      const response = await postLogin({});
      expect(response.status).toBe(400);
      expect(await fieldErrorsOf(response)).toEqual({
        email: [enAuth.validation.emailRequired],
        password: [enAuth.validation.passwordRequired],
      });
    });

    it("asks for an address like name@example.com", async () => {
      const response = await postLogin({ email: "not-an-address", password: "x" });
      expect((await fieldErrorsOf(response)).email).toEqual(["Enter an email address like name@example.com."]);
    });

    it("answers a JSON body with 400 field errors, not a 500", async () => {
      const request = buildRequest("/login", { json: { email: "hana@example.com", password: PASSWORD } });
      const response = await callAction(action, request);
      expect(response.status).toBe(400);
      expect(Object.keys(await fieldErrorsOf(response)).sort()).toEqual(["email", "password"]);
    });

    it("answers in French for a French visitor", async () => {
      const request = buildRequest("/login", { form: {}, headers: { "Accept-Language": "fr" } });
      const response = await callAction(action, request);
      expect((await fieldErrorsOf(response)).email).toEqual(["Saisissez votre adresse e-mail."]);
    });
  });

  describe("the page", () => {
    it("sends a signed-in user to their home instead of showing the form", async () => {
      const user = await createUser({ role: "alumnus" });
      const response = await callLoader(loader, buildRequest("/login", { cookie: await signIn(user) }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/alumni");
    });

    it("shows the form to an anonymous visitor", async () => {
      const response = await callLoader(loader, buildRequest("/login"));
      expect(response.status).toBe(200);
    });
  });
});
