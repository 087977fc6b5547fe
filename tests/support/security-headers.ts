import { issueOneTimeToken } from "~/modules/auth/one-time-tokens.server";
import { emailPreferencesToken } from "~/modules/email/preference-links.server";
import { newExitLinkToken, storeExitLink } from "~/modules/exit/links.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { trackedLinkFor } from "~/modules/links/tracked-links.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { isTokenPath } from "~/modules/platform/security.server";
import { exportJob } from "~/modules/privacy/export-job.server";
import { latestExport, requestExport } from "~/modules/privacy/export.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { resetEnvCache } from "~/utils/env.server";
import { PRODUCTION_SETTINGS } from "./environment";
import type { Database } from "../../db/schema";
import {
  createTeamMember,
  createUser,
  createWebhookEndpoint,
  installOffboardingDefaults,
  issueToken,
  makeAlumniLeaver,
  makeMember,
  makeOpening,
  makeRichPerson,
  makeRichPersonContext,
  signIn,
  storeOutboxEmail,
} from "../factories";
import { testDb } from "./database";
import { fillPattern, portalRoutes, type PortalRoute } from "./route-manifest";

/**
 * Issue 15's header and cookie check over every route (tests/integration/platform/security-headers*):
 * each answer the portal gives, whatever its kind (a page, a redirect, a 403 or 404, a CSV, JSON, the
 * data download, the tracked-link redirect), is judged by the rules below. A rule names what every
 * answer must carry; a route that may differ is listed with the reason.
 */

export interface Answer {
  /** What was asked, for the failure message: "GET /admin/departures as HR admin: 200". */
  label: string;
  method: "GET" | "POST";
  path: string;
  status: number;
  headers: Headers;
  /** The request carried a session cookie (a signed-in browser) or an API bearer token. */
  personal: boolean;
}

export interface Mode {
  production: boolean;
}

/**
 * The tracked link's redirect (ADR 020): answered in front of express with the headers a 302 needs
 * (no body, so no document headers); its 404 page is checked like every other page.
 */
const TRACKED_LINK = /^\/r\//;

/**
 * Answers that carry a policy of their own (ROUTE_OVERRIDABLE in server/app.ts), with why: an
 * email's HTML shown in a frame of the portal's own page (the outbox, the newsletter's preview),
 * with no script at all.
 */
const OWN_POLICY: { path: RegExp; why: string }[] = [
  { path: /^\/admin\/outbox\/[^/]+\/html$/, why: "an outbox email's HTML, framed by the outbox page" },
  { path: /^\/admin\/newsletter\/[^/]+\/preview$/, why: "a newsletter's HTML, framed by the compose page" },
];

