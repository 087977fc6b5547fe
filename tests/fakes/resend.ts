import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the parts of Resend's HTTP API the portal uses, so that tests run the real
 * `resend` SDK (pointed here with RESEND_BASE_URL) against behaviour that matches the service:
 *
 * - `POST /emails` and `POST /emails/batch` (at most 100 messages; strict or permissive validation,
 *   chosen by the `x-batch-validation` header as the SDK sends it), `GET /emails/:id`;
 * - bearer authentication: 401 `missing_api_key`, 403 `invalid_api_key`;
 * - errors as Resend shapes them: `{ statusCode, message, name }`; 422 `missing_required_field` for
 *   an absent field and 422 `validation_error` for a malformed one;
 * - `Idempotency-Key`: a successful answer is replayed for 24 hours (same key and same payload: same
 *   answer, no second message); same key with another payload: 409 `invalid_idempotent_request`;
 *   same key while the first request is still being handled: 409 `concurrent_idempotent_requests`;
 *   a key longer than 256 characters: 400 `invalid_idempotency_key`. Failed requests are not
 *   remembered, so a retry after a 5xx goes through;
 * - a per-second rate limit (off by default) answering 429 `rate_limit_exceeded` with `retry-after`
 *   and the `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset` headers;
 * - failures on demand (`failNext(count, status)`, or `"network"` to drop the connection), and a
 *   send held on demand while it owns its idempotency key (`holdNextSend()`), for tests of requests
 *   in flight that wait on an event rather than on a timer;
 * - random failures of send requests at a set probability from a seeded generator
 *   (`setRandomFailures`): a 5xx before the request is handled, or after it was handled (the
 *   messages went out and the answer was lost, which only the idempotency key makes safe to retry);
 * - `deliveriesTo(address)`: how many messages one address received, to prove "exactly once".
 */

export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  /** The message's own headers (the `headers` field of the API payload), e.g. List-Unsubscribe. */
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  idempotencyKey: string | null;
  /** The HTTP request's headers, lower-cased (authorization left out). */
  requestHeaders: Record<string, string>;
  /** True when it came through POST /emails/batch. */
  batch: boolean;
  createdAt: Date;
}

export interface FakeResendOptions {
  /** The only accepted key; a random `re_test_…` by default. */
  apiKey?: string;
  /** Requests per second per key before answering 429; null (the default) turns limiting off. */
  rateLimit?: number | null;
  /** How long an idempotent answer is replayed (24 hours at Resend). */
  idempotencyTtlMs?: number;
  /** The clock, replaceable to test expiry and rate windows. */
  now?: () => number;
  /**
   * False keeps each message's envelope but not its html and text (stored as null): a benchmark
   * that sends 100,000 newsletters would otherwise hold them all in its memory. True by default.
   */
  keepContent?: boolean;
}

export type FailureStatus = number | "network";

export interface SendHold {
  /** Resolves once a send request has arrived and is being held. */
  reached: Promise<void>;
  /** Lets the held request (or, if none arrived yet, the next one) go on. */
  release(): void;
}

interface PendingHold {
  arrived(): void;
  released: Promise<void>;
  release(): void;
}

export interface FakeResend {
  /** Base URL for RESEND_BASE_URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  apiKey: string;
  /** Every message accepted, oldest first. */
  received: ReceivedEmail[];
  /** How many HTTP requests reached the server since the start or the last reset (any outcome). */
  requestCount(): number;
  /**
   * The most recent message to `to` (case-insensitive) whose subject matches, or the next one to
   * arrive within `timeoutMs` (default 5 s).
   */
  waitForEmail(to: string, options?: { timeoutMs?: number; subject?: string | RegExp }): Promise<ReceivedEmail>;
  /** The absolute http(s) links of a message, in order, without duplicates (from its HTML, else its text). */
  linksIn(email: ReceivedEmail): string[];
  /** The next `count` email requests fail with this status (default 500), or drop the connection. */
  failNext(count: number, status?: FailureStatus): void;
  setRateLimit(requestsPerSecond: number | null): void;
  /**
   * From now on each send request fails with a 500 with this probability (0 turns it off), drawn
   * from a generator seeded with `seed`: `when: "before"` fails it unhandled, `"after"` handles it
   * (messages delivered, answer remembered for its idempotency key) and then answers 500.
   */
  setRandomFailures(probability: number, options?: { seed?: number; when?: "before" | "after" }): void;
  /** How many accepted messages were addressed to `address` (case-insensitive). */
  deliveriesTo(address: string): number;
  /**
   * Each send is answered this many milliseconds after it was handled (0 by default): like the real
   * service's round trip, and a window in which a client killed has posted but not heard back.
   */
  setResponseDelay(ms: number): void;
  /** How many 429 answers the server gave since the start or the last reset. */
  rateLimitedCount(): number;
  /**
   * Holds the next send request once it owns its idempotency key (if it has one), until release():
   * `reached` resolves when the request is held, so a test can act while it is in flight.
   */
  holdNextSend(): SendHold;
  /** Forgets messages, idempotency keys, pending failures, rate windows and the request count; back to the start options. */
  reset(): void;
  /** Lets this process exit while the server still listens (one shared by several test files lives as long as the process). */
  unref(): void;
  close(): Promise<void>;
}

