import { request as httpRequest } from "node:http";
import fc from "fast-check";
import Papa from "papaparse";
import { Webhook } from "svix";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { useTestDatabase } from "../../support/database";
import { formsIn, linksIn, type FoundForm } from "../../support/fuzz/html-forms";
import { encodeForm, FORMULA_MARKER, formPlan, hostileJson, hostileValue, RAW_MARKUP, rawBody, type FieldMutation, type FormPlan, type HostileValue, type RawBody } from "../../support/fuzz/hostile";
import { FuzzWorld, type Reach } from "../../support/fuzz/reach";
import { useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { installOffboardingDefaults } from "../../factories";
import { portalRoutes, type PortalRoute } from "../../support/route-manifest";
import { setEnvForThisFile, webhookSecretFrom } from "../../support/environment";

/**
 * Issue 15, "bad input everywhere": property-based fuzzing (fast-check) of every action and API
 * endpoint, enumerated from the built app's route manifest. Each route is reached as someone it lets
 * in (tests/support/fuzz/reach.ts), so hostile input meets its validation, not its sign-in wall:
 * - its forms, read from its page, are sent with hostile values (markup, SQL, control characters,
 *   invalid UTF-8, huge numbers, wrong dates, 100k-character text) in one field at a time or all,
 *   fields missing or sent twice, unknown fields, urlencoded or multipart;
 * - the API gets its documented bodies (from its OpenAPI examples) with hostile JSON values, wrong
 *   methods and hostile query strings; the Resend webhook gets hostile events, correctly signed;
 * - every route gets bodies that are not what it expects: oversized, wrong content types, deep or
 *   broken JSON, invalid UTF-8, random bytes.
 * Properties: never a 5xx; a refusal is a 4xx that says why (a form with its error, an error page,
 * problem+json); no answer renders a hostile value as markup. After all that, every page each role
 * can reach (lists, HR pages, the outbox and its emails) is read again: stored values must be escaped,
 * and the CSV exports must neutralise formulas.
 *
 * FUZZ_RUNS (default 1) sets the cases per property and route; FUZZ_SEED replays a run (the seed is
 * printed at the start and in every failure, with the command that replays it).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const WEBHOOK_SECRET = webhookSecretFrom("the input fuzzer's webhook secret");

// The built app reads its environment once: this file gets a copy of the build that has not.
setEnvForThisFile("RESEND_WEBHOOK_SECRET", WEBHOOK_SECRET);

useTestDatabase();
useJobQueue();
const app = useHttpApp({ freshBuild: true });

const ROUTES = await portalRoutes();
const ACTIONS = ROUTES.filter((route) => route.hasAction);

let openApi: OpenApi;

beforeAll(async () => {
  console.info(`input fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} (${ACTIONS.length} routes with an action)`);
  openApi = (await (await fetch(`${app.base}/api/v1/openapi.json`)).json()) as OpenApi;
});

beforeEach(async () => {
  await installOffboardingDefaults();
});

/* ------------------------------------------------------------------ answers */

interface Answer {
  status: number;
  type: string;
  location: string | null;
  text: string;
}

/**
 * One request over node:http rather than fetch: a refused body (413) is answered before it is read,
 * and the server then closes the connection while the body is still being written. fetch reports
 * that as a failure; a browser, like this, reads the answer that came.
 */
function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer; contentType?: string | null }): Promise<Answer> {
  const headers: Record<string, string> = { Origin: app.base, ...init.headers };
  if (init.contentType) headers["Content-Type"] = init.contentType;
  if (init.body) headers["Content-Length"] = String(init.body.byteLength);
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(`${app.base}${path}`, { method: init.method ?? "POST", headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers["content-type"] ?? ""),
          location: response.headers.location ?? null,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", reject);
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    request.end(init.body);
  });
}

/** The sign-in wall: what a route answers someone it does not let in. */
function isAuthWall(answer: Answer): boolean {
  return answer.status === 401 || answer.status === 403 || (answer.status >= 300 && answer.status < 400 && /^\/login(\/|\?|$)/.test(answer.location ?? ""));
}

