import { action, loader } from "~/routes/logout";
import { hashToken } from "~/modules/auth/tokens.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, signIn } from "../../factories";

useTestDatabase();

async function sessionIds() {
  return (await testDb().selectFrom("sessions").select("id").orderBy("id").execute()).map((row) => row.id);
}

function idOf(cookie: string) {
  return hashToken(cookie.split("=")[1]!);
}

describe("signing out", () => {
  it("ends this session only, clears the cookie and goes home", async () => {
    const user = await createUser({ role: "hr_admin" });
    const here = await signIn(user);
    const laptop = await signIn(user);

    const response = await callAction(action, buildRequest("/logout", { form: {}, cookie: here }));

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/^session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    expect(await sessionIds()).toEqual([idOf(laptop)]);
    const audit = await testDb().selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "auth.sign_out", actor_user_id: user.id, data: { scope: "this" } });
  });

  it("ends every session of the user with scope=everywhere, and nobody else's", async () => {
    const user = await createUser({ role: "alumnus" });
    const other = await createUser({ role: "alumnus" });
    const here = await signIn(user);
    await signIn(user);
    await signIn(user);
    const othersSession = await signIn(other);

    const response = await callAction(action, buildRequest("/logout", { form: { scope: "everywhere" }, cookie: here }));

    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/^session=;/);
    expect(await sessionIds()).toEqual([idOf(othersSession)]);
  });

  it("changes nothing on GET and sends the visitor home", async () => {
    const user = await createUser({ role: "hr_admin" });
    const cookie = await signIn(user);
    const response = await callLoader(loader, buildRequest("/logout", { cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await sessionIds()).toEqual([idOf(cookie)]);
  });

  it("still clears the cookie when there is no session", async () => {
    const response = await callAction(action, buildRequest("/logout", { form: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/^session=;/);
  });

  it("answers an unknown scope with 400 and keeps the session", async () => {
    const user = await createUser({ role: "hr_admin" });
    const cookie = await signIn(user);
    const response = await callAction(action, buildRequest("/logout", { form: { scope: "galaxy" }, cookie }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error).toEqual({ scope: ["Choose to sign out of this device or everywhere."] });
    expect(await sessionIds()).toEqual([idOf(cookie)]);
  });
});
