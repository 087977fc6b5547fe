import fc from "fast-check";
import { Webhook } from "svix";
import { forgetOldWebhookEvents, receiveResendWebhook, WEBHOOK_EVENT_RETENTION_DAYS, type WebhookOutcome } from "~/modules/newsletter/resend-webhooks.server";
import { SUPPRESSION_DETAIL_MAX } from "~/modules/newsletter/suppressions.server";
import { testDb, truncateAll, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { addDeliveryRecipient, makeIssueInDelivery, storeOutboxEmail } from "../../factories";
import { setEnvForThisFile, webhookSecretFrom } from "../../support/environment";

const SECRET = webhookSecretFrom("a webhook secret of 32 bytes....");

// The built app reads its environment once: this file gets a copy of the build that has not.
setEnvForThisFile("RESEND_WEBHOOK_SECRET", SECRET);

useTestDatabase();
const app = useHttpApp({ freshBuild: true });

type EventType = "email.delivered" | "email.bounced" | "email.complained" | "email.opened" | "email.clicked" | "email.suppressed" | "email.sent" | "contact.created";

function resendEvent(type: EventType, emailId: string, createdAt: string, extra: Record<string, unknown> = {}) {
  return {
    type,
    created_at: createdAt,
    data: {
      broadcast_id: null,
      created_at: "2026-12-01T09:00:00.000Z",
      email_id: emailId,
      from: "Acme Alumni <alumni@acme.example>",
      to: ["someone@example.net"],
      subject: "December news",
      ...extra,
    },
  };
}

let messageNo = 0;

/** Headers Svix would send for this payload, signed with the official library. */
function signedHeaders(payload: string, options: { id?: string; at?: Date; secret?: string } = {}) {
  const id = options.id ?? `msg_test${messageNo++}`;
  const at = options.at ?? new Date();
  return new Headers({
    "svix-id": id,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": new Webhook(options.secret ?? SECRET).sign(id, at, payload),
    "content-type": "application/json",
  });
}

function deliver(event: object, options: { id?: string; at?: Date; signWith?: string; secret?: string | undefined } = {}): Promise<WebhookOutcome> {
  const payload = JSON.stringify(event);
  return receiveResendWebhook(testDb(), {
    payload,
    headers: signedHeaders(payload, { id: options.id, at: options.at, secret: options.signWith }),
    secret: "secret" in options ? options.secret : SECRET,
  });
}

async function recipient(resendId: string) {
  return testDb()
    .selectFrom("newsletter_recipients")
    .select(["delivered_at", "bounced_at", "bounce_type", "complained_at", "opened_at", "clicked_at"])
    .where("resend_id", "=", resendId)
    .executeTakeFirstOrThrow();
}

async function suppressionRows() {
  return testDb().selectFrom("email_suppressions").select(["email", "reason", "detail", "issue_id", "user_id"]).orderBy("email").execute();
}

async function sentNewsletter() {
  const issue = await makeIssueInDelivery();
  await addDeliveryRecipient(issue.id, { email: "Ada@Example.net", resendId: "re-ada" });
  await addDeliveryRecipient(issue.id, { email: "bob@example.net", resendId: "re-bob" });
  return issue;
}

const HARD_BOUNCE = { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 The email account does not exist." } };
const SOFT_BOUNCE = { bounce: { type: "Transient", subType: "MailboxFull", message: "452 4.2.2 Mailbox full" } };

describe("the signature", () => {
  it("refuses a payload signed with another secret", async () => {
    await sentNewsletter();
    const other = webhookSecretFrom("another secret of 32 bytes.....");
    expect(await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z"), { signWith: other })).toBe("badSignature");
    expect((await recipient("re-ada")).delivered_at).toBeNull();
  });

  it("refuses a payload changed after signing", async () => {
    await sentNewsletter();
    const payload = JSON.stringify(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z"));
    const headers = signedHeaders(payload);
    const outcome = await receiveResendWebhook(testDb(), { payload: payload.replace("re-ada", "re-bob"), headers, secret: SECRET });
    expect(outcome).toBe("badSignature");
  });

  it("refuses a stale or future timestamp (more than five minutes away), even correctly signed", async () => {
    await sentNewsletter();
    const event = resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z");
    expect(await deliver(event, { at: new Date(Date.now() - 6 * 60_000) })).toBe("badSignature");
    expect(await deliver(event, { at: new Date(Date.now() + 6 * 60_000) })).toBe("badSignature");
    expect(await deliver(event, { at: new Date(Date.now() - 4 * 60_000) })).toBe("applied");
  });

  it("refuses a request without the Svix headers", async () => {
    const payload = JSON.stringify(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z"));
    expect(await receiveResendWebhook(testDb(), { payload, headers: new Headers(), secret: SECRET })).toBe("badSignature");
  });

  it("refuses everything while no secret is configured", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z"), { secret: undefined })).toBe("unconfigured");
    expect((await recipient("re-ada")).delivered_at).toBeNull();
  });
});

describe("each event's effect", () => {
  it("email.delivered, email.opened and email.clicked set their time from the event", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00.000Z"))).toBe("applied");
    expect(await deliver(resendEvent("email.opened", "re-ada", "2026-12-01T10:00:00.000Z"))).toBe("applied");
    expect(await deliver(resendEvent("email.clicked", "re-ada", "2026-12-01T10:02:00.000Z", { click: { link: "https://x", timestamp: "2026-12-01T10:02:00.000Z" } }))).toBe("applied");
    expect(await recipient("re-ada")).toMatchObject({
      delivered_at: new Date("2026-12-01T09:01:00Z"),
      opened_at: new Date("2026-12-01T10:00:00Z"),
      clicked_at: new Date("2026-12-01T10:02:00Z"),
      bounced_at: null,
    });
    expect(await suppressionRows()).toEqual([]);
  });

  it("a hard bounce records it and suppresses the address, with the bounce message as detail (bounded)", async () => {
    const issue = await sentNewsletter();
    const long = { bounce: { ...HARD_BOUNCE.bounce, message: `550 ${"x".repeat(3000)}` } };
    expect(await deliver(resendEvent("email.bounced", "re-ada", "2026-12-01T09:02:00Z", long))).toBe("applied");
    expect(await recipient("re-ada")).toMatchObject({ bounced_at: new Date("2026-12-01T09:02:00Z"), bounce_type: "hard" });
    const [row] = await suppressionRows();
    expect(row).toMatchObject({ email: "ada@example.net", reason: "hard_bounce", issue_id: issue.id });
    expect(row!.detail!.startsWith("550 xxx")).toBe(true);
    expect(row!.detail!.length).toBeLessThanOrEqual(SUPPRESSION_DETAIL_MAX);
  });

  it("a soft bounce records it without suppressing", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.bounced", "re-bob", "2026-12-01T09:02:00Z", SOFT_BOUNCE))).toBe("applied");
    expect(await recipient("re-bob")).toMatchObject({ bounce_type: "soft" });
    expect(await suppressionRows()).toEqual([]);
  });

  it("a complaint records it and suppresses the address at once", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.complained", "re-bob", "2026-12-01T11:00:00Z"))).toBe("applied");
    expect((await recipient("re-bob")).complained_at).toEqual(new Date("2026-12-01T11:00:00Z"));
    expect(await suppressionRows()).toMatchObject([{ email: "bob@example.net", reason: "complaint" }]);
  });

  it("mail Resend refused to send (its own suppression list) counts as a hard bounce and suppresses the address", async () => {
    await sentNewsletter();
    const suppressed = { suppressed: { type: "bounce", message: "The address is on the suppression list" } };
    expect(await deliver(resendEvent("email.suppressed", "re-ada", "2026-12-01T09:00:05Z", suppressed))).toBe("applied");
    expect(await recipient("re-ada")).toMatchObject({ bounced_at: new Date("2026-12-01T09:00:05Z"), bounce_type: "hard" });
    expect(await suppressionRows()).toMatchObject([{ email: "ada@example.net", reason: "hard_bounce", detail: "The address is on the suppression list" }]);
  });

  it("a hard bounce or complaint of a transactional email suppresses its address for the newsletter", async () => {
    const email = await storeOutboxEmail({ status: "sent" });
    await testDb().updateTable("emails").set({ provider_id: "re-transactional" }).where("id", "=", email.id).execute();
    expect(await deliver(resendEvent("email.bounced", "re-transactional", "2026-12-01T09:02:00Z", HARD_BOUNCE))).toBe("applied");
    expect(await suppressionRows()).toMatchObject([{ email: "ada@example.test", reason: "hard_bounce", issue_id: null }]);
  });

  it("an event for an email this portal did not send is accepted and ignored", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.complained", "re-unknown", "2026-12-01T11:00:00Z"))).toBe("unknownEmail");
    expect(await suppressionRows()).toEqual([]);
  });

  it("event types the portal does not use are accepted and ignored", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.sent", "re-ada", "2026-12-01T09:00:00Z"))).toBe("ignored");
    expect(await deliver({ type: "contact.created", created_at: "2026-12-01T09:00:00Z", data: { id: "c1" } })).toBe("ignored");
  });

  it("a signed event it cannot read is refused as malformed", async () => {
    await sentNewsletter();
    expect(await deliver({ type: "email.delivered", created_at: "yesterday", data: { email_id: "re-ada" } })).toBe("malformed");
    expect(await deliver({ type: "email.delivered", created_at: "2026-12-01T09:00:00Z", data: {} })).toBe("malformed");
    expect(await deliver(resendEvent("email.delivered", "re-\u0000ada", "2026-12-01T09:00:00Z"))).toBe("malformed");
  });
});

