import { readFileSync } from "node:fs";
import { issueOneTimeToken } from "~/modules/auth/one-time-tokens.server";
import { createImport } from "~/modules/imports/imports.server";
import { generateToken, hashToken } from "~/modules/auth/tokens.server";
import { emailPreferencesToken } from "~/modules/email/preference-links.server";
import { newExitLinkToken, storeExitLink } from "~/modules/exit/links.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { renderAuthorizationDoc } from "../../support/authorization-doc";
import { AUTHORIZATION_MATRIX, ROLES, type MatrixCase, type MatrixRecords, type Role } from "../../support/authorization-matrix";
import { testDb, useTestDatabase } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { fillPattern, portalRoutes, type PortalRoute } from "../../support/route-manifest";
import { setEnvForThisFile, webhookSecretFrom } from "../../support/environment";
import {
  addTask,
  createAlumniProfile,
  createResponse,
  createTeamMember,
  createUser,
  createWebhookEndpoint,
  installOffboardingDefaults,
  issueToken,
  makeAlumniLeaver,
  makeAlumnus,
  makeFeedItem,
  makeNewsletterIssue,
  makeOpening,
  makePulse,
  makeShare,
  signIn,
  storeOutboxEmail,
} from "../../factories";

/**
 * Issue 15: the authorization matrix (tests/support/authorization-matrix.ts) replayed over HTTP
 * against the real server, for every route the built app has. It fails on a route the matrix lacks,
 * on a matrix entry for a route that is gone, and on any answer that differs from the matrix.
 */

// The built app reads its environment once: this file gets a copy of the build that has not.
setEnvForThisFile("RESEND_WEBHOOK_SECRET", webhookSecretFrom("the authorization matrix's secret"));

useTestDatabase();
useJobQueue();
const app = useHttpApp({ freshBuild: true });

interface Visitors {
  /** A new session of the role (the cookie header), or the API token's header. */
  headers: (role: Role) => Promise<Record<string, string>>;
}

let records: MatrixRecords;
let visitors: Visitors;

async function exitLinkOf(invitationId: string): Promise<string> {
  const token = newExitLinkToken();
  await testDb()
    .transaction()
    .execute((trx) => storeExitLink(trx, { token, invitationId, expiresAt: new Date(Date.now() + 7 * 86_400_000) }));
  return token;
}