/** What is wrong with an answer to hostile input (nothing: an empty list). */
function problemsWith(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (answer.status >= 400 && answer.status < 500 && !explainsRefusal(answer)) problems.push(`answered ${answer.status} without saying why (${answer.type}): ${answer.text.slice(0, 200)}`);
  if (answer.type.startsWith("text/html") && RAW_MARKUP.test(answer.text)) problems.push(`rendered hostile markup: …${around(answer.text, RAW_MARKUP)}…`);
  return problems;
}

/** A refusal says why: the form again with an error, an error page, or a problem with a detail. */
function explainsRefusal(answer: Answer): boolean {
  // Node's own HTTP parser refuses a request line or headers over 16 KiB before the app sees them.
  if (answer.status === 431) return true;
  if (answer.type.startsWith("application/problem+json") || answer.type.startsWith("application/json")) {
    try {
      const problem = JSON.parse(answer.text) as { title?: unknown; detail?: unknown; error?: unknown };
      return typeof problem.title === "string" || typeof problem.detail === "string" || typeof problem.error === "string";
    } catch {
      return false;
    }
  }
  if (answer.type.startsWith("text/html")) {
    return /role="alert"|aria-invalid="true"|class="[^"]*error-page|<main><h1>[^<]+<\/h1><p>[^<]+<\/p>/.test(answer.text);
  }
  return answer.text.trim().length > 0;
}

function around(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return text.slice(Math.max(0, at - 80), at + 120);
}

function expectAcceptable(label: string, answer: Answer) {
  const problems = problemsWith(answer);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join("; ")}`);
}

/* ------------------------------------------------------------------ forms */

/** Forms by the path they post to: read once per path (a path with a new token each time is read each time). */
const formCache = new Map<string, FoundForm[]>();

async function formsPostingTo(reach: Extract<Reach, { ok: true }>, route: PortalRoute, path: string, headers: Record<string, string>): Promise<FoundForm[]> {
  const cached = formCache.get(path);
  if (cached && cached.length > 0) return cached;
  const found = await readForms(reach, route, path, headers);
  formCache.set(path, found);
  return found;
}

async function readForms(reach: Extract<Reach, { ok: true }>, route: PortalRoute, path: string, headers: Record<string, string>): Promise<FoundForm[]> {
  const pages = route.isResource ? reach.formPages : [path, ...reach.formPages];
  const found: FoundForm[] = [];
  for (const page of pages) {
    const response = await fetch(`${app.base}${page}`, { headers, redirect: "manual" });
    const html = await response.text();
    if (!response.headers.get("content-type")?.startsWith("text/html")) continue;
    found.push(...formsIn(html, `${app.base}${page}`).filter((form) => form.method === "post" && new URL(form.action).pathname === path));
  }
  return found;
}

const KEEP: FieldMutation = { kind: "keep" };

function hostileCsv(values: HostileValue[]): Blob {
  const cell = (value: HostileValue) => `"${(typeof value === "string" ? value : value.toString("latin1")).replace(/"/g, '""')}"`;
  const [a = "x", b = "y", c = "z"] = values;
  return new Blob([`employeeName,employeeEmail,lastDay,noticeDate\n${cell(a)},${cell(b)},${cell(c)},2026-02-30\n`], { type: "text/csv" });
}

/** The submission a plan makes of a form: its real fields, damaged as planned. */
function submission(form: FoundForm, plan: FormPlan | null): [string, HostileValue | Blob][] {
  const fields: [string, string][] = [...form.fields];
  if (form.buttons.length > 0) fields.push(form.buttons[(plan?.button ?? 0) % form.buttons.length]!);
  const out: [string, HostileValue | Blob][] = [];
  fields.forEach(([name, value], index) => {
    const inScope = plan !== null && (plan.scope === "all" || plan.scope.one % fields.length === index);
    const mutation = inScope ? plan.mutations[index % plan.mutations.length]! : KEEP;
    if (mutation.kind === "keep") out.push([name, value]);
    else if (mutation.kind === "replace") out.push([name, mutation.value]);
    else if (mutation.kind === "duplicate") out.push([name, value], [name, mutation.value]);
    else if (mutation.kind === "append") out.push([name, typeof mutation.value === "string" ? `${value}${mutation.value}` : Buffer.concat([Buffer.from(value), mutation.value])]);
  });
  const hostile = (plan?.mutations ?? []).flatMap((mutation) => ("value" in mutation ? [mutation.value] : []));
  for (const name of form.files) out.push([name, plan ? hostileCsv(hostile) : hostileCsv(["Ada Fuzz", "ada.fuzz@acme.example", "2027-01-15"])]);
  if (plan) out.push(...plan.extras);
  return out;
}

