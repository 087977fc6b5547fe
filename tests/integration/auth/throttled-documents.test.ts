import { penalizeRateLimit, RATE_LIMITS } from "~/modules/auth/rate-limit.server";
import { createUser } from "../../factories";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";

/**
 * A throttled sign-in form posted without JavaScript gets the page back as a document: its 429 must
 * still say when to try again (Remix takes a document's headers from the route's `headers` only).
 */

useTestDatabase();
const app = useHttpApp();

async function postForm(path: string, form: Record<string, string>) {
  return fetch(`${app.base}${path}`, {
    method: "POST",
    headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
}

describe("a throttled sign-in answered as a document", () => {
  it("keeps Retry-After on the magic-link page's 429", async () => {
    const email = "throttled.alumnus@example.net";
    await penalizeRateLimit("magicLinkByEmail", email, RATE_LIMITS.magicLinkByEmail.points);
    const response = await postForm("/login/link", { email });
    expect(response.status).toBe(429);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(50 * 60);
  });

  it("keeps Retry-After on the password page's 429", async () => {
    const user = await createUser({ role: "hr_admin" });
    await penalizeRateLimit("passwordAttemptsByIp", "127.0.0.1", RATE_LIMITS.passwordAttemptsByIp.points);
    await penalizeRateLimit("passwordAttemptsByIp", "::ffff:127.0.0.1", RATE_LIMITS.passwordAttemptsByIp.points);
    await penalizeRateLimit("passwordAttemptsByIp", "::1", RATE_LIMITS.passwordAttemptsByIp.points);
    const response = await postForm("/login", { email: user.email, password: "not-the-password" });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(10 * 60);
  });
});
