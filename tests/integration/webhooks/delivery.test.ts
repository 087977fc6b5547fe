import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { attemptDeliveryNow } from "~/modules/webhooks/delivery-job.server";
import { listDeliveries, resendDelivery, sendTestEvent } from "~/modules/webhooks/delivery-log.server";
import { RESPONSE_BODY_MAX_BYTES } from "~/modules/webhooks/deliver.server";
import { checkEndpointUrl } from "~/modules/webhooks/endpoint-url.server";
import { rotateEndpointSecret, updateEndpoint } from "~/modules/webhooks/endpoints.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import { RETRY_DELAYS_SECONDS } from "~/modules/webhooks/retry-schedule";
import { isDomainFailure } from "~/utils/failures";
import { createWebhookEndpoint, deliveriesOf } from "../../factories";
import { useWebhookReceiver } from "../../fakes/webhook-receiver";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { deliverDue, verified } from "./support";

/** Delivery: retries on Svix's schedule, the log, resend, what is never sent, SSRF, the outbox's atomicity. */

useTestDatabase();
useJobQueue();
const receiver = useWebhookReceiver();

function erased(userId = randomUUID()) {
  return testDb()
    .transaction()
    .execute((trx) => emitWebhookEvent(trx, { type: "alumni.erased", data: { userId } }));
}

async function queuedAttempts(deliveryId: string) {
  const { rows } = await sql<{ start_after: Date; state: string }>`
    select start_after, state from pgboss.job where name = 'webhook-delivery' and data->>'deliveryId' = ${deliveryId} order by created_on`.execute(testDb());
  return rows;
}

function failureCode(error: unknown) {
  return isDomainFailure(error) ? error.code : error;
}

describe("a receiver that keeps failing", () => {
  it("is retried 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure, with the same webhook-id, then the delivery fails", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(receiver.url);
    receiver.answerWith(503);
    receiver.answerBody("x".repeat(5000));
    await erased();
    await deliverDue();
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempt_count: 1 });

    let failedAt = (await testDb().selectFrom("webhook_attempts").select("attempted_at").executeTakeFirstOrThrow()).attempted_at;
    for (const [step, delay] of RETRY_DELAYS_SECONDS.entries()) {
      const row = await testDb().selectFrom("webhook_deliveries").selectAll().where("id", "=", delivery!.id).executeTakeFirstOrThrow();
      const due = new Date(failedAt.getTime() + delay * 1000);
      expect(row.next_attempt_at).toEqual(due);
      // The next attempt is a queued job starting then, written with the attempt before it.
      expect((await queuedAttempts(delivery!.id)).at(-1)?.start_after).toEqual(due);
      // Not before its time.
      expect(await attemptDeliveryNow(delivery!.id, { now: new Date(due.getTime() - 1000) })).toEqual({ outcome: "skipped" });
      const outcome = await attemptDeliveryNow(delivery!.id, { now: due });
      expect(outcome.outcome).toBe(step === RETRY_DELAYS_SECONDS.length - 1 ? "failed" : "retry");
      failedAt = due;
    }

    const final = await testDb().selectFrom("webhook_deliveries").selectAll().where("id", "=", delivery!.id).executeTakeFirstOrThrow();
    expect(final).toMatchObject({ status: "failed", attempt_count: 8, next_attempt_at: null });
    const totalHours = RETRY_DELAYS_SECONDS.reduce((sum, seconds) => sum + seconds, 0) / 3600;
    expect(totalHours).toBeGreaterThan(24);
    expect(totalHours).toBeLessThan(30);

    // Eight posts, all with one webhook-id (the retries' timestamps are in the test's future: not verified here).
    expect(receiver.received).toHaveLength(8);
    expect(new Set(receiver.received.map((request) => request.headers["webhook-id"]))).toEqual(new Set([`msg_${delivery!.id}`]));
    expect(verified(secret, receiver.received[0]!).type).toBe("alumni.erased");

    // The log: every attempt with its status, duration and at most 1 KB of the answer; the endpoint shows as failing.
    const log = await listDeliveries(endpoint.id, 1);
    expect(log.deliveries[0]).toMatchObject({ status: "failed", attemptCount: 8, eventType: "alumni.erased" });
    expect(log.deliveries[0]!.attempts).toHaveLength(8);
    for (const attempt of log.deliveries[0]!.attempts) {
      expect(attempt).toMatchObject({ succeeded: false, statusCode: 503, trigger: "scheduled", errorCode: null });
      expect(attempt.responseBody).toBe("x".repeat(RESPONSE_BODY_MAX_BYTES));
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    }
    const endpointRow = await testDb().selectFrom("webhook_endpoints").select(["failing_since", "last_success_at"]).executeTakeFirstOrThrow();
    expect(endpointRow.failing_since).not.toBeNull();
    expect(endpointRow.last_success_at).toBeNull();

    // Resend: a new attempt at once, the same webhook-id, verified with the same library; the endpoint recovers.
    receiver.answerWith(200);
    await resendDelivery(endpoint.id, delivery!.id, { actorUserId: null });
    await deliverDue();
    expect(receiver.received).toHaveLength(9);
    const resent = receiver.received[8]!;
    expect(resent.headers["webhook-id"]).toBe(`msg_${delivery!.id}`);
    expect(verified(secret, resent)).toMatchObject({ type: "alumni.erased", version: 1 });
    const after = await listDeliveries(endpoint.id, 1);
    expect(after.deliveries[0]).toMatchObject({ status: "delivered", attemptCount: 9 });
    expect(after.deliveries[0]!.attempts.at(-1)).toMatchObject({ succeeded: true, statusCode: 200, trigger: "resend" });
    expect((await testDb().selectFrom("webhook_endpoints").select("failing_since").executeTakeFirstOrThrow()).failing_since).toBeNull();
  });

  it("records a receiver that does not answer in time as a timeout, to be retried", async () => {
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    receiver.answerWith(0);
    const deliveryId = await sendTestEvent(endpoint.id, { actorUserId: null });
    const outcome = await attemptDeliveryNow(deliveryId, {
      policy: { guard: { allowedInternalHosts: new InternalHostAllowList(["127.0.0.1"]) }, timeoutMs: 300 },
    });
    expect(outcome).toMatchObject({ outcome: "retry", statusCode: null, error: "timeout" });
  });
});