const NONCE_POLICY = /(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==';/;

/** Every problem of one answer's headers, as readable lines (empty: the answer is fine). */
export function headerProblems(answer: Answer, mode: Mode): string[] {
  const problems: string[] = [];
  const expectHeader = (name: string, wanted: string, check: (value: string) => boolean) => {
    const value = answer.headers.get(name);
    if (value === null || !check(value)) problems.push(`${name}: ${value === null ? "missing" : JSON.stringify(value)}, expected ${wanted}`);
  };
  const expectNone = (name: string, why: string) => {
    if (answer.headers.get(name) !== null) problems.push(`${name}: ${JSON.stringify(answer.headers.get(name))}, expected none (${why})`);
  };

  expectNone("x-powered-by", "it only tells an attacker what to try");
  if (mode.production) expectHeader("strict-transport-security", "max-age=31536000; includeSubDomains", (v) => v === "max-age=31536000; includeSubDomains");
  else expectNone("strict-transport-security", "outside production browsers would pin http://localhost to https");

  // GET and HEAD under /r/ are answered before express (a POST there is express's 405).
  const tracked = answer.method === "GET" && TRACKED_LINK.test(answer.path);
  // Personal answers: to a signed-in browser or an API client, and every answer to a URL whose
  // token stands in for a sign-in (it shows that person's data to whoever holds the URL).
  const tokenUrl = tracked || isTokenPath(answer.path);
  if (answer.personal || tokenUrl) expectHeader("cache-control", "no-store (a personal answer)", (v) => /(^|, )no-store(,|$)/.test(v) && !/public/.test(v));
  expectHeader("referrer-policy", tokenUrl ? "no-referrer (the URL carries a token)" : "strict-origin-when-cross-origin or no-referrer", (v) =>
    tokenUrl ? v === "no-referrer" : v === "strict-origin-when-cross-origin" || v === "no-referrer",
  );
  // The tracked link's redirect has no body to protect: the rules above are all it needs.
  if (tracked && answer.status === 302) return problems;

  // Document headers, on every other answer: an error page or a CSV is opened by a browser too.
  // Such a route answers with its own policy or, before it gets that far (the sign-in redirect, a
  // missing row), with the app's: either is judged whole.
  const ownPolicy = OWN_POLICY.some((own) => own.path.test(answer.path)) && /^default-src 'none'/.test(answer.headers.get("content-security-policy") ?? "");
  if (ownPolicy || tracked) {
    expectHeader("content-security-policy", "a policy that allows no script (default-src 'none')", (v) => /^default-src 'none'/.test(v) && !/script-src/.test(v));
  } else {
    expectHeader("content-security-policy", "one policy: default-src 'self', script-src with this response's nonce, object-src 'none', base-uri 'none'", (v) =>
      /^default-src 'self'; /.test(v) && NONCE_POLICY.test(v) && /; object-src 'none'/.test(v) && /; base-uri 'none'/.test(v) && !v.includes(", "),
    );
  }
  expectHeader("content-security-policy", ownPolicy ? "frame-ancestors 'self' (framed by the portal's page)" : "frame-ancestors 'none'", (v) =>
    v.includes(ownPolicy ? "frame-ancestors 'self'" : "frame-ancestors 'none'"),
  );
  expectHeader("x-frame-options", ownPolicy ? "SAMEORIGIN" : "DENY", (v) => v === (ownPolicy ? "SAMEORIGIN" : "DENY"));
  expectHeader("x-content-type-options", "nosniff, once", (v) => v === "nosniff");
  expectHeader("cross-origin-opener-policy", "same-origin", (v) => v === "same-origin");
  expectHeader("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()", (v) =>
    ["camera=()", "microphone=()", "geolocation=()", "payment=()"].every((feature) => v.includes(feature)),
  );
  return problems;
}

/** What a Set-Cookie header must say: HttpOnly, SameSite, Path=/, and Secure (and __Host-) in production. */
export function cookieProblems(setCookie: string, mode: Mode): string[] {
  const [pair, ...attributeParts] = setCookie.split(";").map((part) => part.trim());
  const name = pair!.split("=", 1)[0]!;
  const attributes = new Map(attributeParts.map((part) => [part.split("=", 1)[0]!.toLowerCase(), part.includes("=") ? part.slice(part.indexOf("=") + 1) : ""]));
  const problems: string[] = [];
  if (!attributes.has("httponly")) problems.push(`${name}: no HttpOnly (scripts could read it)`);
  const sameSite = attributes.get("samesite")?.toLowerCase();
  if (sameSite !== "lax" && sameSite !== "strict") problems.push(`${name}: SameSite=${sameSite ?? "(none)"}, expected Lax or Strict`);
  if (attributes.get("path") !== "/") problems.push(`${name}: Path=${attributes.get("path") ?? "(none)"}, expected /`);
  if (attributes.has("domain")) problems.push(`${name}: Domain=${attributes.get("domain")}, expected none (host-only)`);
  if (mode.production && !attributes.has("secure")) problems.push(`${name}: no Secure in production`);
  if (!mode.production && attributes.has("secure")) problems.push(`${name}: Secure outside production (http://localhost would never send it back)`);
  return problems;
}

/** Who asks: a label, the Cookie header of their session (none: anonymous), or an API bearer token. */
export interface Identity {
  name: string;
  cookie?: string;
  bearer?: string;
}

/** The audiences of the portal's URL space, to ask each route as the role it is for. */
export function audienceOf(pattern: string): "hr_admin" | "task_owner" | "alumnus" | "leaver" | "api" | "anyone" {
  if (pattern.startsWith("/admin")) return "hr_admin";
  if (pattern.startsWith("/tasks")) return "task_owner";
  if (pattern.startsWith("/alumni")) return "alumnus";
  if (pattern.startsWith("/exit")) return "leaver";
  if (pattern.startsWith("/api/v1")) return "api";
  return "anyone";
}

/**
 * Asks one path as one identity, as a browser without JavaScript would: a GET, or a POST of a form
 * (empty unless given) from the portal's own origin. Redirects are answers too: not followed.
 */
export async function ask(base: string, path: string, who: Identity, post?: Record<string, string>): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (who.cookie) headers.Cookie = who.cookie;
  if (who.bearer) headers.Authorization = `Bearer ${who.bearer}`;
  if (post) Object.assign(headers, { Origin: base, "Content-Type": "application/x-www-form-urlencoded" });
  const method = post ? "POST" : "GET";
  const response = await fetch(`${base}${path}`, { method, headers, redirect: "manual", ...(post ? { body: new URLSearchParams(post).toString() } : {}) });
  await response.arrayBuffer();
  return { label: `${method} ${path} as ${who.name}: ${response.status}`, method, path, status: response.status, headers: response.headers, personal: Boolean(who.cookie || who.bearer) };
}