/** The pages whose forms were fuzzed, by role: read back at the end, with what they stored. */
const fuzzedPages = new Map<string, Set<string>>();

async function submitForm(reach: Extract<Reach, { ok: true }>, route: PortalRoute, plan: FormPlan | null) {
  const { path, headers } = await reach.next();
  if (!route.isResource) fuzzedPages.set(reach.role, (fuzzedPages.get(reach.role) ?? new Set()).add(path));
  const forms = await formsPostingTo(reach, route, path, headers);
  if (forms.length === 0) return { forms, answer: null };
  const form = forms[(plan?.form ?? 0) % forms.length]!;
  const encoding = form.enctype === "multipart/form-data" || form.files.length > 0 ? "multipart" : (plan?.encoding ?? "urlencoded");
  const { body, contentType } = await encodeForm(submission(form, plan), encoding);
  const target = new URL(form.action);
  return { forms, answer: await send(target.pathname + target.search, { headers, body, contentType }) };
}

/* ------------------------------------------------------------------ API */

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
  parameters?: { name: string; in: string }[];
}
interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
}

/** The documented operations of a route: its path in the OpenAPI document, methods and example bodies. */
function operationsOf(pattern: string): Map<string, OpenApiOperation> {
  const documented = openApi.paths[pattern.replace(/:(\w+)/g, "{$1}")] ?? {};
  const operations = new Map<string, OpenApiOperation>();
  for (const [method, operation] of Object.entries(documented)) {
    if (["get", "post", "patch", "put", "delete"].includes(method)) operations.set(method.toUpperCase(), operation as OpenApiOperation);
  }
  return operations;
}

function exampleBody(operation: OpenApiOperation | undefined): Record<string, unknown> {
  const examples = operation?.requestBody?.content?.["application/json"]?.examples ?? {};
  const first = Object.values(examples)[0]?.value;
  return first && typeof first === "object" ? { ...(first as Record<string, unknown>) } : {};
}

interface ApiPlan {
  method: string;
  scope: { one: number } | "all";
  mutations: ({ kind: "replace" | "array"; value: unknown } | { kind: "missing" } | { kind: "keep" })[];
  extras: [string, unknown][];
  query: [string, HostileValue][];
  wrap: "object" | "array" | "string";
}

const apiPlan: fc.Arbitrary<ApiPlan> = fc.record({
  method: fc.constantFrom("POST", "PATCH", "PUT", "DELETE", "GET"),
  scope: fc.oneof(fc.nat().map((one) => ({ one })), fc.constant("all" as const)),
  mutations: fc.array(
    fc.oneof(
      { weight: 5, arbitrary: hostileJson.map((value) => ({ kind: "replace" as const, value })) },
      { weight: 2, arbitrary: hostileJson.map((value) => ({ kind: "array" as const, value })) },
      { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "keep" as const }) },
    ),
    { minLength: 1, maxLength: 10 },
  ),
  extras: fc.array(fc.tuple(fc.constantFrom("__proto__", "id", "status", "createdAt", "x"), hostileJson), { maxLength: 2 }),
  query: fc.array(fc.tuple(fc.constantFrom("limit", "cursor", "status", "updatedSince", "x"), hostileValue), { maxLength: 3 }),
  wrap: fc.constantFrom("object", "object", "object", "array", "string"),
});

