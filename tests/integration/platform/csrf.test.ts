import { Webhook } from "svix";
import { CSRF_EXEMPT_PREFIXES, isCsrfExempt } from "~/modules/platform/security.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { CSRF_EXEMPTIONS } from "../../support/authorization-matrix";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { fillPattern, portalRoutes, type PortalRoute } from "../../support/route-manifest";
import { createUser, installOffboardingDefaults, issueToken, makeAlumnus, makeNewsletterIssue, signIn } from "../../factories";
import { setEnvForThisFile, webhookSecretFrom } from "../../support/environment";

/**
 * Issue 15: every POST to every route of the built app is refused (403, before any route runs) when
 * it comes from another site or says nowhere where it comes from; the few exempt paths are each safe
 * for their own reason (docs/authorization.md, "Cross-site requests").
 */

const WEBHOOK_SECRET = webhookSecretFrom("a webhook secret for the csrf test");
// The built app reads its environment once: this file gets a copy of the build that has not.
setEnvForThisFile("RESEND_WEBHOOK_SECRET", WEBHOOK_SECRET);

useTestDatabase();
useJobQueue();
const PUBLIC_URL = "https://alumni.example.com";
// The portal's public address, as behind a proxy: the server listens on another (127.0.0.1:port).
const app = useHttpApp({ freshBuild: true, env: { APP_URL: PUBLIC_URL } });

const FOREIGN = "https://evil.example";
const EDGE_REFUSAL = /^Forbidden: /;

let routes: PortalRoute[];
beforeAll(async () => {
  routes = await portalRoutes();
});

/** The path a form of the route posts to (an index route's forms say `?index`). */
function postPath(route: PortalRoute): string {
  return fillPattern(route.pattern) + (/(^|\.)_index$/.test(route.id) ? "?index" : "");
}