/**
 * One of each role, signed in, and a row behind every route parameter, made with the factories: a
 * route is asked with ids that exist (its page renders) as well as with an unknown one (its 404).
 */
export async function makePortalWorld() {
  const db = testDb();
  await installOffboardingDefaults();
  const context = await makeRichPersonContext();
  const person = await makeRichPerson(context);
  const hrUser = await db.selectFrom("users").selectAll().where("id", "=", context.hrUserId).executeTakeFirstOrThrow();
  const owner = await createTeamMember(["IT"]);
  const leaver = await makeAlumniLeaver({ status: "started" });
  const member = await makeMember({ consents: ["newsletter", "share_feed", "directory", "pulse"] });
  const opening = await makeOpening();
  const email = await storeOutboxEmail();
  const api = await issueToken();
  const endpoint = await createWebhookEndpoint("https://hooks.example.com/alumni");
  const first = async <T extends keyof Database & string>(table: T) =>
    String(((await db.selectFrom(table as "departments").select("id").limit(1).executeTakeFirstOrThrow()) as { id: unknown }).id);
  const templateId = await first("checklist_templates");
  const templateTask = await db.selectFrom("checklist_template_tasks").select("id").where("template_id", "=", templateId).limit(1).executeTakeFirstOrThrow();
  const departureTask = await db.selectFrom("departure_tasks").select("id").where("departure_id", "=", person.departureId).limit(1).executeTakeFirstOrThrow();
  const importId = String((await db.selectFrom("csv_imports").select("id").limit(1).executeTakeFirstOrThrow()).id);
  const responseId = String((await db.selectFrom("survey_responses").select("id").limit(1).executeTakeFirstOrThrow()).id);
  const questionId = "new";

  const values: Record<string, string> = {
    departureId: person.departureId,
    itemId: context.item.id,
    issueId: context.issueId,
    openingId: opening.id,
    emailId: email.id,
    userId: person.userId,
    pulseId: context.pulse.pulse.id,
    surveyId: context.surveyId,
    responseId,
    importId,
    endpointId: endpoint.endpoint.id,
    tokenId: api.id,
    departmentId: await first("departments"),
    teamId: await first("teams"),
    reasonId: await first("departure_reasons"),
    templateId,
    questionId,
    file: "trend.csv",
    page: "1",
    "*": "unknown",
  };
  /** Where one parameter name means different rows. */
  const byPattern: Record<string, Record<string, string>> = {
    "/admin/departures/:departureId/tasks/:taskId": { taskId: departureTask.id },
    "/admin/settings/templates/:templateId/tasks/:taskId": { taskId: templateTask.id },
  };
  return {
    identities: {
      anonymous: { name: "anonymous" },
      hr_admin: { name: "HR admin", cookie: await signIn(hrUser) },
      task_owner: { name: "task owner", cookie: await signIn(owner) },
      alumnus: { name: "alumnus", cookie: member.cookie },
      leaver: { name: "leaver", cookie: leaver.cookie },
      api: { name: "API client", bearer: api.token },
    } satisfies Record<string, Identity>,
    member,
    leaver,
    person,
    context,
    /** The route's path with real ids (and tokens) filled in. */
    pathOf(route: Pick<PortalRoute, "pattern">, tokens: Record<string, string> = {}) {
      return fillPattern(route.pattern, { ...values, ...byPattern[route.pattern], ...tokens });
    },
  };
}