function apiBody(example: Record<string, unknown>, plan: ApiPlan): unknown {
  const names = Object.keys(example);
  const body: Record<string, unknown> = {};
  names.forEach((name, index) => {
    const inScope = plan.scope === "all" || plan.scope.one % Math.max(names.length, 1) === index;
    const mutation = inScope ? plan.mutations[index % plan.mutations.length]! : ({ kind: "keep" } as const);
    if (mutation.kind === "keep") body[name] = example[name];
    else if (mutation.kind === "replace") body[name] = mutation.value;
    else if (mutation.kind === "array") body[name] = [example[name], mutation.value];
  });
  for (const [name, value] of plan.extras) body[name] = value;
  return plan.wrap === "object" ? body : plan.wrap === "array" ? [body] : JSON.stringify(body);
}

function queryString(pairs: [string, HostileValue][]): string {
  if (pairs.length === 0) return "";
  const escape = (value: HostileValue) => (typeof value === "string" ? encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "\ufffd")) : [...value].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
  return `?${pairs.map(([name, value]) => `${name}=${escape(value)}`).join("&")}`;
}

/* ------------------------------------------------------------------ the webhook */

function resendEvent(): Record<string, unknown> {
  return {
    type: "email.bounced",
    created_at: "2026-12-01T09:00:00.000Z",
    data: { email_id: "00000000-0000-4000-8000-000000000000", created_at: "2026-12-01T09:00:00.000Z", to: ["someone@example.net"], subject: "News", bounce: { type: "Permanent", message: "gone" } },
  };
}

let webhookMessage = 0;
function signedHeaders(payload: string): Record<string, string> {
  const id = `msg_fuzz${webhookMessage++}`;
  const at = new Date();
  return { "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": new Webhook(WEBHOOK_SECRET).sign(id, at, payload) };
}

/* ------------------------------------------------------------------ the properties */

