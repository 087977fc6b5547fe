import * as endpointPage from "~/routes/admin.settings.webhooks.$endpointId";
import * as listPage from "~/routes/admin.settings.webhooks._index";
import * as settingsIndex from "~/routes/admin.settings._index";
import { createUser, createWebhookEndpoint, deliveriesOf, signIn } from "../../factories";
import { useWebhookReceiver } from "../../fakes/webhook-receiver";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { deliverDue, verified } from "./support";

/** HR's webhook pages: HR only, field errors in the reader's language, the secret once, the log's buttons. */

useTestDatabase();
useJobQueue();
const receiver = useWebhookReceiver();

const LIST = "/admin/settings/webhooks";

async function hr(locale: "en" | "fr" = "en") {
  return signIn(await createUser({ role: "hr_admin", locale }));
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  const body = await response.json();
  return body.result.error;
}

describe("access", () => {
  it("is for HR admins only: others get 403, visitors the sign-in page, on both pages", async () => {
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    const page = `${LIST}/${endpoint.id}`;
    for (const role of ["task_owner", "alumnus", "leaver"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await callLoader(listPage.loader, buildRequest(LIST, { cookie }))).status).toBe(403);
      expect((await callAction(listPage.action, buildRequest(LIST, { cookie, form: { url: receiver.url, eventTypes: "alumni.erased" } }))).status).toBe(403);
      expect((await callLoader(endpointPage.loader, buildRequest(page, { cookie }), { endpointId: endpoint.id })).status).toBe(403);
      expect((await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "test" } }), { endpointId: endpoint.id })).status).toBe(403);
    }
    expect((await callLoader(listPage.loader, buildRequest(LIST))).status).toBe(302);
    expect((await callAction(endpointPage.action, buildRequest(page, { form: { intent: "delete" } }), { endpointId: endpoint.id })).status).toBe(302);
    expect(await testDb().selectFrom("webhook_endpoints").select("id").execute()).toHaveLength(1);
    expect(await testDb().selectFrom("webhook_events").select("id").execute()).toEqual([]);
  });

  it("is linked from the settings index", async () => {
    const response = await callLoader(settingsIndex.loader, buildRequest("/admin/settings", { cookie: await hr() }));
    expect(response.status).toBe(200);
  });

  it("answers 404 for an unknown or malformed endpoint id", async () => {
    const cookie = await hr();
    expect((await callLoader(endpointPage.loader, buildRequest(`${LIST}/nope`, { cookie }), { endpointId: "nope" })).status).toBe(404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await callLoader(endpointPage.loader, buildRequest(`${LIST}/${unknown}`, { cookie }), { endpointId: unknown })).status).toBe(404);
    expect((await callAction(endpointPage.action, buildRequest(`${LIST}/${unknown}`, { cookie, form: { intent: "rotate" } }), { endpointId: unknown })).status).toBe(404);
  });
});

describe("creating an endpoint", () => {
  it("names each wrong field in English", async () => {
    const response = await callAction(listPage.action, buildRequest(LIST, { cookie: await hr(), form: { url: "not a url", description: "x".repeat(501) } }));
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(errors.url).toEqual(["Enter a full address starting with https://, such as https://hr.example.com/webhooks."]);
    expect(errors.description).toEqual(["Shorten the description to at most 500 characters."]);
    expect(errors.eventTypes).toEqual(["Tick at least one event to send."]);
  });

  it("names each wrong field in French, the address policy's refusals included", async () => {
    const cookie = await hr("fr");
    const empty = await callAction(listPage.action, buildRequest(LIST, { cookie, form: { url: "" } }));
    expect(empty.status).toBe(400);
    const errors = await errorsOf(empty);
    expect(errors.url).toEqual(["Saisissez l'URL du point de réception."]);
    expect(errors.eventTypes).toEqual(["Cochez au moins un événement à envoyer."]);

    const internal = await callAction(listPage.action, buildRequest(LIST, { cookie, form: { url: "https://10.1.2.3/hook", eventTypes: "alumni.erased" } }));
    expect(internal.status).toBe(400);
    expect((await errorsOf(internal)).url?.[0]).toContain("10.1.2.3 est une adresse de cette machine ou du réseau interne");
    expect(await testDb().selectFrom("webhook_endpoints").select("id").execute()).toEqual([]);
  });

  it("shows the signing secret once, uncached, and never again", async () => {
    const cookie = await hr();
    const response = await callAction(
      listPage.action,
      buildRequest(LIST, { cookie, form: { url: receiver.url, description: "HRIS", eventTypes: ["departure.created", "alumni.erased"], enabled: "on" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { created } = await response.json();
    expect(created.secret).toMatch(/^whsec_/);
    const row = await testDb().selectFrom("webhook_endpoints").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ url: receiver.url, description: "HRIS", event_types: ["alumni.erased", "departure.created"], enabled: true });
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));

    const list = await callLoader(listPage.loader, buildRequest(LIST, { cookie }));
    const page = await callLoader(endpointPage.loader, buildRequest(`${LIST}/${row.id}`, { cookie }), { endpointId: row.id });
    for (const response of [list, page]) {
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(created.secret.slice(6));
    }
  });
});

