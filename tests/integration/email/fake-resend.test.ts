import { Resend } from "resend";
import { startFakeResend, type FakeResend } from "../../fakes/resend";

/** The fake must behave like Resend for the real SDK: these tests drive it only through the SDK or raw HTTP. */

let fake: FakeResend;
let resend: Resend;

beforeAll(async () => {
  fake = await startFakeResend();
  resend = new Resend(fake.apiKey, { baseUrl: fake.url });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const message = {
  from: "Acme Alumni <alumni@acme.test>",
  to: "ada@example.test",
  subject: "Hello",
  html: '<p><a href="https://portal.test/login/magic/abc?x=1&amp;y=2">Sign in</a> <a href="/relative">x</a> <a href=\'https://portal.test/other\'>y</a></p>',
  text: "Sign in: https://portal.test/login/magic/abc?x=1&y=2",
};

describe("fake Resend: sending", () => {
  it("accepts a message from the SDK and records it with its id", async () => {
    const { data, error } = await resend.emails.send({ ...message, headers: { "X-Entity": "42" } }, { idempotencyKey: "k-1" });
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]).toMatchObject({
      id: data!.id,
      from: message.from,
      to: ["ada@example.test"],
      subject: "Hello",
      text: message.text,
      headers: { "X-Entity": "42" },
      idempotencyKey: "k-1",
      batch: false,
    });
    expect(fake.received[0]!.requestHeaders["user-agent"]).toMatch(/^resend-node:/);
  });

  it("reads the absolute links of a message's HTML, decoded and in order", async () => {
    await resend.emails.send(message);
    const email = await fake.waitForEmail("ADA@example.test");
    expect(fake.linksIn(email)).toEqual(["https://portal.test/login/magic/abc?x=1&y=2", "https://portal.test/other"]);
  });

  it("waits for a message that arrives later, filtered by subject", async () => {
    const waiting = fake.waitForEmail("grace@example.test", { subject: /invited/, timeoutMs: 2_000 });
    await resend.emails.send({ ...message, to: "grace@example.test", subject: "Something else" });
    await resend.emails.send({ ...message, to: "grace@example.test", subject: "You are invited" });
    expect((await waiting).subject).toBe("You are invited");
  });

  it("gives up waiting with an error that lists what did arrive", async () => {
    await resend.emails.send(message);
    await expect(fake.waitForEmail("nobody@example.test", { timeoutMs: 50 })).rejects.toThrow(
      /No email to nobody@example.test within 50 ms \(received: ada@example.test: Hello\)/,
    );
  });

  it("answers 422 missing_required_field or validation_error like Resend", async () => {
    const missingTo = await resend.emails.send({ ...message, to: undefined as unknown as string });
    expect(missingTo.error).toEqual({ statusCode: 422, name: "missing_required_field", message: "Missing `to` field." });

    const badFrom = await resend.emails.send({ ...message, from: "not an address" });
    expect(badFrom.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(badFrom.error?.message).toContain("Invalid `from` field");

    const noBody = await resend.emails.send({ from: message.from, to: message.to, subject: "x" } as never);
    expect(noBody.error).toMatchObject({ statusCode: 422, name: "validation_error", message: "Missing `html` or `text` field." });

    const tooMany = await resend.emails.send({ ...message, to: Array.from({ length: 51 }, (_, i) => `p${i}@example.test`) });
    expect(tooMany.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.received).toHaveLength(0);
  });

  it("requires a bearer key: 401 when missing, 403 when wrong", async () => {
    const missing = await fetch(`${fake.url}/emails`, { method: "POST", body: JSON.stringify(message), headers: { "content-type": "application/json" } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });

    const wrong = await new Resend("re_wrong", { baseUrl: fake.url }).emails.send(message);
    expect(wrong.error).toEqual({ statusCode: 403, name: "invalid_api_key", message: "API key is invalid." });
    expect(fake.received).toHaveLength(0);
  });
});

describe("fake Resend: idempotency", () => {
  it("replays the first answer for the same key and payload, without a second message", async () => {
    const first = await resend.emails.send(message, { idempotencyKey: "email/1" });
    const second = await resend.emails.send({ ...message }, { idempotencyKey: "email/1" });
    expect(second.data?.id).toBe(first.data?.id);
    expect(fake.received).toHaveLength(1);
  });

  it("refuses the same key with another payload (409 invalid_idempotent_request)", async () => {
    await resend.emails.send(message, { idempotencyKey: "email/2" });
    const other = await resend.emails.send({ ...message, subject: "Changed" }, { idempotencyKey: "email/2" });
    expect(other.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    expect(fake.received).toHaveLength(1);
  });

  it("refuses the same key while the first request is in flight (409 concurrent_idempotent_requests)", async () => {
    const hold = fake.holdNextSend();
    const first = resend.emails.send(message, { idempotencyKey: "email/3" });
    await hold.reached;
    const second = await resend.emails.send(message, { idempotencyKey: "email/3" });
    hold.release();
    expect((await first).error).toBeNull();
    expect(second.error).toMatchObject({ statusCode: 409, name: "concurrent_idempotent_requests" });
    expect(fake.received).toHaveLength(1);
  });

  it("refuses a key longer than 256 characters", async () => {
    const { error } = await resend.emails.send(message, { idempotencyKey: "k".repeat(257) });
    expect(error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
  });

  it("does not remember failures, so a retry with the same key goes through", async () => {
    fake.failNext(1, 503);
    const failed = await resend.emails.send(message, { idempotencyKey: "email/4" });
    expect(failed.error).toMatchObject({ statusCode: 503 });
    const retried = await resend.emails.send(message, { idempotencyKey: "email/4" });
    expect(retried.error).toBeNull();
    expect(fake.received).toHaveLength(1);
  });

  it("forgets a key after 24 hours", async () => {
    let clock = Date.parse("2026-11-27T10:00:00Z");
    const timed = await startFakeResend({ now: () => clock });
    try {
      const client = new Resend(timed.apiKey, { baseUrl: timed.url });
      const first = await client.emails.send(message, { idempotencyKey: "email/5" });
      clock += 24 * 60 * 60 * 1000 - 1;
      expect((await client.emails.send(message, { idempotencyKey: "email/5" })).data?.id).toBe(first.data?.id);
      clock += 2;
      const later = await client.emails.send(message, { idempotencyKey: "email/5" });
      expect(later.data?.id).not.toBe(first.data?.id);
      expect(timed.received).toHaveLength(2);
    } finally {
      await timed.close();
    }
  });
});

describe("fake Resend: failures and limits", () => {
  it("fails the next requests with the status asked for, in Resend's error shape", async () => {
    fake.failNext(2, 500);
    expect((await resend.emails.send(message)).error).toMatchObject({ statusCode: 500, name: "internal_server_error" });
    expect((await resend.emails.send(message)).error).toMatchObject({ statusCode: 500 });
    expect((await resend.emails.send(message)).error).toBeNull();
    expect(fake.received).toHaveLength(1);
  });

  it("can drop the connection, which the SDK reports with a null status", async () => {
    fake.failNext(1, "network");
    const { error } = await resend.emails.send(message);
    expect(error).toMatchObject({ statusCode: null, name: "application_error" });
  });

  it("answers 429 rate_limit_exceeded with retry-after and ratelimit headers past the limit", async () => {
    const clock = 10_250;
    const limited = await startFakeResend({ now: () => clock });
    try {
      limited.setRateLimit(2);
      const client = new Resend(limited.apiKey, { baseUrl: limited.url });
      const first = await client.emails.send(message);
      await client.emails.send(message);
      const refused = await client.emails.send(message);
      expect(first.headers).toMatchObject({ "ratelimit-limit": "2", "ratelimit-remaining": "1" });
      expect(refused.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
      expect(refused.headers).toMatchObject({
        "ratelimit-limit": "2",
        "ratelimit-remaining": "0",
        "ratelimit-reset": "1",
        "retry-after": "1",
      });
      expect(limited.received).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it("counts requests per one-second window", async () => {
    let clock = 5_000;
    const timed = await startFakeResend({ now: () => clock, rateLimit: 1 });
    try {
      const client = new Resend(timed.apiKey, { baseUrl: timed.url });
      expect((await client.emails.send(message)).error).toBeNull();
      expect((await client.emails.send(message)).error).toMatchObject({ statusCode: 429 });
      clock += 1_000;
      expect((await client.emails.send(message)).error).toBeNull();
      timed.setRateLimit(null);
      expect((await client.emails.send(message)).headers?.["ratelimit-limit"]).toBeUndefined();
    } finally {
      await timed.close();
    }
  });
});

describe("fake Resend: batch", () => {
  const batchOf = (n: number) => Array.from({ length: n }, (_, i) => ({ ...message, to: `p${i}@example.test` }));

  it("sends up to 100 messages and answers their ids in order", async () => {
    const { data, error } = await resend.batch.send(batchOf(3), { idempotencyKey: "batch/1" });
    expect(error).toBeNull();
    expect(data?.data.map((d) => d.id)).toEqual(fake.received.map((e) => e.id));
    expect(fake.received.map((e) => e.to[0])).toEqual(["p0@example.test", "p1@example.test", "p2@example.test"]);
    expect(fake.received.every((e) => e.batch && e.idempotencyKey === "batch/1")).toBe(true);
    const replay = await resend.batch.send(batchOf(3), { idempotencyKey: "batch/1" });
    expect(replay.data).toEqual(data);
    expect(fake.received).toHaveLength(3);
  });

  it("refuses more than 100 messages", async () => {
    const { error } = await resend.batch.send(batchOf(101));
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.received).toHaveLength(0);
  });

  it("refuses the whole batch for one bad message in strict mode, and skips it in permissive mode", async () => {
    const items = batchOf(3);
    items[1] = { ...items[1]!, to: "broken" };
    const strict = await resend.batch.send(items);
    expect(strict.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.received).toHaveLength(0);

    const permissive = await resend.batch.send(items, { batchValidation: "permissive" });
    expect(permissive.error).toBeNull();
    expect(permissive.data?.data).toHaveLength(2);
    expect(permissive.data).toMatchObject({ errors: [{ index: 1 }] });
    expect(fake.received).toHaveLength(2);
  });
});
