import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";

useTestDatabase();
const app = useHttpApp();

describe("the HTTP server", () => {
  it("serves pages whose scripts all carry the nonce announced in the CSP", async () => {
    const response = await fetch(`${app.base}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
  });

  it("uses a new nonce for every response", async () => {
    const first = (await fetch(`${app.base}/`)).headers.get("content-security-policy");
    const second = (await fetch(`${app.base}/`)).headers.get("content-security-policy");
    expect(first).not.toEqual(second);
  });

  // Refusals of cross-site posts: tests/integration/platform/csrf.test.ts, over every route.
  it("accepts the same post from its own pages", async () => {
    const response = await fetch(`${app.base}/locale`, {
      method: "POST",
      headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
      body: "locale=fr&redirectTo=%2F",
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).toMatch(/^lng=/);
  });

  it("keeps a well-formed request id and replaces a malformed one", async () => {
    const kept = await fetch(`${app.base}/`, { headers: { "X-Request-Id": "abc-123" } });
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await fetch(`${app.base}/`, { headers: { "X-Request-Id": "bad id <script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends no referrer from token pages", async () => {
    const response = await fetch(`${app.base}/login/magic/abcdefghijklmnopqrstuvwxyz234567`);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("does not advertise the framework", async () => {
    const response = await fetch(`${app.base}/`);
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});
