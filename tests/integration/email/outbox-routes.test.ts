import { loader as listLoader } from "~/routes/admin.outbox._index";
import { loader as detailLoader } from "~/routes/admin.outbox.$emailId";
import { loader as htmlLoader } from "~/routes/admin.outbox.$emailId_.html";
import { OUTBOX_PAGE_SIZE } from "~/modules/email/outbox.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callLoader } from "../../support/remix";
import { createUser, signIn, storeOutboxEmail } from "../../factories";

useTestDatabase();

const IFRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'";

/** The outbox's own test emails have been through two attempts. */
const storeEmail = (overrides: Parameters<typeof storeOutboxEmail>[0] = {}) => storeOutboxEmail({ attempts: 2, ...overrides });

async function hrCookie() {
  return signIn(await createUser({ role: "hr_admin" }));
}

describe("the outbox list", () => {
  it("shows an HR admin the emails, newest first, 50 a page", async () => {
    const start = Date.parse("2026-11-01T08:00:00Z");
    const template = await storeEmail();
    await testDb().deleteFrom("emails").execute();
    const { id: _id, ...row } = template;
    await testDb()
      .insertInto("emails")
      .values(
        Array.from({ length: OUTBOX_PAGE_SIZE + 2 }, (_, i) => ({ ...row, subject: `Message ${i}`, created_at: new Date(start + i * 60_000) })),
      )
      .execute();
    const cookie = await hrCookie();

    const first = await callLoader(listLoader, buildRequest("/admin/outbox", { cookie }));
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expect(page1.items).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(page1.items[0]).toMatchObject({ subject: "Message 51", to_address: "ada@example.test", template: "magic-link", status: "captured" });
    expect(page1.items.at(-1).subject).toBe("Message 2");
    expect(page1.nextBefore).toBe(page1.items.at(-1).id);
    expect(page1.mode).toBe("local");

    const second = await callLoader(listLoader, buildRequest(`/admin/outbox?before=${page1.nextBefore}`, { cookie }));
    const page2 = await second.json();
    expect(page2.items.map((e: { subject: string }) => e.subject)).toEqual(["Message 1", "Message 0"]);
    expect(page2.nextBefore).toBeNull();
    expect(page2.isFirstPage).toBe(false);
  });

  it("answers 400 for a page cursor that is not an email id", async () => {
    const response = await callLoader(listLoader, buildRequest("/admin/outbox?before=1%20OR%201=1", { cookie: await hrCookie() }));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/before must be the id of an email/);
  });

  it("refuses a task owner with 403 and sends an anonymous visitor to sign in", async () => {
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await callLoader(listLoader, buildRequest("/admin/outbox", { cookie: owner }))).status).toBe(403);
    const anonymous = await callLoader(listLoader, buildRequest("/admin/outbox"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Foutbox");
  });
});

describe("one email in the outbox", () => {
  it("shows an HR admin its subject, recipient, status, attempts, last error and plain text", async () => {
    const stored = await storeEmail({ status: "failed", last_error: "422 validation_error: Invalid `from` field." });
    const response = await callLoader(detailLoader, buildRequest(`/admin/outbox/${stored.id}`, { cookie: await hrCookie() }), {
      emailId: stored.id,
    });
    expect(response.status).toBe(200);
    const { email } = await response.json();
    expect(email).toMatchObject({
      id: stored.id,
      subject: stored.subject,
      to_address: "ada@example.test",
      status: "failed",
      attempts: 2,
      last_error: "422 validation_error: Invalid `from` field.",
      text: stored.text,
    });
    expect(email.html).toBeUndefined();
  });

  it("answers 404, not 500, for an id that is not a uuid or that names no email", async () => {
    const cookie = await hrCookie();
    for (const emailId of ["not-a-uuid", "'; drop table emails; --", "4b0c3c9e-8c1a-4a8e-9a53-2f1c1e0d9a77"]) {
      const detail = await callLoader(detailLoader, buildRequest(`/admin/outbox/${encodeURIComponent(emailId)}`, { cookie }), { emailId });
      expect(detail.status).toBe(404);
      const html = await callLoader(htmlLoader, buildRequest(`/admin/outbox/${encodeURIComponent(emailId)}/html`, { cookie }), { emailId });
      expect(html.status).toBe(404);
    }
  });

  it("refuses a task owner with 403, for the page and for the HTML", async () => {
    const stored = await storeEmail();
    const owner = await signIn(await createUser({ role: "task_owner" }));
    const params = { emailId: stored.id };
    expect((await callLoader(detailLoader, buildRequest(`/admin/outbox/${stored.id}`, { cookie: owner }), params)).status).toBe(403);
    expect((await callLoader(htmlLoader, buildRequest(`/admin/outbox/${stored.id}/html`, { cookie: owner }), params)).status).toBe(403);
  });

  it("serves the stored HTML with the iframe's own CSP, framable by the portal only, links opening in new tabs", async () => {
    const stored = await storeEmail();
    const response = await callLoader(htmlLoader, buildRequest(`/admin/outbox/${stored.id}/html`, { cookie: await hrCookie() }), {
      emailId: stored.id,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Content-Security-Policy")).toBe(IFRAME_CSP);
    expect(response.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.text();
    expect(body).toMatch(/<head[^>]*><base target="_blank">/);
    expect(body).toContain('href="https://portal.test/login/magic/abc"');
  });
});
