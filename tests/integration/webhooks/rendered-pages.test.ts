import { createUser, createWebhookEndpoint, signIn } from "../../factories";
import { useWebhookReceiver } from "../../fakes/webhook-receiver";
import { useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { deliverDue } from "./support";

/** The pages as a browser without JavaScript gets them: rendered in both languages, the secret in one response only. */

useTestDatabase();
useJobQueue();
const receiver = useWebhookReceiver();
const pages = pageRequests(useHttpApp());

describe("the rendered webhook pages", () => {
  it("create an endpoint from the form, show its secret in that answer only, and list it", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    const created = await pages.post("/admin/settings/webhooks", cookie, { url: receiver.url, eventTypes: ["alumni.joined", "consent.changed"], enabled: "on" });
    expect(created.response.status).toBe(200);
    const secret = /whsec_[A-Za-z0-9+/]+=*/.exec(created.html)?.[0];
    expect(secret).toBeDefined();
    expect(created.html).toContain("it is shown only this once");

    const list = await pages.get("/admin/settings/webhooks", cookie);
    expect(list.response.status).toBe(200);
    expect(list.html).toContain(receiver.url);
    expect(list.html).toContain("alumni.joined, consent.changed");
    expect(list.html).not.toContain(secret!);
  });

  it("render the delivery log with each attempt and its Resend button, in French too", async () => {
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    receiver.answerWith(502);
    receiver.answerBody("upstream <b>down</b>");
    const english = await signIn(await createUser({ role: "hr_admin" }));
    const test = await pages.post(`/admin/settings/webhooks/${endpoint.id}`, english, { intent: "test" });
    expect(test.response.status).toBe(302);
    await deliverDue();

    const page = await pages.get(`/admin/settings/webhooks/${endpoint.id}`, english);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain("webhook.test");
    expect(page.html).toContain("HTTP 502");
    // The receiver's answer is shown as text, never as markup.
    expect(page.html).toContain("upstream &lt;b&gt;down&lt;/b&gt;");
    expect(page.html).toContain("Resend");
    expect(page.html).toContain("Deliveries to this endpoint have been failing since");

    const french = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const fr = await pages.get(`/admin/settings/webhooks/${endpoint.id}`, french);
    expect(fr.html).toContain("Journal des envois");
    expect(fr.html).toContain("Renvoyer");
  });
});