describe("the endpoint page", () => {
  it("sends a test event, lists it in the log, and resends it as a new attempt with the same webhook-id", async () => {
    const cookie = await hr();
    const { endpoint, secret } = await createWebhookEndpoint(receiver.url);
    const page = `${LIST}/${endpoint.id}`;
    receiver.answerWith(500, 204);

    const test = await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "test" } }), { endpointId: endpoint.id });
    expect(test.status).toBe(302);
    await deliverDue();
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ type: "webhook.test", status: "pending", attempt_count: 1 });
    expect(verified(secret, receiver.received[0]!)).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });

    const resend = await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "resend", deliveryId: delivery!.id } }), { endpointId: endpoint.id });
    expect(resend.status).toBe(302);
    await deliverDue();
    expect(receiver.received.map((request) => request.headers["webhook-id"])).toEqual([`msg_${delivery!.id}`, `msg_${delivery!.id}`]);

    const loaded = await callLoader(endpointPage.loader, buildRequest(page, { cookie }), { endpointId: endpoint.id });
    const { log } = await loaded.json();
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attemptCount: 2 });
    expect(log.deliveries[0].attempts.map((attempt: { statusCode: number; trigger: string }) => [attempt.statusCode, attempt.trigger])).toEqual([
      [500, "scheduled"],
      [204, "resend"],
    ]);
  });

  it("rotates the secret (shown once) and saves settings with field errors in the reader's language", async () => {
    const cookie = await hr("fr");
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    const page = `${LIST}/${endpoint.id}`;
    const rotate = await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "rotate" } }), { endpointId: endpoint.id });
    expect(rotate.headers.get("Cache-Control")).toBe("no-store");
    expect((await rotate.json()).secret).toMatch(/^whsec_/);

    const invalid = await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "update", url: "http://hooks.example.com/x", eventTypes: "consent.changed" } }), {
      endpointId: endpoint.id,
    });
    expect(invalid.status).toBe(400);
    expect((await errorsOf(invalid)).url?.[0]).toContain("Utilisez une adresse https://");

    const saved = await callAction(endpointPage.action, buildRequest(page, { cookie, form: { intent: "update", url: receiver.url, eventTypes: "consent.changed" } }), {
      endpointId: endpoint.id,
    });
    expect(saved.status).toBe(302);
    expect(await testDb().selectFrom("webhook_endpoints").select(["event_types", "enabled"]).executeTakeFirstOrThrow()).toEqual({ event_types: ["consent.changed"], enabled: false });
  });

  it("deletes the endpoint with its log", async () => {
    const cookie = await hr();
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    const response = await callAction(endpointPage.action, buildRequest(`${LIST}/${endpoint.id}`, { cookie, form: { intent: "delete" } }), { endpointId: endpoint.id });
    expect(response.headers.get("Location")).toBe(`${LIST}?deleted=1`);
    expect(await testDb().selectFrom("webhook_endpoints").select("id").execute()).toEqual([]);
  });
});
