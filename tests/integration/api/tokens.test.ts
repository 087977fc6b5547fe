import { sql } from "kysely";
import { hashToken } from "~/modules/auth/tokens.server";
import { authenticateApiRequest, createApiToken, listApiTokens } from "~/modules/integrations/api-tokens.server";
import * as revokePage from "~/routes/admin.settings.api-tokens.$tokenId.revoke";
import * as tokensPage from "~/routes/admin.settings.api-tokens._index";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { apiRequest } from "./helpers";
import { createUser, signIn } from "../../factories";

useTestDatabase();

const PAGE = "/admin/settings/api-tokens";

async function hrCookie() {
  return signIn(await createUser({ role: "hr_admin", name: "Hana HR" }));
}

describe("API tokens (module)", () => {
  it("issues a recognisable token and stores only its hash", async () => {
    const { token, apiToken } = await createApiToken({ name: "Workday", createdBy: null });
    expect(token).toMatch(/^alp_[a-z2-7]{32}$/);
    const row = await testDb().selectFrom("api_tokens").selectAll().where("id", "=", apiToken.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
  });

  it("authenticates the token and says why when it cannot", async () => {
    const { token } = await createApiToken({ name: "Workday", createdBy: null });
    const auth = await authenticateApiRequest(apiRequest("/api/v1/departures", { token }));
    expect(auth).toMatchObject({ ok: true, token: { name: "Workday" } });
    expect(await authenticateApiRequest(apiRequest("/api/v1/departures"))).toEqual({ ok: false, status: 401, reason: "missing" });
    expect(await authenticateApiRequest(apiRequest("/api/v1/departures", { token: "alp_short" }))).toEqual({
      ok: false,
      status: 401,
      reason: "malformed",
    });
  });

  it("sets an expiry the given number of days ahead", async () => {
    const before = Date.now();
    const { apiToken } = await createApiToken({ name: "Short-lived", expiresInDays: 30, createdBy: null });
    const days = (apiToken.expires_at!.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
  });

  it("lists tokens newest first with their state, never their hash", async () => {
    await createApiToken({ name: "Old", createdBy: null });
    const { apiToken } = await createApiToken({ name: "Expired", createdBy: null });
    await sql`update api_tokens set expires_at = now() - interval '1 second', created_at = now() + interval '1 second' where id = ${apiToken.id}`.execute(testDb());
    const tokens = await listApiTokens();
    expect(tokens.map((t) => [t.name, t.state])).toEqual([
      ["Expired", "expired"],
      ["Old", "active"],
    ]);
    expect(Object.keys(tokens[0]!)).not.toContain("token_hash");
  });
});

describe("the API tokens settings page", () => {
  it("is for HR admins only", async () => {
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await callLoader(tokensPage.loader, buildRequest(PAGE, { cookie: owner }))).status).toBe(403);
    expect((await callAction(tokensPage.action, buildRequest(PAGE, { cookie: owner, form: { name: "X" } }))).status).toBe(403);
    const anonymous = await callLoader(tokensPage.loader, buildRequest(PAGE));
    expect(anonymous.status).toBe(302);
  });

  it("creates a token, shows it once, and lists it afterwards without the secret", async () => {
    const cookie = await hrCookie();
    const response = await callAction(tokensPage.action, buildRequest(PAGE, { cookie, form: { name: "Workday sync", expiresInDays: "90" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { created } = await response.json();
    expect(created).toMatchObject({ name: "Workday sync", token: expect.stringMatching(/^alp_[a-z2-7]{32}$/) });
    expect(created.expiresAt).not.toBeNull();

    const page = await callLoader(tokensPage.loader, buildRequest(PAGE, { cookie }));
    const text = await page.text();
    expect(text).not.toContain(created.token);
    expect(JSON.parse(text).tokens).toEqual([
      expect.objectContaining({ name: "Workday sync", state: "active", createdByName: "Hana HR", lastUsedAt: null }),
    ]);

    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "api_token.created").executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("creates a token that never expires when no expiry is chosen", async () => {
    const cookie = await hrCookie();
    const response = await callAction(tokensPage.action, buildRequest(PAGE, { cookie, form: { name: "Forever", expiresInDays: "" } }));
    expect((await response.json()).created.expiresAt).toBeNull();
  });

  it.each([
    ["no name", { name: "  " }, "name", /Enter a name/],
    ["a name that is too long", { name: "x".repeat(101) }, "name", /at most 100/],
    ["an expiry that is not offered", { name: "A", expiresInDays: "-3" }, "expiresInDays", /Choose an expiry/],
  ])("refuses %s with 400 beside the field", async (_label, form, field, message) => {
    const cookie = await hrCookie();
    const response = await callAction(tokensPage.action, buildRequest(PAGE, { cookie, form }));
    expect(response.status).toBe(400);
    const { result, created } = await response.json();
    expect(created).toBeNull();
    expect(result.error[field]).toEqual([expect.stringMatching(message)]);
    expect(await testDb().selectFrom("api_tokens").selectAll().execute()).toEqual([]);
  });

  it("answers in French for a French-speaking admin", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const response = await callAction(tokensPage.action, buildRequest(PAGE, { cookie, form: { name: "" } }));
    expect((await response.json()).result.error.name).toEqual([expect.stringMatching(/^Indiquez un nom/)]);
  });

  it("revokes a token after a confirmation page; the API then refuses it", async () => {
    const cookie = await hrCookie();
    const { token, apiToken } = await createApiToken({ name: "Legacy HRIS", createdBy: null });
    const path = `${PAGE}/${apiToken.id}/revoke`;
    const confirm = await callLoader(revokePage.loader, buildRequest(path, { cookie }), { tokenId: apiToken.id });
    expect(confirm.status).toBe(200);
    expect((await confirm.json()).token).toMatchObject({ name: "Legacy HRIS", state: "active" });

    const response = await callAction(revokePage.action, buildRequest(path, { cookie, method: "POST", form: {} }), { tokenId: apiToken.id });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${PAGE}?revoked=${apiToken.id}`);
    expect(await authenticateApiRequest(apiRequest("/api/v1/departures", { token }))).toEqual({ ok: false, status: 403, reason: "revoked" });

    const page = await callLoader(tokensPage.loader, buildRequest(`${PAGE}?revoked=${apiToken.id}`, { cookie }));
    expect(await page.json()).toMatchObject({ revokedName: "Legacy HRIS", tokens: [{ state: "revoked" }] });
    const audit = await testDb().selectFrom("audit_log").select(["action", "subject_id"]).where("action", "=", "api_token.revoked").execute();
    expect(audit).toEqual([{ action: "api_token.revoked", subject_id: apiToken.id }]);
  });

  it.each([
    ["an unknown token", "7b0e4a1c-1f7d-4c1e-9c55-0c7f0f0e8b11"],
    ["an id that is not a UUID", "abc"],
  ])("answers 404 to revoking %s", async (_label, tokenId) => {
    const cookie = await hrCookie();
    const path = `${PAGE}/${tokenId}/revoke`;
    expect((await callLoader(revokePage.loader, buildRequest(path, { cookie }), { tokenId })).status).toBe(404);
    expect((await callAction(revokePage.action, buildRequest(path, { cookie, method: "POST", form: {} }), { tokenId })).status).toBe(404);
  });
});