/** Links whose token is real, so that their pages show what their holder sees (and one that signs in). */
async function realTokenPaths(world: Awaited<ReturnType<typeof makePortalWorld>>) {
  const db = testDb();
  const { member, context } = world;
  const magic = await issueOneTimeToken(db, { userId: member.userId, purpose: "magic_link", redirectTo: null });
  const exitToken = newExitLinkToken();
  await db.transaction().execute((trx) => storeExitLink(trx, { token: exitToken, invitationId: world.leaver.invitationId, expiresAt: new Date(Date.now() + 86_400_000) }));
  const link = await trackedLinkFor({ channel: "newsletter", targetUrl: "https://example.com/news", campaign: "headers" });
  await requestExport(db, member.userId);
  await runQueuedJobs([exportJob.name]);
  const exported = await latestExport(db, member.userId);
  if (exported?.state !== "ready") throw new Error(`the data export is not ready: ${JSON.stringify(exported)}`);
  return {
    magic: `/login/magic/${magic.token}`,
    exit: `/exit/link/${exitToken}`,
    unsubscribe: `/unsubscribe/${unsubscribeToken({ issueId: context.issueId, userId: member.userId })}`,
    pulse: `/pulse/${pulseAnswerToken({ pulseId: context.pulse.pulse.id, userId: member.userId })}`,
    preferences: `/email-preferences/${emailPreferencesToken(member.userId)}`,
    download: exported.downloadPath,
    tracked: `/r/${link.code}`,
  };
}

/**
 * The checks, for the file's app (useHttpApp) in development or with production's settings: every
 * route of the manifest asked by anonymous and by the role it is for, GET and POST, with real ids
 * and real tokens, and every cookie set along the way.
 */