describe("repeated and reordered deliveries", () => {
  it("a repeated svix-id is accepted and changes nothing", async () => {
    await sentNewsletter();
    expect(await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:05:00Z"), { id: "msg_same" })).toBe("applied");
    expect(await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z"), { id: "msg_same" })).toBe("duplicate");
    expect((await recipient("re-ada")).delivered_at).toEqual(new Date("2026-12-01T09:05:00Z"));
    const stored = await testDb().selectFrom("resend_webhook_events").selectAll().execute();
    expect(stored).toMatchObject([{ svix_id: "msg_same", type: "email.delivered" }]);
  });

  it("the same event delivered five times at once is applied once", async () => {
    await sentNewsletter();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliver(resendEvent("email.complained", "re-bob", "2026-12-01T11:00:00Z"), { id: "msg_parallel" })));
    expect(outcomes.filter((outcome) => outcome === "applied")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(4);
    expect(await suppressionRows()).toHaveLength(1);
  });

  it("message ids are remembered for the retention, then forgotten", async () => {
    await sentNewsletter();
    await deliver(resendEvent("email.delivered", "re-ada", "2026-12-01T09:05:00Z"), { id: "msg_kept" });
    const day = 24 * 60 * 60 * 1000;
    expect(await forgetOldWebhookEvents(testDb(), new Date(Date.now() + (WEBHOOK_EVENT_RETENTION_DAYS - 1) * day))).toBe(0);
    expect(await forgetOldWebhookEvents(testDb(), new Date(Date.now() + (WEBHOOK_EVENT_RETENTION_DAYS + 1) * day))).toBe(1);
    expect(await testDb().selectFrom("resend_webhook_events").selectAll().execute()).toEqual([]);
  });

  it("the earliest time wins whichever delivery comes first", async () => {
    await sentNewsletter();
    await deliver(resendEvent("email.opened", "re-ada", "2026-12-01T12:00:00Z"));
    await deliver(resendEvent("email.opened", "re-ada", "2026-12-01T10:00:00Z"));
    await deliver(resendEvent("email.opened", "re-ada", "2026-12-01T11:00:00Z"));
    expect((await recipient("re-ada")).opened_at).toEqual(new Date("2026-12-01T10:00:00Z"));
  });

  it("every event delivered up to three times, in any order, leaves one final state", async () => {
    // Each event keeps its svix id across its repeats, as Svix retries do.
    const events = [
      { id: "msg_d_ada", event: resendEvent("email.delivered", "re-ada", "2026-12-01T09:01:00Z") },
      { id: "msg_o1_ada", event: resendEvent("email.opened", "re-ada", "2026-12-01T10:00:00Z") },
      { id: "msg_o2_ada", event: resendEvent("email.opened", "re-ada", "2026-12-01T09:30:00Z") },
      { id: "msg_c_ada", event: resendEvent("email.clicked", "re-ada", "2026-12-01T10:05:00Z") },
      { id: "msg_x_ada", event: resendEvent("email.complained", "re-ada", "2026-12-01T10:10:00Z") },
      { id: "msg_s_bob", event: resendEvent("email.bounced", "re-bob", "2026-12-01T09:02:00Z", SOFT_BOUNCE) },
      { id: "msg_h_bob", event: resendEvent("email.bounced", "re-bob", "2026-12-01T09:40:00Z", HARD_BOUNCE) },
    ];
    async function finalState(deliveries: readonly { id: string; event: object }[]) {
      await truncateAll(testDb());
      await sentNewsletter();
      for (const delivery of deliveries) await deliver(delivery.event, { id: delivery.id });
      const recipients = await testDb()
        .selectFrom("newsletter_recipients")
        .select(["email", "delivered_at", "bounced_at", "bounce_type", "complained_at", "opened_at", "clicked_at"])
        .orderBy("email")
        .execute();
      const suppressed = (await suppressionRows()).map(({ issue_id: _issue, ...rest }) => rest);
      return { recipients, suppressed };
    }
    const expected = await finalState(events);
    expect(expected.recipients[0]).toMatchObject({ opened_at: new Date("2026-12-01T09:30:00Z"), complained_at: new Date("2026-12-01T10:10:00Z") });
    expect(expected.recipients[1]).toMatchObject({ bounced_at: new Date("2026-12-01T09:02:00Z"), bounce_type: "hard" });
    expect(expected.suppressed.map((row) => [row.email, row.reason])).toEqual([
      ["ada@example.net", "complaint"],
      ["bob@example.net", "hard_bounce"],
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }).chain((times) =>
          fc.shuffledSubarray(
            events.flatMap((delivery, index) => Array.from({ length: times[index]! }, () => delivery)),
            { minLength: times.reduce((sum, n) => sum + n, 0), maxLength: times.reduce((sum, n) => sum + n, 0) },
          ),
        ),
        async (deliveries) => {
          expect(await finalState(deliveries)).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("POST /webhooks/resend over HTTP", () => {
  async function post(payload: string, headers: Headers) {
    return fetch(`${app.base}/webhooks/resend`, { method: "POST", headers, body: payload });
  }

  it("takes the JSON body as received, verifies it and applies the event", async () => {
    await sentNewsletter();
    const payload = JSON.stringify(resendEvent("email.complained", "re-bob", "2026-12-01T11:00:00Z"));
    const response = await post(payload, signedHeaders(payload));
    expect(response.status).toBe(200);
    expect(await suppressionRows()).toMatchObject([{ email: "bob@example.net", reason: "complaint" }]);
  });

  it("answers 401 to a bad signature and 400 to a signed body that is not an event, each saying why in plain text, and 405 to a GET", async () => {
    const payload = JSON.stringify(resendEvent("email.complained", "re-bob", "2026-12-01T11:00:00Z"));
    const headers = signedHeaders(payload);
    headers.set("svix-signature", "v1,bm90IGEgc2lnbmF0dXJl");
    const forged = await post(payload, headers);
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await forged.text()).toMatch(/svix-signature.*RESEND_WEBHOOK_SECRET/);

    const notAnEvent = JSON.stringify({ type: "email.bounced", data: "<b>nothing</b>" });
    const unreadable = await post(notAnEvent, signedHeaders(notAnEvent));
    expect(unreadable.status).toBe(400);
    expect(await unreadable.text()).toMatch(/not a Resend event/);
    expect(await suppressionRows()).toEqual([]);

    const get = await fetch(`${app.base}/webhooks/resend`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
