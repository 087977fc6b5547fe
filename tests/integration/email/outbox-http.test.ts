import { sendEmail } from "~/modules/email/send-email.server";
import { resetEnvCache } from "~/utils/env.server";
import enAdmin from "~/locales/en/admin.json";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/** The outbox through the real HTTP server: rendered pages, and the headers a browser really gets. */

useTestDatabase();
useJobQueue();

const app = useHttpApp();

async function queueInvitation() {
  const { emailId } = await sendEmail({
    to: "grace@example.test",
    template: "staff-invitation",
    props: { url: "http://localhost:3000/set-password/tok", name: "Grace", inviterName: "Ada", role: "task_owner", expiresInHours: 72 },
    locale: "en",
  });
  return emailId;
}

describe("the outbox over HTTP", () => {
  it("lists the email for an HR admin, in the admin's language", async () => {
    await queueInvitation();
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const response = await fetch(`${app.base}/admin/outbox`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Boîte d’envoi");
    expect(html).toContain("Ada invited you to the Acme Corp alumni portal");
    expect(html).toContain("grace@example.test");
    expect(html).toContain("En attente");
  });

  it("shows one email with its HTML in a sandboxed iframe and its plain text", async () => {
    const emailId = await queueInvitation();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const response = await fetch(`${app.base}/admin/outbox/${emailId}`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const iframe = /<iframe[^>]*>/.exec(html)?.[0] ?? "";
    expect(iframe).toContain(`src="/admin/outbox/${emailId}/html"`);
    // Same origin only so that the page can read the email's height; never a script inside.
    expect(iframe).toContain('sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"');
    expect(iframe).not.toContain("allow-scripts");
    const { text } = await testDb().selectFrom("emails").select("text").where("id", "=", emailId).executeTakeFirstOrThrow();
    const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? "";
    expect(pre).toContain("Choose your password http://localhost:3000/set-password/tok");
    expect(pre.length).toBeGreaterThan(text.length / 2);
  });

  it("with Resend configured, shows HR the email without its set-password link, and says the link was removed", async () => {
    const saved = process.env.RESEND_API_KEY;
    process.env.RESEND_API_KEY = "re_test_outbox_http";
    resetEnvCache();
    let emailId: string;
    try {
      emailId = await queueInvitation();
    } finally {
      if (saved === undefined) delete process.env.RESEND_API_KEY;
      else process.env.RESEND_API_KEY = saved;
      resetEnvCache();
    }
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const page = await (await fetch(`${app.base}/admin/outbox/${emailId}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain(enAdmin.outbox.linksRemoved);
    const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? "";
    expect(pre).toContain("Choose your password [link removed from the stored copy]");
    const frame = await (await fetch(`${app.base}/admin/outbox/${emailId}/html`, { headers: { Cookie: cookie } })).text();
    expect(frame).toContain("[link removed from the stored copy]");
    for (const body of [page, frame]) expect(body).not.toContain("/set-password/tok");
  });

  it("serves the email's HTML with only its own CSP and frame headers, replacing the site defaults", async () => {
    const emailId = await queueInvitation();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const response = await fetch(`${app.base}/admin/outbox/${emailId}/html`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'",
    );
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(await response.text()).toContain("Choose your password");
  });

  it("answers 404 for a malformed id and 403 to a task owner", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    expect((await fetch(`${app.base}/admin/outbox/not-a-uuid`, { headers: { Cookie: hr } })).status).toBe(404);
    expect((await fetch(`${app.base}/admin/outbox/not-a-uuid/html`, { headers: { Cookie: hr } })).status).toBe(404);
    const owner = await signIn(await createUser({ role: "task_owner" }));
    expect((await fetch(`${app.base}/admin/outbox`, { headers: { Cookie: owner } })).status).toBe(403);
  });
});