describe("what is never sent", () => {
  it("an event nobody subscribes to, or only a disabled endpoint does, writes and sends nothing", async () => {
    await createWebhookEndpoint(receiver.url, { eventTypes: ["consent.changed"] });
    await createWebhookEndpoint(receiver.url, { enabled: false });
    expect(await erased()).toBeNull();
    await deliverDue();
    expect(receiver.received).toEqual([]);
    expect(await testDb().selectFrom("webhook_events").select("id").execute()).toEqual([]);
    expect(await testDb().selectFrom("webhook_deliveries").select("id").execute()).toEqual([]);
  });

  it("disabling an endpoint cancels what waits for it, and nothing more goes out", async () => {
    const { endpoint } = await createWebhookEndpoint(receiver.url);
    await erased();
    await updateEndpoint(endpoint.id, { url: receiver.url, description: "", eventTypes: ["alumni.erased"], enabled: false }, { actorUserId: null });
    await deliverDue();
    expect(receiver.received).toEqual([]);
    expect((await deliveriesOf(endpoint.id)).map((delivery) => delivery.status)).toEqual(["cancelled"]);
    const refused = await resendDelivery(endpoint.id, (await deliveriesOf(endpoint.id))[0]!.id, { actorUserId: null }).catch(failureCode);
    expect(refused).toBe("webhook.endpointDisabled");
  });

  it("a rolled-back change emits nothing: no event, no delivery, no job, no request", async () => {
    await createWebhookEndpoint(receiver.url);
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await emitWebhookEvent(trx, { type: "alumni.erased", data: { userId: randomUUID() } });
          throw new Error("the change fails after the event was written");
        }),
    ).rejects.toThrow("the change fails");
    await deliverDue();
    expect(receiver.received).toEqual([]);
    expect(await testDb().selectFrom("webhook_events").select("id").execute()).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'webhook-delivery'`.execute(testDb());
    expect(rows[0]!.n).toBe(0);
  });

  it("the signing secret is in no stored row, job payload or audit entry; rotating it changes the signature", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(receiver.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await erased();
    const rotated = await rotateEndpointSecret(endpoint.id, { actorUserId: null });
    await deliverDue();
    const stored = JSON.stringify([
      await testDb().selectFrom("webhook_endpoints").selectAll().execute(),
      (await sql`select data from pgboss.job`.execute(testDb())).rows,
      await testDb().selectFrom("audit_log").selectAll().execute(),
      await testDb().selectFrom("webhook_attempts").selectAll().execute(),
    ]);
    for (const value of [secret, rotated]) expect(stored).not.toContain(value.slice("whsec_".length));
    expect(() => verified(secret, receiver.received[0]!)).toThrow();
    expect(verified(rotated, receiver.received[0]!).type).toBe("alumni.erased");
  });
});

describe("server-side request forgery", () => {
  const production = { allowedInternalHosts: new InternalHostAllowList([]) };

  it("refuses internal addresses, local names, credentials and (in production) http when the endpoint is saved", () => {
    const refusal = (url: string, guard = production) => {
      try {
        checkEndpointUrl(url, guard);
        return "accepted";
      } catch (error) {
        return failureCode(error);
      }
    };
    for (const url of ["https://10.0.0.5/hook", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://127.0.0.1:5432/", "https://printer.local/", "https://metadata.google.internal/"]) {
      expect(refusal(url), url).toBe("webhook.privateAddress");
    }
    expect(refusal("http://hooks.example.com/")).toBe("webhook.httpsRequired");
    expect(refusal("http://127.0.0.1:8080/")).toBe("webhook.httpsRequired");
    expect(refusal("https://user:pass@hooks.example.com/")).toBe("webhook.urlCredentials");
    expect(refusal("ftp://hooks.example.com/")).toBe("webhook.urlInvalid");
    expect(refusal("https://hooks.example.com/alumni")).toBe("accepted");
    // An allow-listed intranet receiver may be internal and use http.
    expect(refusal("http://hr-bus.corp.example/hook", { allowedInternalHosts: new InternalHostAllowList(["hr-bus.corp.example"]) })).toBe("accepted");
  });

  it("refuses, at delivery, a host name that resolves to an internal address (DNS rebinding included)", async () => {
    const { endpoint } = await createWebhookEndpoint("https://hooks.example.test/alumni");
    const deliveryId = await sendTestEvent(endpoint.id, { actorUserId: null });
    const rebinding = { allowedInternalHosts: new InternalHostAllowList([]), resolve: async () => [{ address: "127.0.0.1", family: 4 }] };
    const outcome = await attemptDeliveryNow(deliveryId, { policy: { guard: rebinding, timeoutMs: 2000 } });
    expect(outcome).toMatchObject({ outcome: "retry", error: "blocked_address", statusCode: null });
    expect(receiver.received).toEqual([]);
    const log = await listDeliveries(endpoint.id, 1);
    expect(log.deliveries[0]!.attempts[0]).toMatchObject({ succeeded: false, errorCode: "blocked_address" });
  });
});
