// Which folder may import which (docs/decisions/012-layers-and-domain-order.md), checked by
// `npm run lint:deps` (scripts/lint-deps.ts, which also fails when dependency-cruiser read almost
// nothing: version 16 reads TypeScript only with the `typescript` package installed beside it).
import { readdirSync } from "node:fs";

/**
 * The domains of app/modules, lowest first. A domain imports only domains before it in this list
 * (and app/utils, db/, emails/). Add a new domain folder here, at the lowest place its imports allow.
 */
const DOMAIN_ORDER = [
  "platform", // logger, URL redaction, data-folder lock, security headers
  "i18n", // languages, translator, the Translate type
  "sentiment", // comment sentiment and themes in English and French (pure; no database)
  "jobs", // the queue (pg-boss) and job definitions' shape; not the list of jobs (server/jobs.ts)
  "email", // outbox, delivery, templates' rendering
  "auth", // users, sessions, tokens, audit log, sign-in
  "webhooks", // outbound webhooks: endpoints, events written in the transaction of the change, signed deliveries
  "surveys", // survey definitions, builder, the reason choices a survey offers
  "metrics", // eNPS and theme rollups and comment scores, written in the transaction that records a response or a release
  "exit", // the leaver's flow: invitations, links, drafts, submit (and the anonymous pool's write)
  "offboarding", // departures, tasks, settings; recording a departure schedules its exit invitation
  "responses", // HR's views of exit-flow results, releases, the departure page's exit-flow card
  "alumni", // opt-in, consents, the transition after the last day
  "pulse", // alumni pulse surveys: scheduling, the 0–10 email, the answer page, closing
  "links", // tracked links (/r/{code}), their click buffer and counts; feeds and the newsletter use them
  "feeds", // RSS/Atom/JSON feed sources, guarded fetching, parsing, sanitising, company posts
  "advocacy", // share intents, points and leaderboard, share analytics and earned media value
  "scoring", // the advocacy score, promoter / passive / detractor segments and their routing
  "openings", // job openings for alumni, referral links, the boomerang pool
  "newsletter", // compose, audience, the sending engine, unsubscribe and suppression, Resend webhooks, archive
  "imports", // CSV import of departures
  "integrations", // the HRIS API
  "privacy", // the personal-data registry, export, erasure and retention: read and write across domains
  "admin", // HR's overview and /healthz: read across domains
];

const unlisted = readdirSync(new URL("app/modules/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !DOMAIN_ORDER.includes(entry.name))
  .map((entry) => entry.name);
if (unlisted.length > 0) {
  throw new Error(`app/modules/${unlisted.join(", app/modules/")}: not in DOMAIN_ORDER (.dependency-cruiser.js). Add it at the lowest place its imports allow.`);
}

const domainOrderRules = DOMAIN_ORDER.slice(0, -1).map((domain, index) => ({
  name: `domain-order-${domain}`,
  severity: "error",
  comment: `${domain} sits below ${DOMAIN_ORDER.slice(index + 1).join(", ")} (DOMAIN_ORDER): move the shared part down, or the function to the domain that owns it.`,
  from: { path: `^app/modules/${domain}/` },
  to: { path: `^app/modules/(${DOMAIN_ORDER.slice(index + 1).join("|")})/` },
}));

/** The route layer: route modules and the app's root and entry files. */
const ROUTE_LAYER = "^app/(routes/|root\\.tsx$|entry\\.)";

export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules that import each other (directly or around a loop) load in an order that depends on who is imported first.",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to no file.",
      from: {},
      to: { couldNotResolve: true },
    },
    ...domainOrderRules,
    {
      name: "modules-not-to-components-or-routes",
      severity: "error",
      comment: "Domain logic never imports UI: components and routes import modules, not the reverse.",
      from: { path: "^app/modules/" },
      to: { path: `^app/components/|${ROUTE_LAYER}` },
    },
    {
      name: "components-not-to-routes",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: ROUTE_LAYER },
    },
    {
      name: "utils-are-the-bottom",
      severity: "error",
      comment: "app/utils holds basics every layer uses; it imports nothing above it.",
      from: { path: "^app/utils/" },
      to: { path: `^app/(modules|components)/|${ROUTE_LAYER}|^(emails|server|scripts)/` },
    },
    {
      name: "emails-import-only-formatting-and-strings",
      severity: "error",
      comment:
        "Email templates render on their own in the react-email preview: besides emails/ they import only app/utils/format.ts and the locale files. The app imports emails/, never the reverse.",
      from: { path: "^emails/" },
      to: { path: "^(app|server|scripts|db)/", pathNot: "^app/(utils/format\\.ts|locales/)" },
    },
    {
      name: "app-not-to-entry-points",
      severity: "error",
      comment: "server/ and scripts/ are entry points: they import the app, the app never imports them.",
      from: { path: "^(app|db|emails)/" },
      to: { path: "^(server|scripts)/" },
    },
    {
      name: "db-is-the-bottom",
      severity: "error",
      comment: "db/ (connection, schema types, migrations) imports nothing of the app.",
      from: { path: "^db/" },
      to: { path: "^(app|emails|server|scripts)/" },
    },
    {
      name: "routes-and-components-build-no-sql",
      severity: "error",
      comment: "Routes call app/modules; they reach the database only through app/utils/db.server.ts (getDb) and never build SQL.",
      from: { path: `${ROUTE_LAYER}|^app/components/` },
      to: { path: "^db/|(^|/)node_modules/kysely/", pathNot: "^db/schema\\.ts$" },
    },
    {
      // Allowed on purpose: db/schema.ts holds the column types (Role, UserStatus); a type-only import
      // of it is erased by the build and runs no query.
      name: "routes-and-components-use-db-schema-for-types-only",
      severity: "error",
      from: { path: `${ROUTE_LAYER}|^app/components/` },
      to: { path: "^db/schema\\.ts$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: "^(build|public/build|\\.data|tests/\\.tmp|\\.react-email)/" },
    // Resolves `~/…` like the app's bundler and TypeScript do.
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports count: a domain that needs another's types depends on it too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
