/**
 * Who may reach what: every route of the portal (tests/support/route-manifest.ts) × the six kinds of
 * visitor, with the answer each gets, for GET (the loader) and for POST (the action, or whatever a
 * route without one answers). One source: tests/integration/platform/authorization-matrix.test.ts
 * replays it over HTTP, and `npm run docs:authz` writes it to docs/authorization.md
 * (docs/decisions/038-authorization-matrix.md).
 *
 * An answer is the status, and for a redirect the path it goes to (without its query string):
 * "200", "302 /login", "403", "404", "405", "401". A POST is sent from our own origin with an empty
 * form (empty JSON on the API and webhooks): the matrix says who gets past the guard, so a 400 (the
 * empty form refused by its validation) means "allowed in".
 */

export const ROLES = ["anonymous", "leaver", "alumnus", "taskOwner", "hrAdmin", "apiToken"] as const;
export type Role = (typeof ROLES)[number];

/** Who each column is, as the test makes them (tests/factories). */
export const ROLE_DESCRIPTIONS: Record<Role, { title: string; who: string }> = {
  anonymous: { title: "anonymous", who: "no cookie, no token" },
  leaver: { title: "leaver", who: "a leaver signed in (magic or exit link) whose exit survey is started and whose last day is ahead" },
  alumnus: { title: "alumnus", who: "an active alumnus signed in by magic link" },
  taskOwner: { title: "task owner", who: "a staff member (role task_owner) in the IT team, which owns a task of the leaver's departure" },
  hrAdmin: { title: "HR admin", who: "a staff member with role hr_admin, signed in with password" },
  apiToken: { title: "API token", who: "no cookie; `Authorization: Bearer` with a live API token (HR issues them)" },
};

/** One answer per role, in ROLES order. */
export type Answers = readonly [anonymous: string, leaver: string, alumnus: string, taskOwner: string, hrAdmin: string, apiToken: string];

/**
 * The records the test creates for the patterns' parameters: each belongs to one of the visitors
 * above, or to someone else ("another"), so that a case can say whose record it asks for.
 */
export interface MatrixRecords {
  /** The leaver's departure. */
  departureId: string;
  /** A task of that departure owned by the IT team: the task owner's. */
  ownTaskId: string;
  /** A new open task of the leaver's departure owned by a team: IT is the task owner's, Payroll is not. */
  newTask: (team: "IT" | "Payroll") => Promise<string>;
  /** An approved company item in the share feed. */
  feedItemId: string;
  /** A CSV import HR uploaded. */
  importId: string;
  /** A sent newsletter issue. */
  issueId: string;
  /** An open job opening. */
  openingId: string;
  /** An email in the outbox. */
  emailId: string;
  /** An alumnus other than the alumnus column (HR's erasure page names a person). */
  otherPersonId: string;
  pulseId: string;
  responseId: string;
  /** An API token other than the one of the API column (HR's revoke page names one). */
  otherApiTokenId: string;
  departmentId: string;
  reasonId: string;
  teamId: string;
  templateId: string;
  templateTaskId: string;
  webhookEndpointId: string;
  surveyId: string;
  questionId: string;
  /** The tracked link of the alumnus's share of the feed item. */
  trackedLinkCode: string;
  /** The leaver's own exit link, and another leaver's. */
  leaverExitLink: string;
  otherExitLink: string;
  /** A magic link of the alumnus; POSTs take a new one each (a POST uses it up). */
  magicLink: string;
  newMagicLink: () => Promise<string>;
  /** A password set-up link of an invited staff member. */
  passwordSetupLink: string;
  /** A personal-address confirmation link of a leaver who joined; POSTs take a new one each. */
  emailConfirmationLink: string;
  newEmailConfirmationLink: () => Promise<string>;
  /** The alumnus's footer link to their email preferences. */
  alumnusPreferencesToken: string;
  /** The alumnus's one-click unsubscribe link from the sent issue. */
  alumnusUnsubscribeToken: string;
  /** The alumnus's answer link to the open pulse. */
  alumnusPulseToken: string;
}

type Params = (records: MatrixRecords) => Record<string, string> | Promise<Record<string, string>>;

export interface MatrixCase {
  /** Whose record fills the pattern, or what the POST's form asks, in words for the doc; none for a plain path. */
  records?: string;
  /** The pattern's parameters for GET (and for POST unless postParams says otherwise). */
  params?: Params;
  /** The parameters for each POST, when a POST uses its record up (a one-time link). */
  postParams?: Params;
  /** The POST's form, when the case is about what it names (whose task) rather than who may post. */
  form?: (records: MatrixRecords) => Promise<Record<string, string>>;
  /** Answers to GET: every route answers GET (a loader, or the server before Remix); a case about a POST's form may leave it out. */
  get?: Answers;
  /** Answers to POST: exactly the routes with an action have them. */
  post?: Answers;
}