async function post(path: string, headers: Record<string, string>, body = "") {
  const response = await fetch(`${app.base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text() };
}

describe("a cross-site post to a page", () => {
  it("is refused with 403 by the same-origin check on every route that is not exempt, with or without an action", async () => {
    await installOffboardingDefaults();
    // An HR admin's session: the most a forged form could borrow. The refusal must not depend on it.
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const checked = routes.filter((route) => !isCsrfExempt(fillPattern(route.pattern)));
    // More than a handful: the manifest, not a list, decides what is checked.
    expect(checked.length).toBeGreaterThan(90);
    const attempts: [string, Record<string, string>][] = [
      ["a foreign Origin", { Origin: FOREIGN }],
      ["no Origin and no Referer", {}],
      ["no Origin and a foreign Referer", { Referer: `${FOREIGN}/page` }],
      ["an opaque Origin from another site", { Origin: "null", "Sec-Fetch-Site": "cross-site" }],
    ];
    const passed: string[] = [];
    for (const route of checked) {
      const path = postPath(route);
      const answers = await Promise.all(attempts.map(([, headers]) => post(path, { Cookie: cookie, ...headers }, "intent=delete")));
      answers.forEach((answer, at) => {
        if (answer.status !== 403 || !EDGE_REFUSAL.test(answer.text)) passed.push(`${route.id} with ${attempts[at]![0]}: ${answer.status}`);
      });
    }
    expect(passed).toEqual([]);
  });

  it("says why in words, and lets the same post from the portal's own page through", async () => {
    const foreign = await post("/locale", { Origin: FOREIGN }, "locale=fr");
    expect(foreign.text).toBe(`Forbidden: The request came from ${FOREIGN}, which is not this site. Reload the page and submit the form again.`);
    const missing = await post("/locale", {}, "locale=fr");
    expect(missing.text).toBe("Forbidden: The request has no Origin or Referer header. Reload the page and submit the form again.");
    // The control: the check, not the route, refused those two.
    expect((await post("/locale", { Origin: app.base }, "locale=fr&redirectTo=%2F")).status).toBe(302);
    expect((await post("/locale", { Referer: `${app.base}/login` }, "locale=fr&redirectTo=%2F")).status).toBe(302);
    expect((await post("/locale", { Origin: "null", "Sec-Fetch-Site": "same-origin" }, "locale=fr&redirectTo=%2F")).status).toBe(302);
    // The portal's public address (APP_URL) is its own too, even when the Host says another name (a
    // proxy that does not pass the public host): a page's form is served (here: the sign-in form's
    // answer to a bad address), not an empty 500 from Remix's own Origin-versus-Host check.
    const viaProxy = await post("/login", { Origin: PUBLIC_URL }, "email=not-an-address&password=x");
    expect(viaProxy.status).toBe(400);
    expect(viaProxy.text).toContain("<form");
  });
});

describe("the exempt paths", () => {
  it("are exactly the ones docs/authorization.md explains, and every exempt route is one of them", () => {
    expect(CSRF_EXEMPTIONS.map((exemption) => exemption.prefix).sort()).toEqual([...CSRF_EXEMPT_PREFIXES].sort());
    const exempt = routes.filter((route) => isCsrfExempt(fillPattern(route.pattern)) && route.hasAction);
    expect(exempt.map((route) => route.id).sort()).toEqual(
      [
        "routes/api.v1.$",
        "routes/api.v1.departures",
        "routes/api.v1.departures.$departureId",
        "routes/api.v1.metrics.enps",
        "routes/api.v1.openapi[.]json",
        "routes/unsubscribe.$token",
        "routes/webhooks.resend",
      ].sort(),
    );
  });

  it("give a cross-site post carrying an HR session exactly what they give a post without one (the cookie counts for nothing there)", async () => {
    await installOffboardingDefaults();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const exempt = routes.filter((route) => isCsrfExempt(fillPattern(route.pattern)) && route.hasAction);
    for (const route of exempt) {
      const path = postPath(route);
      const json = { "Content-Type": "application/json" };
      const forged = await post(path, { ...json, Cookie: cookie, Origin: FOREIGN }, "{}");
      const bare = await post(path, json, "{}");
      expect(forged.status, route.id).toBe(bare.status);
      // Refused: no token, no signature, no valid link.
      expect(forged.status, route.id).toBeGreaterThanOrEqual(400);
      expect(forged.status, route.id).toBeLessThan(500);
    }
  });

  it("API: 401 without a token whatever the Origin; with its token, a post from anywhere is served", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    for (const origin of [FOREIGN, undefined, app.base]) {
      const headers: Record<string, string> = { "Content-Type": "application/json", Cookie: cookie, ...(origin ? { Origin: origin } : {}) };
      expect((await post("/api/v1/departures", headers, "{}")).status, String(origin)).toBe(401);
    }
    await installOffboardingDefaults();
    const { token } = await issueToken();
    const created = await post(
      "/api/v1/departures",
      { "Content-Type": "application/json", Authorization: `Bearer ${token}`, Origin: FOREIGN },
      JSON.stringify({
        employee: { email: "csrf.api@acme.example", name: "Api Leaver", department: "Engineering" },
        noticeDate: daysFromToday(0),
        lastDay: daysFromToday(30),
      }),
    );
    expect(created.status, created.text).toBe(201);
  });

  it("webhook: 401 without a valid signature whatever the Origin and cookies; a signed report is taken from anywhere", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const payload = JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: "re_csrf", to: ["someone@example.net"] } });
    const at = new Date();
    const signature = new Webhook(WEBHOOK_SECRET).sign("msg_csrf", at, payload);
    const svix = { "svix-id": "msg_csrf", "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "Content-Type": "application/json" };
    const forgedSignature = `v1,${Buffer.alloc(32).toString("base64")}`;
    expect((await post("/webhooks/resend", { ...svix, "svix-signature": forgedSignature, Origin: FOREIGN, Cookie: cookie }, payload)).status).toBe(401);
    expect((await post("/webhooks/resend", { ...svix, Origin: app.base, Cookie: cookie }, payload)).status).toBe(401);
    expect((await post("/webhooks/resend", { ...svix, "svix-signature": signature, Origin: FOREIGN }, payload)).status).toBe(200);
  });

  it("one-click unsubscribe: a link that is not signed changes nothing whoever is signed in; a signed one works from the mail provider (no Origin)", async () => {
    const alumnus = await makeAlumnus({ consents: ["newsletter"] });
    const cookie = await signIn(alumnus);
    const { issueId } = await makeNewsletterIssue({ status: "sent" });
    const valid = unsubscribeToken({ issueId, userId: alumnus.id });
    const altered = `${valid.slice(0, -2)}AA`;
    const consented = async () =>
      (await testDb().selectFrom("consent_events").select("granted").where("user_id", "=", alumnus.id).where("purpose", "=", "newsletter").orderBy("id", "desc").executeTakeFirst())?.granted;
    expect((await post(`/unsubscribe/${altered}`, { Origin: FOREIGN, Cookie: cookie }, "List-Unsubscribe=One-Click")).status).toBe(404);
    expect(await consented()).toBe(true);
    expect((await post(`/unsubscribe/${valid}`, {}, "List-Unsubscribe=One-Click")).status).toBe(200);
    expect(await consented()).toBe(false);
  });
});