/** A seed per route, so one route's cases do not depend on how many routes run before it. */
function seedOf(route: PortalRoute): number {
  let hash = SEED;
  for (const char of route.id) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Runs one property for one route. A failure names the seed and the counterexample's path, which
 * replay exactly that case: FUZZ_SEED, FUZZ_ROUTE and FUZZ_PATH ("<property>@<path>").
 */
async function check<T>(route: PortalRoute, property: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>) {
  const [replayed, path] = (process.env.FUZZ_PATH ?? "").split("@");
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), { numRuns: RUNS, seed: seedOf(route), ...(replayed === property && path ? { path } : {}) });
  if (details.failed) {
    const replay = `FUZZ_SEED=${SEED} FUZZ_ROUTE='${route.pattern}' FUZZ_PATH=${property}@${details.counterexamplePath} npx vitest run tests/integration/platform/input-fuzz.test.ts`;
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${error}\n  counterexample: ${fc.stringify(details.counterexample).slice(0, 2000)}\n  replay: ${replay}`);
  }
}

async function sendRaw(reach: Extract<Reach, { ok: true }>, raw: RawBody, method = "POST") {
  const { path, headers } = await reach.next();
  const signature = reach.kind === "webhook" ? signedHeaders(raw.body.toString("latin1")) : {};
  return send(path, { method, headers: { ...headers, ...signature }, body: raw.body, contentType: raw.contentType });
}

/** Fuzzes one route's action as a sender it lets in; throws what went wrong. */
async function fuzzRoute(route: PortalRoute, reach: Extract<Reach, { ok: true }>) {
  if (reach.kind === "form") {
    // Reached: the form as its page serves it gets past the sign-in wall.
    const { forms, answer } = await submitForm(reach, route, null);
    if (forms.length === 0) throw new Error(`no form posts to it on its page${route.isResource ? ` or ${reach.formPages.join(", ")}` : ""} for the ${reach.role}`);
    if (isAuthWall(answer!)) throw new Error(`the ${reach.role} was refused at the sign-in wall: ${answer!.status} ${answer!.location ?? ""}`);
    expectAcceptable("the form as served", answer!);
    await check(route, "form", formPlan, async (plan) => {
      const { answer: hostile } = await submitForm(reach, route, plan);
      // An earlier case may have closed the form (a pulse closed, an import discarded): nothing to send.
      if (hostile) expectAcceptable(`the form with ${fc.stringify(plan)}`, hostile);
    });
  }

  if (reach.kind === "api") {
    const operations = operationsOf(route.pattern);
    const { path, headers } = await reach.next();
    const method = [...operations.keys()].find((name) => name !== "GET") ?? "POST";
    const first = await send(path, { method, headers, body: Buffer.from(JSON.stringify(exampleBody(operations.get(method)))), contentType: "application/json" });
    if (isAuthWall(first)) throw new Error(`the API token was refused: ${first.status} ${first.text.slice(0, 200)}`);
    expectAcceptable("the documented example", first);
    await check(route, "api", apiPlan, async (plan) => {
      const next = await reach.next();
      const hasBody = plan.method !== "GET";
      const body = hasBody ? Buffer.from(JSON.stringify(apiBody(exampleBody(operations.get(plan.method)), plan))) : undefined;
      const answer = await send(next.path + queryString(plan.query), { method: plan.method, headers: next.headers, body, contentType: hasBody ? "application/json" : null });
      expectAcceptable(`${plan.method} ${fc.stringify(plan)}`, answer);
    });
  }

  if (reach.kind === "webhook") {
    const { path } = await reach.next();
    const payload = JSON.stringify(resendEvent());
    const first = await send(path, { headers: signedHeaders(payload), body: Buffer.from(payload), contentType: "application/json" });
    if (isAuthWall(first)) throw new Error(`the signed event was refused: ${first.status}`);
    expectAcceptable("a signed event", first);
    const eventPlan = fc.record({ at: fc.constantFrom("type", "created_at", "data", "data.email_id", "data.created_at", "data.to", "data.bounce", "data.bounce.type"), value: hostileJson });
    await check(route, "event", eventPlan, async ({ at, value }) => {
      const event = resendEvent();
      const keys = at.split(".");
      let holder = event;
      for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
      holder[keys.at(-1)!] = value;
      const text = JSON.stringify(event);
      expectAcceptable(`the event with ${at} = ${fc.stringify(value)}`, await send(path, { headers: signedHeaders(text), body: Buffer.from(text), contentType: "application/json" }));
    });
  }

  await check(route, "raw", rawBody, async (raw) => {
    expectAcceptable(`a body of ${raw.label}`, await sendRaw(reach, raw));
  });
}

/** FUZZ_ROUTE narrows a replay to the routes whose pattern contains it. */
const CHOSEN = ACTIONS.filter((route) => !process.env.FUZZ_ROUTE || new RegExp(process.env.FUZZ_ROUTE).test(route.pattern));

describe("every action and API endpoint, fuzzed as a role it lets in", () => {
  it("reaches every route with an action in the manifest (a new one cannot slip by unfuzzed)", async () => {
    const world = await FuzzWorld.create();
    const unreachable = ACTIONS.map((route) => ({ route, reach: world.reach(route) })).filter(({ reach }) => !reach.ok);
    expect(unreachable.map(({ route, reach }) => `${route.pattern}: ${reach.ok ? "" : reach.reason}`)).toEqual([]);
    expect(ACTIONS.length).toBeGreaterThan(50);
  });

  // One test, because the database is emptied before each: the stored values must still be there
  // when the pages that show them are read back.
  it("answers hostile input with a 4xx that says why (or the page), never a 5xx, and never renders a hostile value as markup, then or later", async () => {
    const world = await FuzzWorld.create();
    const failures: string[] = [];
    for (const route of CHOSEN) {
      const reach = world.reach(route);
      if (!reach.ok) continue; // the test above names it
      try {
        await fuzzRoute(route, reach);
      } catch (error) {
        failures.push(`${route.pattern} (as ${reach.role}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect.soft(failures, `replay one: FUZZ_SEED=${SEED} FUZZ_ROUTE=<pattern> (FUZZ_PATH from its failure)`).toEqual([]);

    const readBack = await readEverything(world);
    expect(readBack.problems).toEqual([]);
    // The crawl read the pages that show what the fuzzer stored, and the exports.
    expect(readBack.pages).toBeGreaterThan(CHOSEN.length === ACTIONS.length ? 100 : 5);
    if (CHOSEN.length === ACTIONS.length) expect(readBack.csvFiles).toBeGreaterThan(2);
  }, 600_000);
});