// The common rows. L: where a page sends an anonymous visitor, and an API token (no page accepts one).
const L = "302 /login";
const HR_PAGE: Answers = [L, "403", "403", "403", "200", L];
const ANYONE = (answer: string): Answers => [answer, answer, answer, answer, answer, answer];

/** An HR-only route with an action: the page for HR (200 unless said), and what HR's empty form gets. */
function hr(post: string, get = "200"): MatrixCase {
  return { get: [L, "403", "403", "403", get, L], post: [L, "403", "403", "403", post, L] };
}

/** An HR-only route about one record. */
function hrRecord(records: string, params: Params, answers: MatrixCase): MatrixCase {
  return { records, params, ...answers };
}

// What a member of the alumni network (an alumnus, or a leaver who joined) may open: a leaver who
// has not joined yet is sent to the invitation, staff are refused.
const MEMBER_PAGE: Answers = [L, "302 /exit/alumni", "200", "403", "403", L];
const MEMBER_FORM: Answers = [L, "302 /exit/alumni", "400", "403", "403", L];

/**
 * The matrix, keyed by route id (PortalRoute.id). Each route has one case, or several when whose
 * record it is changes the answer (or could, and the matrix shows it does not).
 */
export const AUTHORIZATION_MATRIX: Record<string, MatrixCase[]> = {
  // Public and sign-in pages.
  "routes/_index": [{ get: ["200", "302 /exit", "302 /alumni", "302 /tasks", "302 /admin", "200"] }],
  "routes/$": [{ records: "a path that matches no page", get: ANYONE("404") }],
  "routes/account": [{ get: [L, "200", "200", "200", "200", L] }],
  "routes/healthz": [{ get: ANYONE("200") }],
  "routes/locale": [{ get: ANYONE("302 /"), post: ANYONE("400") }],
  "routes/login._index": [{ get: ["200", "302 /exit", "302 /alumni", "302 /tasks", "302 /admin", "200"], post: ["400", "302 /exit", "302 /alumni", "302 /tasks", "302 /admin", "400"] }],
  "routes/login.link": [{ get: ["200", "302 /exit", "302 /alumni", "302 /tasks", "302 /admin", "200"], post: ["400", "302 /exit", "302 /alumni", "302 /tasks", "302 /admin", "400"] }],
  "routes/logout": [{ get: ANYONE("302 /"), post: ANYONE("302 /") }],
  "routes/feed.$itemId": [{ records: "an approved company item", params: (r) => ({ itemId: r.feedItemId }), get: ANYONE("200") }],
  "server:item-image": [{ records: "an approved item whose image was never fetched", params: (r) => ({ itemId: r.feedItemId }), get: ANYONE("404") }],
  "routes/openings.$openingId": [{ records: "an open opening", params: (r) => ({ openingId: r.openingId }), get: ANYONE("200") }],
  "server:tracked-link": [{ records: "the alumnus's share link", params: (r) => ({ code: r.trackedLinkCode }), get: ANYONE("302 https://acme.example/news") }],

  // Links whose token is the credential: who follows them does not matter, the token does.
  "routes/login.magic.$token": [
    { records: "the alumnus's magic link", params: (r) => ({ token: r.magicLink }), postParams: async (r) => ({ token: await r.newMagicLink() }), get: ANYONE("200"), post: ANYONE("302 /alumni") },
  ],
  "routes/exit.link.$token": [
    { records: "the leaver's own exit link", params: (r) => ({ token: r.leaverExitLink }), get: ANYONE("200"), post: ANYONE("302 /exit") },
    { records: "another leaver's exit link", params: (r) => ({ token: r.otherExitLink }), get: ANYONE("200"), post: ANYONE("302 /exit") },
  ],
  "routes/set-password.$token": [{ records: "an invited staff member's link", params: (r) => ({ token: r.passwordSetupLink }), get: ANYONE("200"), post: ANYONE("400") }],
  "routes/confirm-email.$token": [
    {
      records: "a joined leaver's confirmation link",
      params: (r) => ({ token: r.emailConfirmationLink }),
      postParams: async (r) => ({ token: await r.newEmailConfirmationLink() }),
      get: ANYONE("200"),
      post: ANYONE("200"),
    },
  ],
  "routes/email-preferences.$token": [{ records: "the alumnus's footer link", params: (r) => ({ token: r.alumnusPreferencesToken }), get: ANYONE("200"), post: ANYONE("400") }],
  "routes/unsubscribe.$token": [{ records: "the alumnus's unsubscribe link", params: (r) => ({ token: r.alumnusUnsubscribeToken }), get: ANYONE("200"), post: ANYONE("200") }],
  "routes/pulse.$token": [{ records: "the alumnus's pulse link", params: (r) => ({ token: r.alumnusPulseToken }), get: ANYONE("200"), post: ANYONE("400") }],

  // The exit flow: the leaver's own (staff see that nothing waits for them, ADR 008; alumni are past it).
  "routes/exit._index": [{ get: [L, "200", "403", "200", "200", L] }],
  "routes/exit.survey.$page": [{ records: "page 1", params: () => ({ page: "1" }), get: [L, "200", "403", "302 /exit", "302 /exit", L], post: [L, "400", "403", "302 /exit", "302 /exit", L] }],
  "routes/exit.alumni": [{ get: [L, "302 /exit", "403", "302 /exit", "302 /exit", L], post: [L, "302 /exit", "403", "302 /exit", "302 /exit", L] }],
  "routes/exit.thanks": [{ get: [L, "302 /exit", "403", "302 /exit", "302 /exit", L] }],

  // Alumni pages: the share feed and an item's share page are previewed by staff (without sharing);
  // the directory and the newsletter archive are open to HR too.
  "routes/alumni._index": [{ get: [L, "403", "200", "200", "200", L] }],
  "routes/alumni.share.$itemId": [{ records: "an approved item", params: (r) => ({ itemId: r.feedItemId }), get: [L, "403", "200", "200", "200", L], post: [L, "403", "400", "403", "403", L] }],
  "routes/alumni.directory": [{ get: [L, "403", "200", "403", "200", L] }],
  "routes/alumni.newsletter._index": [{ get: [L, "403", "200", "403", "200", L] }],
  "routes/alumni.newsletter.$issueId": [{ records: "a sent issue", params: (r) => ({ issueId: r.issueId }), get: [L, "403", "200", "403", "200", L] }],
  "routes/alumni.openings": [{ get: MEMBER_PAGE, post: MEMBER_FORM }],
  "routes/alumni.preferences": [{ get: MEMBER_PAGE, post: MEMBER_FORM }],
  "routes/alumni.profile": [{ get: MEMBER_PAGE, post: MEMBER_FORM }],
  "routes/alumni.data._index": [{ get: MEMBER_PAGE, post: MEMBER_FORM }],
  "routes/alumni.data.delete": [{ get: [L, "302 /exit/alumni", "200", "302 /exit/alumni", "302 /exit/alumni", L], post: [L, "302 /exit/alumni", "400", "302 /exit/alumni", "302 /exit/alumni", L] }],
  "routes/alumni.data.download.$token": [
    { records: "a download link that is not the alumnus's", params: () => ({ token: "abcdefghijklmnopqrstuvwxyz234567" }), get: [L, "302 /exit/alumni", "404", "403", "403", L] },
  ],

  // The task inbox: task owners and HR.
  "routes/tasks._index": [
    { get: [L, "403", "403", "200", "200", L], post: [L, "403", "403", "400", "400", L] },
    // Each POST completes a task of its own: who may complete whose task, not who came first.
    {
      records: "complete a task of the IT team (the task owner's)",
      form: async (r) => ({ intent: "complete", taskId: await r.newTask("IT") }),
      post: [L, "403", "403", "302 /tasks?done=completed", "302 /tasks?done=completed", L],
    },
    {
      records: "complete a task of Payroll (not the task owner's)",
      form: async (r) => ({ intent: "complete", taskId: await r.newTask("Payroll") }),
      post: [L, "403", "403", "404", "302 /tasks?done=completed", L],
    },
  ],
  "routes/tasks.preferences": [{ get: [L, "403", "403", "200", "200", L], post: [L, "403", "403", "400", "400", L] }],

  // The JSON API: the bearer token and nothing else (a session cookie is not accepted).
  "routes/api.docs": [{ get: ANYONE("200") }],
  "routes/api.v1.openapi[.]json": [{ get: ANYONE("200"), post: ANYONE("405") }],
  "routes/api.v1.$": [{ records: "an unknown endpoint", get: ANYONE("404"), post: ANYONE("404") }],
  "routes/api.v1.departures": [{ get: ["401", "401", "401", "401", "401", "200"], post: ["401", "401", "401", "401", "401", "422"] }],
  "routes/api.v1.departures.$departureId": [{ records: "the leaver's departure", params: (r) => ({ departureId: r.departureId }), get: ["401", "401", "401", "401", "401", "200"], post: ANYONE("405") }],
  "routes/api.v1.metrics.enps": [{ get: ["401", "401", "401", "401", "401", "200"], post: ANYONE("405") }],

  // Resend's signed webhook: its signature and nothing else.
  "routes/webhooks.resend": [{ get: ANYONE("405"), post: ANYONE("401") }],

  // HR.
  "routes/admin._index": [{ get: HR_PAGE }],
  "routes/admin.analytics._index": [{ get: HR_PAGE }],
  "routes/admin.analytics.export.$file": [{ records: "trend.csv", params: () => ({ file: "trend.csv" }), get: HR_PAGE }],
  "routes/admin.departures._index": [{ get: HR_PAGE }],
  "routes/admin.departures.export[.]csv": [{ get: HR_PAGE }],
  "routes/admin.departures.import": [hr("400")],
  "routes/admin.departures.new": [hr("400")],
  "routes/admin.departures.$departureId": [hrRecord("the leaver's departure", (r) => ({ departureId: r.departureId }), hr("400"))],
  "routes/admin.departures.$departureId_.tasks.$taskId": [hrRecord("the IT task of the leaver's departure", (r) => ({ departureId: r.departureId, taskId: r.ownTaskId }), hr("400"))],
  "routes/admin.feed._index": [hr("400")],
  "routes/admin.feed.$itemId": [hrRecord("an approved item", (r) => ({ itemId: r.feedItemId }), hr("400"))],
  "routes/admin.feed.analytics": [{ get: HR_PAGE }],
  "routes/admin.feed.posts.new": [hr("400")],
  "routes/admin.feed.sources": [hr("400")],
  "routes/admin.imports.$importId": [hrRecord("an uploaded CSV", (r) => ({ importId: r.importId }), hr("400"))],
  "routes/admin.imports.$importId.rejections[.]csv": [{ records: "an uploaded CSV", params: (r) => ({ importId: r.importId }), get: HR_PAGE }],
  "routes/admin.imports.sample[.]csv": [{ get: HR_PAGE }],
  "routes/admin.newsletter._index": [{ get: HR_PAGE }],
  "routes/admin.newsletter.new": [hr("400")],
  "routes/admin.newsletter.suppressions": [hr("400")],
  "routes/admin.newsletter.$issueId": [{ records: "a sent issue", params: (r) => ({ issueId: r.issueId }), get: HR_PAGE }],
  "routes/admin.newsletter.$issueId._index": [hrRecord("a sent issue", (r) => ({ issueId: r.issueId }), hr("400"))],
  "routes/admin.newsletter.$issueId_.preview": [{ records: "a sent issue", params: (r) => ({ issueId: r.issueId }), get: HR_PAGE }],
  "routes/admin.newsletter.$issueId.results": [{ records: "a sent issue", params: (r) => ({ issueId: r.issueId }), get: HR_PAGE }],
  "routes/admin.newsletter.$issueId.send": [hrRecord("a sent issue", (r) => ({ issueId: r.issueId }), hr("400"))],
  "routes/admin.openings._index": [{ get: HR_PAGE }],
  "routes/admin.openings.new": [hr("400")],
  "routes/admin.openings.$openingId": [hrRecord("an open opening", (r) => ({ openingId: r.openingId }), hr("400"))],
  "routes/admin.openings.boomerang": [{ get: HR_PAGE }],
  "routes/admin.openings.boomerang_.export[.]csv": [{ get: HR_PAGE }],
  "routes/admin.outbox._index": [{ get: HR_PAGE }],
  "routes/admin.outbox.$emailId": [{ records: "an email in the outbox", params: (r) => ({ emailId: r.emailId }), get: HR_PAGE }],
  "routes/admin.outbox.$emailId_.html": [{ records: "an email in the outbox", params: (r) => ({ emailId: r.emailId }), get: HR_PAGE }],
  "routes/admin.people": [hr("400")],
  // The page is the confirmation: its POST erases (HR's act; the same-origin check guards it).
  "routes/admin.people_.$userId.erase": [hrRecord("another alumnus", (r) => ({ userId: r.otherPersonId }), hr("302 /admin/people/:id/erase"))],
  "routes/admin.pulses._index": [{ get: HR_PAGE }],
  "routes/admin.pulses.new": [hr("400")],
  "routes/admin.pulses.$pulseId": [hrRecord("an open pulse", (r) => ({ pulseId: r.pulseId }), hr("400"))],
  "routes/admin.responses._index": [{ get: HR_PAGE }],
  "routes/admin.responses.$responseId": [{ records: "a confidential response", params: (r) => ({ responseId: r.responseId }), get: HR_PAGE }],
  "routes/admin.segments": [{ get: HR_PAGE }],
  // Without a segment in its query string the export is refused after the guard.
  "routes/admin.segments_.export[.]csv": [{ get: [L, "403", "403", "403", "400", L] }],
  "routes/admin.settings._index": [{ get: HR_PAGE }],
  "routes/admin.settings.advocacy": [hr("400")],
  "routes/admin.settings.anonymity": [hr("400")],
  "routes/admin.settings.api-tokens._index": [hr("400")],
  // The page is the confirmation: its POST revokes.
  "routes/admin.settings.api-tokens.$tokenId.revoke": [hrRecord("another API token", (r) => ({ tokenId: r.otherApiTokenId }), hr("302 /admin/settings/api-tokens?revoked=:id"))],
  "routes/admin.settings.departments._index": [hr("400")],
  "routes/admin.settings.departments.$departmentId": [hrRecord("a department", (r) => ({ departmentId: r.departmentId }), hr("400"))],
  "routes/admin.settings.departure-dates": [hr("400")],
  "routes/admin.settings.feed": [hr("400")],
  "routes/admin.settings.holidays": [hr("400")],
  "routes/admin.settings.privacy": [hr("400")],
  "routes/admin.settings.reasons._index": [hr("400")],
  "routes/admin.settings.reasons.$reasonId": [hrRecord("a departure reason", (r) => ({ reasonId: r.reasonId }), hr("400"))],
  "routes/admin.settings.scoring": [hr("400")],
  "routes/admin.settings.teams._index": [hr("400")],
  "routes/admin.settings.teams.$teamId": [hrRecord("a team", (r) => ({ teamId: r.teamId }), hr("400"))],
  "routes/admin.settings.templates._index": [{ get: HR_PAGE }],
  "routes/admin.settings.templates.$templateId._index": [hrRecord("a checklist template", (r) => ({ templateId: r.templateId }), hr("400"))],
  "routes/admin.settings.templates.$templateId.delete": [hrRecord("a checklist template", (r) => ({ templateId: r.templateId }), hr("400"))],
  "routes/admin.settings.templates.$templateId.tasks.$taskId": [
    hrRecord("a task of a checklist template", (r) => ({ templateId: r.templateId, taskId: r.templateTaskId }), hr("400")),
  ],
  "routes/admin.settings.webhooks._index": [hr("400")],
  // A form without an intent is an unknown action there: 404.
  "routes/admin.settings.webhooks.$endpointId": [hrRecord("a webhook endpoint", (r) => ({ endpointId: r.webhookEndpointId }), hr("404"))],
  "routes/admin.surveys._index": [{ get: HR_PAGE }],
  "routes/admin.surveys.new": [hr("400")],
  "routes/admin.surveys.$surveyId._index": [hrRecord("the exit survey", (r) => ({ surveyId: r.surveyId }), hr("400"))],
  "routes/admin.surveys.$surveyId.questions.$questionId": [hrRecord("a question of the exit survey", (r) => ({ surveyId: r.surveyId, questionId: r.questionId }), hr("400"))],
};

/**
 * The paths the same-origin check lets through from anywhere (CSRF_EXEMPT_PREFIXES in
 * app/modules/platform/security.server.ts), each with why that is safe: a session cookie, the only
 * thing a cross-site form borrows, carries no authority there. tests/integration/platform/csrf.test.ts
 * proves each reason, and fails when the app exempts a path this list does not explain.
 */
export const CSRF_EXEMPTIONS: readonly { prefix: string; who: string; reason: string }[] = [
  {
    prefix: "/api/",
    who: "HR systems calling the JSON API",
    reason: "Authenticated by the bearer token alone; a session cookie is ignored, so a cross-site post with one is 401 like any request without a token.",
  },
  {
    prefix: "/webhooks/",
    who: "Resend's delivery reports",
    reason: "Signed (Svix): a post without a valid signature is 401 whatever its Origin and cookies; a signed one comes from Resend's servers, which send no Origin.",
  },
  {
    prefix: "/unsubscribe/",
    who: "Mail providers' one-click unsubscribe (RFC 8058)",
    reason: "The signed token in the path names the person and is the only proof; no session is read. A cross-site post can only unsubscribe whoever the attacker already holds a link for, which is what the link is for.",
  },
];