const MAX_RECIPIENTS = 50;
const MAX_BATCH = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+)>$/;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;

class ApiError {
  constructor(
    readonly statusCode: number,
    readonly name: string,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

interface IdempotencyEntry {
  fingerprint: string;
  state: "in_flight" | "done";
  status?: number;
  body?: unknown;
  expiresAt: number;
}

interface Waiter {
  matches: (email: ReceivedEmail) => boolean;
  resolve: (email: ReceivedEmail) => void;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomBytes(12).toString("hex")}`;
  const now = options.now ?? Date.now;
  const ttl = options.idempotencyTtlMs ?? DAY_MS;

  const received: ReceivedEmail[] = [];
  const idempotency = new Map<string, IdempotencyEntry>();
  const failures: FailureStatus[] = [];
  const waiters = new Set<Waiter>();
  let rateLimit = options.rateLimit ?? null;
  const holds: PendingHold[] = [];
  let rateWindow = { start: 0, count: 0 };
  let requests = 0;
  let rateLimited = 0;
  let responseDelayMs = 0;
  let random: { probability: number; next: () => number; when: "before" | "after" } | null = null;
  const perAddress = new Map<string, number>();

  function rateHeaders(): Record<string, string> {
    if (rateLimit === null) return {};
    const reset = Math.max(1, Math.ceil((rateWindow.start + 1000 - now()) / 1000));
    return {
      "ratelimit-limit": String(rateLimit),
      "ratelimit-remaining": String(Math.max(0, rateLimit - rateWindow.count)),
      "ratelimit-reset": String(reset),
    };
  }

  function takeRateSlot() {
    if (rateLimit === null) return;
    const windowStart = Math.floor(now() / 1000) * 1000;
    if (windowStart !== rateWindow.start) rateWindow = { start: windowStart, count: 0 };
    if (rateWindow.count >= rateLimit) {
      rateLimited += 1;
      const headers = rateHeaders();
      throw new ApiError(
        429,
        "rate_limit_exceeded",
        "Too many requests. You can only make " + rateLimit + " requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.",
        { ...headers, "retry-after": headers["ratelimit-reset"]! },
      );
    }
    rateWindow.count += 1;
  }

  function authenticate(req: IncomingMessage) {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    if (!match || !match[1]?.trim()) {
      throw new ApiError(401, "missing_api_key", "Missing API key in the authorization header.");
    }
    if (match[1].trim() !== apiKey) throw new ApiError(403, "invalid_api_key", "API key is invalid.");
  }

  function deliver(email: ReceivedEmail) {
    received.push(options.keepContent === false ? { ...email, html: null, text: null } : email);
    for (const address of email.to) perAddress.set(address.toLowerCase(), (perAddress.get(address.toLowerCase()) ?? 0) + 1);
    for (const waiter of [...waiters]) {
      if (waiter.matches(email)) {
        waiters.delete(waiter);
        waiter.resolve(email);
      }
    }
  }

  async function handleSend(req: IncomingMessage, path: "/emails" | "/emails/batch"): Promise<{ status: number; body: unknown }> {
    const raw = await readBody(req);
    let payload: unknown;
    try {
      payload = raw.length === 0 ? undefined : JSON.parse(raw);
    } catch {
      throw new ApiError(422, "validation_error", "Invalid JSON in the request body.");
    }

    const key = headerValue(req, "idempotency-key");
    let entryKey: string | undefined;
    if (key !== undefined) {
      if (key.length < 1 || key.length > 256) {
        throw new ApiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
      }
      entryKey = `${apiKey}:${key}`;
      // A digest, not the payload: a 100,000-recipient send keeps 1,000 keys for a day.
      const fingerprint = createHash("sha256").update(`${path}:${canonicalJson(payload)}`).digest("base64");
      const existing = idempotency.get(entryKey);
      if (existing && existing.expiresAt <= now()) idempotency.delete(entryKey);
      const current = idempotency.get(entryKey);
      if (current) {
        if (current.fingerprint !== fingerprint) {
          throw new ApiError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
        }
        if (current.state === "in_flight") {
          throw new ApiError(
            409,
            "concurrent_idempotent_requests",
            "Same idempotency key used while original request is still in progress.",
          );
        }
        return { status: current.status!, body: current.body };
      }
      idempotency.set(entryKey, { fingerprint, state: "in_flight", expiresAt: now() + ttl });
    }

    try {
      const hold = holds.shift();
      if (hold) {
        hold.arrived();
        await hold.released;
      }
      const context = { key: key ?? null, requestHeaders: visibleHeaders(req) };
      const result =
        path === "/emails"
          ? sendOne(payload, context)
          : sendBatch(payload, context, headerValue(req, "x-batch-validation") === "permissive");
      if (entryKey) {
        idempotency.set(entryKey, { ...idempotency.get(entryKey)!, state: "done", status: 200, body: result });
      }
      return { status: 200, body: result };
    } catch (error) {
      // Only successful answers are remembered: a corrected or retried request may go through.
      if (entryKey) idempotency.delete(entryKey);
      throw error;
    }
  }

  function sendOne(payload: unknown, context: { key: string | null; requestHeaders: Record<string, string> }) {
    const message = validateMessage(payload, "");
    const email = { ...message, id: randomUUID(), idempotencyKey: context.key, requestHeaders: context.requestHeaders, batch: false, createdAt: new Date(now()) };
    deliver(email);
    return { id: email.id };
  }

  function sendBatch(payload: unknown, context: { key: string | null; requestHeaders: Record<string, string> }, permissive: boolean) {
    if (!Array.isArray(payload)) throw new ApiError(422, "validation_error", "The request body must be an array of emails.");
    if (payload.length === 0) throw new ApiError(422, "validation_error", "The batch must contain at least one email.");
    if (payload.length > MAX_BATCH) {
      throw new ApiError(422, "validation_error", `Too many emails in the batch: the maximum is ${MAX_BATCH}, got ${payload.length}.`);
    }
    const accepted: Omit<ReceivedEmail, "id" | "idempotencyKey" | "requestHeaders" | "batch" | "createdAt">[] = [];
    const errors: { index: number; message: string }[] = [];
    payload.forEach((item, index) => {
      try {
        const record = item as Record<string, unknown> | null;
        if (record && typeof record === "object" && (record.attachments !== undefined || record.scheduled_at !== undefined)) {
          throw new ApiError(422, "validation_error", "Attachments and scheduled_at are not supported in batch emails.");
        }
        accepted.push(validateMessage(item, `[${index}]`));
      } catch (error) {
        if (!(error instanceof ApiError) || !permissive) throw error;
        errors.push({ index, message: error.message });
      }
    });
    const data = accepted.map((message) => {
      const email = { ...message, id: randomUUID(), idempotencyKey: context.key, requestHeaders: context.requestHeaders, batch: true, createdAt: new Date(now()) };
      deliver(email);
      return { id: email.id };
    });
    return permissive ? { data, errors } : { data };
  }

  const server = createServer((req, res) => {
    requests += 1;
    void route(req, res).catch((error: unknown) => {
      if (error instanceof ApiError) return sendJson(res, error.statusCode, { statusCode: error.statusCode, message: error.message, name: error.name }, error.headers);
      sendJson(res, 500, { statusCode: 500, message: String(error), name: "internal_server_error" });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake.invalid").pathname.replace(/\/+$/, "") || "/";
    const isSend = path === "/emails" || path === "/emails/batch";
    const getOne = /^\/emails\/([0-9a-f-]{36})$/.exec(path);
    if (!isSend && !getOne) throw new ApiError(404, "not_found", "The requested endpoint does not exist.");
    if ((isSend && req.method !== "POST") || (getOne && req.method !== "GET")) {
      throw new ApiError(405, "method_not_allowed", "Method is not allowed for the requested path.");
    }
    authenticate(req);
    const failure = failures.shift();
    if (failure === "network") {
      req.socket.destroy();
      return;
    }
    if (failure !== undefined) {
      throw new ApiError(failure, failureName(failure), "The fake Resend server was told to fail this request.");
    }
    takeRateSlot();
    if (getOne) {
      const email = received.find((e) => e.id === getOne[1]);
      if (!email) throw new ApiError(404, "not_found", "Email not found.");
      return sendJson(res, 200, {
        object: "email",
        id: email.id,
        from: email.from,
        to: email.to,
        cc: email.cc,
        bcc: email.bcc,
        reply_to: email.replyTo,
        subject: email.subject,
        html: email.html,
        text: email.text,
        created_at: email.createdAt.toISOString(),
        last_event: "delivered",
      }, rateHeaders());
    }
    const unlucky = random !== null && random.next() < random.probability ? random.when : null;
    if (unlucky === "before") throw new ApiError(500, "internal_server_error", "The fake Resend server failed this request at random (before handling it).");
    const { status, body } = await handleSend(req, path as "/emails" | "/emails/batch");
    if (responseDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, responseDelayMs));
    if (unlucky === "after") throw new ApiError(500, "internal_server_error", "The fake Resend server failed this request at random (after handling it).");
    sendJson(res, status, body, rateHeaders());
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    received,
    requestCount: () => requests,
    waitForEmail(to, waitOptions = {}) {
      const matches = (email: ReceivedEmail) =>
        email.to.some((address) => address.toLowerCase() === to.toLowerCase()) &&
        (waitOptions.subject === undefined ||
          (typeof waitOptions.subject === "string" ? email.subject === waitOptions.subject : waitOptions.subject.test(email.subject)));
      const existing = [...received].reverse().find(matches);
      if (existing) return Promise.resolve(existing);
      const timeoutMs = waitOptions.timeoutMs ?? 5_000;
      return new Promise<ReceivedEmail>((resolve, reject) => {
        const waiter: Waiter = {
          matches,
          resolve: (email) => {
            clearTimeout(timer);
            resolve(email);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = received.map((e) => `${e.to.join(",")}: ${e.subject}`).join("; ") || "nothing";
          reject(new Error(`No email to ${to}${waitOptions.subject ? ` with subject ${String(waitOptions.subject)}` : ""} within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    linksIn(email) {
      const links = email.html ? hrefsIn(email.html) : urlsIn(email.text ?? "");
      return [...new Set(links.filter((link) => /^https?:\/\//i.test(link)))];
    },
    failNext(count, status = 500) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    setRateLimit(requestsPerSecond) {
      rateLimit = requestsPerSecond;
      rateWindow = { start: 0, count: 0 };
    },
    setRandomFailures(probability, randomOptions = {}) {
      random = probability > 0 ? { probability, next: seededRandom(randomOptions.seed ?? 1), when: randomOptions.when ?? "before" } : null;
    },
    deliveriesTo(address) {
      return perAddress.get(address.toLowerCase()) ?? 0;
    },
    rateLimitedCount: () => rateLimited,
    setResponseDelay(ms) {
      responseDelayMs = ms;
    },
    holdNextSend() {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ arrived, released, release });
      return { reached, release };
    },
    reset() {
      received.length = 0;
      idempotency.clear();
      failures.length = 0;
      rateLimit = options.rateLimit ?? null;
      for (const hold of holds.splice(0)) hold.release();
      rateWindow = { start: 0, count: 0 };
      requests = 0;
      rateLimited = 0;
      responseDelayMs = 0;
      random = null;
      perAddress.clear();
    },
    unref() {
      server.unref();
    },
    close() {
      for (const waiter of waiters) waiters.delete(waiter);
      for (const hold of holds.splice(0)) hold.release();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* ---------- validation, shaped like Resend's messages ---------- */

type Message = Omit<ReceivedEmail, "id" | "idempotencyKey" | "requestHeaders" | "batch" | "createdAt">;

function validateMessage(payload: unknown, where: string): Message {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    throw new ApiError(422, "validation_error", `The email${where} must be a JSON object.`);
  }
  const body = payload as Record<string, unknown>;
  const field = (name: string) => `\`${name}\`${where ? ` of email ${where}` : ""}`;
  for (const name of ["from", "to", "subject"]) {
    if (body[name] === undefined || body[name] === null || body[name] === "") {
      throw new ApiError(422, "missing_required_field", `Missing ${field(name)} field.`);
    }
  }
  if (typeof body.from !== "string" || !isAddress(body.from)) {
    throw new ApiError(
      422,
      "validation_error",
      `Invalid ${field("from")} field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
    );
  }
  if (typeof body.subject !== "string") throw new ApiError(422, "validation_error", `Invalid ${field("subject")} field.`);
  const to = addressList(body.to, field("to"), true);
  const cc = addressList(body.cc, field("cc"), false);
  const bcc = addressList(body.bcc, field("bcc"), false);
  const replyTo = addressList(body.reply_to, field("reply_to"), false);
  const html = optionalString(body.html, field("html"));
  const text = optionalString(body.text, field("text"));
  if (!html && !text && body.template === undefined) {
    throw new ApiError(422, "validation_error", `Missing \`html\` or \`text\` field${where ? ` of email ${where}` : ""}.`);
  }
  const headers: Record<string, string> = {};
  if (body.headers !== undefined) {
    if (!body.headers || typeof body.headers !== "object" || Array.isArray(body.headers)) {
      throw new ApiError(422, "validation_error", `Invalid ${field("headers")} field: it must be an object of strings.`);
    }
    for (const [name, value] of Object.entries(body.headers)) {
      if (typeof value !== "string") throw new ApiError(422, "validation_error", `Invalid ${field("headers")} field: "${name}" must be a string.`);
      headers[name] = value;
    }
  }
  const tags: { name: string; value: string }[] = [];
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags)) throw new ApiError(422, "validation_error", `Invalid ${field("tags")} field: it must be an array.`);
    for (const tag of body.tags as { name?: unknown; value?: unknown }[]) {
      if (typeof tag?.name !== "string" || typeof tag.value !== "string" || !TAG_PART.test(tag.name) || !TAG_PART.test(tag.value)) {
        throw new ApiError(
          422,
          "validation_error",
          `Invalid ${field("tags")} field: names and values may only contain ASCII letters, numbers, underscores and dashes.`,
        );
      }
      tags.push({ name: tag.name, value: tag.value });
    }
  }
  return { from: body.from, to, cc, bcc, replyTo, subject: body.subject, html, text, headers, tags };
}