export function describeHeaderChecks(app: { readonly base: string }, mode: Mode) {
  const sessionCookie = mode.production ? "__Host-session" : "session";

  it("puts the security headers on every answer of every route, to anonymous visitors and to the role each route is for, and no-store on every personal one", async () => {
    const world = await makePortalWorld();
    const routes = await portalRoutes();
    expect(routes.length).toBeGreaterThan(100);
    const answers: Answer[] = [];
    const statuses = new Set<number>();
    for (const route of routes) {
      const audience = audienceOf(route.pattern);
      const who = audience === "anyone" ? world.identities.alumnus : world.identities[audience];
      for (const identity of [world.identities.anonymous, who]) answers.push(await ask(app.base, world.pathOf(route), identity));
      // An unknown id: the route's 404 (or the sign-in redirect), as its role sees it.
      if (route.params.length > 0) answers.push(await ask(app.base, fillPattern(route.pattern), who));
    }
    for (const path of Object.values(await realTokenPaths(world))) {
      for (const identity of [world.identities.anonymous, world.identities.alumnus]) answers.push(await ask(app.base, path, identity));
    }
    for (const answer of answers) statuses.add(answer.status);
    // Answers of every kind were judged: pages, redirects, refusals, missing pages, files.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 302, 401, 404, 405]));
    expect(answers.filter((answer) => answer.path.startsWith("/r/") && answer.status === 302)).toHaveLength(2);
    expect(answers.some((answer) => answer.headers.get("content-type") === "application/zip")).toBe(true);
    expect(answers.some((answer) => answer.headers.get("content-type")?.startsWith("text/csv"))).toBe(true);
    expect(answers.flatMap((answer) => headerProblems(answer, mode).map((problem) => `${answer.label}: ${problem}`))).toEqual([]);
  }, 180_000);

  it("puts them on the answer to every form post too: refusals, validation errors and redirects", async () => {
    const world = await makePortalWorld();
    const routes = await portalRoutes();
    const answers: Answer[] = [];
    // Sessions that a post ends (sign-out, account deletion) go last, so the others stay signed in.
    const ending = /^\/(logout|alumni\/data\/delete)$/;
    const ordered = [...routes.filter((route) => !ending.test(route.pattern)), ...routes.filter((route) => ending.test(route.pattern))];
    for (const route of ordered) {
      const audience = audienceOf(route.pattern);
      const who = audience === "anyone" ? world.identities.alumnus : world.identities[audience];
      const path = world.pathOf(route);
      answers.push(await ask(app.base, path, world.identities.anonymous, {}));
      if (route.hasAction) answers.push(await ask(app.base, path, who, {}));
    }
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses]).toEqual(expect.arrayContaining([302, 400, 401, 404, 405]));
    expect(answers.flatMap((answer) => headerProblems(answer, mode).map((problem) => `${answer.label}: ${problem}`))).toEqual([]);
  }, 180_000);

  it(`sets every cookie HttpOnly, SameSite=Lax, Path=/, host-only${mode.production ? ", Secure, and the session as __Host-session" : ""}`, async () => {
    const world = await makePortalWorld();
    const tokens = await realTokenPaths(world);
    const staff = await createUser({ role: "task_owner", password: "correct horse battery staple" });
    const cookies: string[] = [];
    const collect = (answer: Answer) => cookies.push(...answer.headers.getSetCookie().map((cookie) => `${answer.label} → ${cookie}`));
    collect(await ask(app.base, "/login", world.identities.anonymous, { email: staff.email, password: "correct horse battery staple" }));
    collect(await ask(app.base, tokens.magic, world.identities.anonymous, {}));
    collect(await ask(app.base, tokens.exit, world.identities.anonymous, { intent: "continue" }));
    collect(await ask(app.base, "/locale", world.identities.anonymous, { locale: "fr", redirectTo: "/" }));
    collect(await ask(app.base, "/tasks/preferences", world.identities.task_owner, { locale: "fr", reminderHour: "9" }));
    collect(await ask(app.base, "/logout", world.identities.hr_admin, {}));
    const names = new Set(cookies.map((line) => line.split(" → ")[1]!.split("=", 1)[0]));
    // Sign-ins (password, magic link, exit link), the language switch and sign-out each set one.
    expect(cookies.length).toBeGreaterThanOrEqual(6);
    expect([...names].sort()).toEqual([sessionCookie, "lng"].sort());
    expect(cookies.flatMap((line) => cookieProblems(line.split(" → ")[1]!, mode).map((problem) => `${line.split(" → ")[0]}: ${problem}`))).toEqual([]);
  });
}

/**
 * Runs the file's app with production's settings. The app reads process.env itself (the session
 * cookie's name and flags), so they are set for the file, from its first line to its end; call it
 * before useTestDatabase() and use `useHttpApp({ env: PRODUCTION_SETTINGS, freshBuild: true })`, so
 * that no other file's copy of the app has read the environment first.
 */
export function useProductionSettings() {
  const saved = Object.fromEntries(Object.keys(PRODUCTION_SETTINGS).map((name) => [name, process.env[name]]));
  Object.assign(process.env, PRODUCTION_SETTINGS);
  resetEnvCache();
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });
}