/* ------------------------------------------------------------------ stored values, read back */

/** Pages that would end the session, or are not pages. */
const SKIP = /^\/(logout|build\/|favicon|api\/v1\/openapi)/;

interface ReadBack {
  pages: number;
  csvFiles: number;
  problems: string[];
}

/** A path with its ids and tokens blanked: the hundredth departure's page is built like the first. */
const shapeOf = (path: string) => path.replace(/\/[0-9a-f-]{36}|\/[a-z2-7]{32}|\/\d+(?=\/|$)|\/[\w-]+\.[\w.-]{20,}/gi, "/:id");

/** Pages read per shape, beyond the ones the fuzzer posted to. */
const PER_SHAPE = 2;

async function readFrom(headers: Record<string, string>, seeds: string[], limit: number): Promise<ReadBack> {
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const queue = seeds.map((seed) => ({ url: new URL(seed, app.base), seed: true }));
  const result: ReadBack = { pages: 0, csvFiles: 0, problems: [] };
  while (queue.length > 0 && result.pages < limit) {
    const { url, seed } = queue.shift()!;
    const key = url.pathname + url.search;
    if (seen.has(key) || SKIP.test(url.pathname)) continue;
    seen.add(key);
    const shape = shapeOf(url.pathname);
    if (!seed && (shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const response = await fetch(url, { headers, redirect: "manual" });
    const type = response.headers.get("content-type") ?? "";
    const text = await response.text();
    if (response.status >= 500) result.problems.push(`${response.status} on GET ${key}`);
    if (type.startsWith("text/csv")) {
      result.csvFiles += 1;
      for (const row of Papa.parse<string[]>(text).data) {
        for (const cell of row) if (cell.startsWith(FORMULA_MARKER)) result.problems.push(`${key} exports a formula unescaped: ${cell.slice(0, 60)}`);
      }
      continue;
    }
    if (!type.startsWith("text/html")) continue;
    result.pages += 1;
    if (RAW_MARKUP.test(text)) result.problems.push(`${key} renders a stored value as markup: …${around(text, RAW_MARKUP)}…`);
    for (const link of linksIn(text, url.href)) queue.push({ url: link, seed: false });
  }
  return result;
}

/** Every page each role can reach from its homes and the pages fuzzed (lists, HR pages, the outbox and its emails, exports). */
async function readEverything(world: FuzzWorld): Promise<ReadBack> {
  // What the actions queued: emails (to the outbox), imports, exports.
  await runQueuedJobs(["auth.magic-link", "email.send", "imports.run", "exit.invitations", "privacy.export"]);
  const who = world.who;
  const roles: [Sender, string[], number][] = [
    [who.hr, ["/admin", "/admin/outbox", "/admin/departures", "/admin/feed", "/admin/newsletter", "/admin/openings", "/admin/people", "/admin/settings", "/admin/surveys", "/admin/pulses", "/admin/segments", "/admin/analytics"], 150],
    [who.owner, ["/tasks", "/account"], 40],
    [who.alumnus, ["/alumni", "/alumni/directory", "/alumni/newsletter", "/alumni/openings", "/alumni/profile", "/alumni/preferences", "/alumni/data"], 80],
    [who.finished, ["/exit", "/exit/alumni"], 20],
    [who.surveying, ["/exit"], 20],
    [who.anonymous, ["/", "/login", "/api/docs"], 20],
  ];
  const total: ReadBack = { pages: 0, csvFiles: 0, problems: [] };
  for (const [sender, homes, limit] of roles) {
    const result = await readFrom(await sender.headers(), [...homes, ...(fuzzedPages.get(sender.role) ?? [])], limit);
    total.pages += result.pages;
    total.csvFiles += result.csvFiles;
    total.problems.push(...result.problems.map((problem) => `${sender.role}: ${problem}`));
  }
  return total;
}

type Sender = FuzzWorld["who"]["hr"];