/** The visitors and their records, in the test's own (emptied) database. */
async function setUp() {
  await installOffboardingDefaults();
  const db = testDb();
  const leaver = await makeAlumniLeaver({ status: "started", lastDay: daysFromToday(20) });
  const alumnus = await makeAlumnus({ consents: ["newsletter", "share_feed", "directory", "pulse"] });
  const otherAlumnus = await makeAlumnus();
  const owner = await createTeamMember(["IT"]);
  const hrAdmin = await createUser({ role: "hr_admin" });
  const invited = await createUser({ role: "task_owner" });
  const ownTask = await addTask(leaver.departureId, { team: "IT" });
  const item = await makeFeedItem({ source: null, kind: "company", status: "approved", imageUrl: "https://images.example/picture.png" });
  const { issueId } = await makeNewsletterIssue({ status: "sent" });
  const { pulse, survey: pulseSurvey, version: pulseVersion } = await makePulse();
  const response = await createResponse({ surveyId: pulseSurvey.id, surveyVersionId: pulseVersion.id, confidentiality: "confidential" });
  const share = await makeShare({ userId: alumnus.id, item: { id: item.id, url: "https://acme.example/news" } });
  const exitSurvey = await db.selectFrom("surveys").select(["id", "draft"]).where("is_active_exit", "=", true).executeTakeFirstOrThrow();
  const draft = (typeof exitSurvey.draft === "string" ? JSON.parse(exitSurvey.draft) : exitSurvey.draft) as { questions: { id: string }[] };
  const template = await db.selectFrom("checklist_templates").select("id").limit(1).executeTakeFirstOrThrow();
  const templateTask = await db.selectFrom("checklist_template_tasks").select("id").where("template_id", "=", template.id).limit(1).executeTakeFirstOrThrow();
  const otherLeaver = await makeAlumniLeaver({ status: "started", lastDay: daysFromToday(20) });
  const apiToken = await issueToken();
  const otherApiToken = await issueToken();
  // Several links of one alumnus at once: issuing one must not retire the others.
  const newMagicLink = async () => (await issueOneTimeToken(db, { userId: alumnus.id, purpose: "magic_link", invalidatePrevious: false })).token;
  // A leaver who joined with a personal address to confirm, each with their own link (inserted as
  // issueEmailConfirmation stores it, without the email it queues).
  const newEmailConfirmationLink = async () => {
    const joined = await createUser({ role: "leaver" });
    const profile = await createAlumniProfile(joined.id, { status: "pending" });
    const token = generateToken();
    await db
      .insertInto("email_confirmations")
      .values({ token_hash: hashToken(token), user_id: joined.id, email: profile.personal_email!, expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
    return token;
  };
  const firstId = async (table: "departments" | "departure_reasons" | "teams") =>
    (await db.selectFrom(table).select("id").limit(1).executeTakeFirstOrThrow()).id;

  records = {
    departureId: leaver.departureId,
    ownTaskId: ownTask.id,
    newTask: async (team) => (await addTask(leaver.departureId, { team })).id,
    feedItemId: item.id,
    importId: (await createImport(db, { fileName: "leavers.csv", content: "email,name\r\nada@acme.example,Ada\r\n", encoding: "utf-8", totalRows: 1, createdBy: hrAdmin.id })).id,
    issueId,
    openingId: (await makeOpening()).id,
    emailId: (await storeOutboxEmail()).id,
    otherPersonId: otherAlumnus.id,
    pulseId: pulse.id,
    responseId: response.id,
    otherApiTokenId: otherApiToken.id,
    departmentId: await firstId("departments"),
    reasonId: await firstId("departure_reasons"),
    teamId: await firstId("teams"),
    templateId: template.id,
    templateTaskId: templateTask.id,
    webhookEndpointId: (await createWebhookEndpoint("https://hooks.example/portal")).endpoint.id,
    surveyId: exitSurvey.id,
    questionId: draft.questions[0]!.id,
    trackedLinkCode: share.code,
    leaverExitLink: await exitLinkOf(leaver.invitationId),
    otherExitLink: await exitLinkOf(otherLeaver.invitationId),
    magicLink: await newMagicLink(),
    newMagicLink,
    passwordSetupLink: (await issueOneTimeToken(db, { userId: invited.id, purpose: "password_setup" })).token,
    emailConfirmationLink: await newEmailConfirmationLink(),
    newEmailConfirmationLink,
    alumnusPreferencesToken: emailPreferencesToken(alumnus.id),
    alumnusUnsubscribeToken: unsubscribeToken({ issueId, userId: alumnus.id }),
    alumnusPulseToken: pulseAnswerToken({ pulseId: pulse.id, userId: alumnus.id }),
  };
  const users = { leaver: leaver.user, alumnus, taskOwner: owner, hrAdmin };
  visitors = {
    async headers(role): Promise<Record<string, string>> {
      if (role === "anonymous") return {};
      if (role === "apiToken") return { Authorization: `Bearer ${apiToken.token}` };
      return { Cookie: await signIn(users[role]) };
    },
  };
}

/**
 * What the matrix writes for a response: the status, and for a redirect where it goes: the path and
 * query on this site (record ids as ":id", the sign-in page's way back left out), the full address
 * elsewhere.
 */
function answerOf(response: Response): string {
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) return String(response.status);
  const target = new URL(location, app.base);
  if (target.origin !== app.base) return `${response.status} ${target.origin}${target.pathname}`;
  const query = target.pathname === "/login" ? "" : target.search;
  return `${response.status} ${(target.pathname + query).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")}`;
}

/** Sessions are kept per role, and started again once an answer replaced or ended one (sign-out, a link's sign-in). */
const sessions = new Map<Role, Record<string, string>>();

async function headersOf(role: Role): Promise<Record<string, string>> {
  if (!sessions.has(role)) sessions.set(role, await visitors.headers(role));
  return sessions.get(role)!;
}

/**
 * One request as the role. A POST comes from our own origin with the case's form, or an empty one
 * (empty JSON on the API and webhooks); an index route's POST says `?index`, as Remix's forms do.
 */
async function send(route: PortalRoute, matrixCase: MatrixCase, method: "GET" | "POST", role: Role): Promise<string> {
  const params = method === "POST" && matrixCase.postParams ? matrixCase.postParams : matrixCase.params;
  let path = fillPattern(route.pattern, params ? await params(records) : {});
  const headers = await headersOf(role);
  const init: RequestInit = { method, redirect: "manual", headers };
  if (method === "POST") {
    const json = path.startsWith("/api/") || path.startsWith("/webhooks/");
    if (/(^|\.)_index$/.test(route.id)) path += "?index";
    init.headers = { ...headers, Origin: app.base, "Content-Type": json ? "application/json" : "application/x-www-form-urlencoded" };
    init.body = json ? "{}" : new URLSearchParams(matrixCase.form ? await matrixCase.form(records) : {}).toString();
  }
  const response = await fetch(`${app.base}${path}`, init);
  await response.arrayBuffer();
  if (response.headers.get("set-cookie")?.startsWith("session=")) sessions.delete(role);
  return answerOf(response);
}

describe("the authorization matrix", () => {
  let routes: PortalRoute[];
  beforeAll(async () => {
    routes = await portalRoutes();
  });

  it("has an entry for every route of the built app, and none for a route that is gone", () => {
    const ids = routes.map((route) => route.id);
    expect(ids.filter((id) => !(id in AUTHORIZATION_MATRIX)), "routes missing from the matrix").toEqual([]);
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((id) => !ids.includes(id)), "matrix entries for routes that no longer exist").toEqual([]);
  });

  it("is published in docs/authorization.md exactly as the matrix writes it (npm run docs:authz)", () => {
    expect(readFileSync("docs/authorization.md", "utf8"), "docs/authorization.md is stale: run `npm run docs:authz`").toBe(renderAuthorizationDoc(routes));
  });

  it("lists GET answers for every route, and POST answers for exactly the routes with an action", () => {
    expect(routes.filter((route) => !AUTHORIZATION_MATRIX[route.id]?.some((entry) => entry.get)).map((route) => route.id)).toEqual([]);
    const wrong = routes.filter((route) => (AUTHORIZATION_MATRIX[route.id] ?? []).some((entry) => Boolean(entry.post) !== route.hasAction));
    expect(wrong.map((route) => `${route.id} (${route.hasAction ? "has an action" : "has no action"})`)).toEqual([]);
  });

  it("answers every role on every route as the matrix says", async () => {
    await setUp();
    const differences: string[] = [];
    // Every GET first, with the same sessions and the same links: a GET that ended a session or used
    // a link up would change the answers after it (no state change on GET).
    for (const method of ["GET", "POST"] as const) {
      for (const route of routes) {
        const cases = AUTHORIZATION_MATRIX[route.id] ?? [];
        for (const matrixCase of cases) {
          const expected = method === "GET" ? matrixCase.get : matrixCase.post;
          if (!expected) continue;
          // The roles in parallel: each has its own session, and a used-up link is never shared.
          const answers = await Promise.all(ROLES.map((role) => send(route, matrixCase, method, role)));
          ROLES.forEach((role, at) => {
            if (answers[at] !== expected[at]) {
              differences.push(`${method} ${route.id}${matrixCase.records ? ` (${matrixCase.records})` : ""} as ${role}: the matrix says ${expected[at]}, the app answers ${answers[at]}`);
            }
          });
        }
      }
    }
    expect(differences).toEqual([]);
  }, 240_000);
});