function isAddress(value: string): boolean {
  const trimmed = value.trim();
  return ADDRESS.test(trimmed) || NAMED_ADDRESS.test(trimmed);
}

function addressList(value: unknown, label: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw new ApiError(422, "missing_required_field", `Missing ${label} field.`);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_RECIPIENTS) {
    throw new ApiError(422, "validation_error", `Invalid ${label} field: at most ${MAX_RECIPIENTS} recipients are allowed.`);
  }
  if (required && list.length === 0) throw new ApiError(422, "missing_required_field", `Missing ${label} field.`);
  for (const item of list) {
    if (typeof item !== "string" || !isAddress(item)) {
      throw new ApiError(
        422,
        "validation_error",
        `Invalid ${label} field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      );
    }
  }
  return list as string[];
}

function optionalString(value: unknown, label: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ApiError(422, "validation_error", `Invalid ${label} field: it must be a string.`);
  return value;
}

function failureName(status: number): string {
  if (status === 429) return "rate_limit_exceeded";
  if (status === 500) return "internal_server_error";
  if (status >= 500) return "application_error";
  if (status === 422) return "validation_error";
  return "application_error";
}

/* ---------- HTTP helpers ---------- */

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function visibleHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "authorization" || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** JSON with object keys sorted, so that the same payload always gives the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/* ---------- reading links ---------- */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function hrefsIn(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    links.push(decodeEntities((match[1] ?? match[2] ?? match[3] ?? "").trim()));
  }
  return links;
}

function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"'\])]+/gi)].map((m) => m[0]);
}
