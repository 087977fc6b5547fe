import { sql } from "kysely";
import { issueOneTimeToken } from "~/modules/auth/one-time-tokens.server";
import { generateToken, hashToken } from "~/modules/auth/tokens.server";
import { emailPreferencesToken } from "~/modules/email/preference-links.server";
import { newExitLinkToken, storeExitLink } from "~/modules/exit/links.server";
import { createImport } from "~/modules/imports/imports.server";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import {
  addTask,
  createAlumniProfile,
  createDepartment,
  createSurvey,
  createTeamMember,
  createUser,
  createWebhookEndpoint,
  issueToken,
  makeAlumniLeaver,
  makeAlumnus,
  makeDeparture,
  makeFeedItem,
  makeNewsletterIssue,
  makeOpening,
  makePulse,
  signIn,
  storeOutboxEmail,
} from "../../factories";
import { unique } from "../../factories/sequence";
import { testDb } from "../database";
import type { PortalRoute } from "../route-manifest";

/**
 * How the input fuzzer reaches each route's action as someone it lets in, so that hostile input meets
 * the route's validation rather than its sign-in wall: who sends the request (by the route's audience,
 * read from its path) and a real record or token for each of its parameters (by the parameter's name).
 *
 * Records are made per route (an action may delete or cancel its record; the next route must not
 * find it gone), through the factories. What an action uses up (a one-time token, a person erased, a
 * session signed out) is made again for every request.
 */

/** Who sends the request: a cookie, a bearer token, or a signature, made for one request. */
export interface Sender {
  role: string;
  headers(): Promise<Record<string, string>>;
}

/** The request the fuzzer can send to a route, or why it cannot. */
export type Reach =
  | {
      ok: true;
      role: string;
      /** Pages, the route's own first, whose forms post to it (resource routes: the role's home). */
      formPages: string[];
      /** The route's path with real parameters and the sender's headers, made for one request. */
      next(): Promise<{ path: string; headers: Record<string, string> }>;
      kind: "form" | "api" | "webhook";
    }
  | { ok: false; reason: string };

type Param = () => Promise<string>;

const cookie = (value: string) => ({ Cookie: value });

/** Senders by audience. Each makes a new session per request: an action may sign its sender out. */
async function senders() {
  const hr = await createUser({ role: "hr_admin" });
  const owner = await createTeamMember(["IT", "Facilities", "Payroll"]);
  const alumnus = await makeAlumnus({ consents: ["newsletter", "share_feed", "directory", "pulse"] });
  // In the exit flow, before the survey is sent (its pages) and after (the alumni step).
  const surveying = await makeAlumniLeaver({ status: "started" });
  const finished = await makeAlumniLeaver({ status: "finished" });
  const session = (user: { id: string; role: "hr_admin" | "task_owner" | "alumnus" | "leaver" }, role: string): Sender => ({
    role,
    headers: async () => cookie(await signIn(user)),
  });
  return {
    hr: session(hr, "HR admin"),
    owner: session(owner, "task owner"),
    alumnus: session(alumnus, "alumnus"),
    surveying: { ...session(surveying.user, "leaver (survey)"), leaver: surveying },
    finished: { ...session(finished.user, "leaver (alumni step)"), leaver: finished },
    /** An alumnus of their own, new for each request: for actions that erase their sender. */
    disposableAlumnus: { role: "alumnus (new each time)", headers: async () => cookie(await signIn(await makeAlumnus())) } satisfies Sender,
    anonymous: { role: "anonymous", headers: async () => ({}) } satisfies Sender,
    api: { role: "API token", headers: async () => ({ Authorization: `Bearer ${(await issueToken()).token}` }) } satisfies Sender,
    webhook: { role: "Resend signature", headers: async () => ({}) } satisfies Sender,
  };
}

export type Senders = Awaited<ReturnType<typeof senders>>;

/** The audience of a path: the longest matching prefix wins. */
function senderFor(pattern: string, who: Senders): Sender | undefined {
  const rules: [RegExp, Sender][] = [
    [/^\/admin\//, who.hr],
    [/^\/admin$/, who.hr],
    [/^\/tasks(\/|$)/, who.owner],
    [/^\/account$/, who.owner],
    [/^\/logout$/, who.owner],
    [/^\/alumni\/data\/delete$/, who.disposableAlumnus],
    [/^\/alumni(\/|$)/, who.alumnus],
    [/^\/exit\/link\//, who.anonymous],
    [/^\/exit\/alumni$/, who.finished],
    [/^\/exit(\/|$)/, who.surveying],
    [/^\/confirm-email\//, who.finished],
    [/^\/api\/v1\//, who.api],
    [/^\/webhooks\/resend$/, who.webhook],
    [/^\/locale$/, who.owner],
    [/^\/(login|set-password|email-preferences|unsubscribe|pulse)(\/|$)/, who.anonymous],
  ];
  return rules.find(([pattern_]) => pattern_.test(pattern))?.[1];
}

/** Where a resource route's form is found: the home page of its sender. */
const HOMES: Record<string, string> = {
  "HR admin": "/admin",
  "task owner": "/tasks",
  alumnus: "/alumni",
  "leaver (survey)": "/exit",
  "leaver (alumni step)": "/exit/alumni",
  anonymous: "/login",
};

export class FuzzWorld {
  private constructor(readonly who: Senders) {}

  static async create(): Promise<FuzzWorld> {
    return new FuzzWorld(await senders());
  }

  /** Every parameter's value for this route: made once per route, or per request where the action uses it up. */
  private params(route: PortalRoute): Record<string, { once?: Param; each?: Param }> {
    const db = testDb();
    const departure = async () => (await makeDeparture({ employeeName: `Fuzz leaver ${unique()}` }, { confirmUnusualDates: true })).departure.id;
    const template = async () => {
      // A copy of a default template with its tasks, inserted directly: the template form is what the fuzzer attacks.
      const source = await db.selectFrom("checklist_templates").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
      const { id: _id, created_at: _created, updated_at: _updated, ...rest } = source;
      const copy = await db.insertInto("checklist_templates").values({ ...rest, name_en: `Fuzz template ${unique()}`, active: false }).returning("id").executeTakeFirstOrThrow();
      await sql`insert into checklist_template_tasks (template_id, title_en, title_fr, description_en, description_fr, category, owner_user_id, owner_team_id, anchor, offset_business_days, before_last_day, position)
        select ${copy.id}, title_en, title_fr, description_en, description_fr, category, owner_user_id, owner_team_id, anchor, offset_business_days, before_last_day, position
        from checklist_template_tasks where template_id = ${source.id}`.execute(db);
      return copy.id;
    };
    const firstOf = async (query: Promise<{ id: string } | undefined>, what: string) => {
      const row = await query;
      if (!row) throw new Error(`the fuzz world has no ${what}`);
      return row.id;
    };
    const cache = new Map<string, string>();
    const remembered = (name: string, make: Param): Param => async () => {
      if (!cache.has(name)) cache.set(name, await make());
      return cache.get(name)!;
    };
    const departureId = remembered("departureId", departure);
    const templateId = remembered("templateId", template);
    const surveyId = remembered("surveyId", async () => (await createSurvey({ name: `Fuzz survey ${unique()}` })).survey.id);
    const issue = remembered("issueId", async () => (await makeNewsletterIssue({ subject: `Fuzz issue ${unique()}` })).issueId);
    const pulse = remembered("pulseId", async () => (await makePulse()).pulse.id);
    const isTemplate = route.pattern.startsWith("/admin/settings/templates/");
    const token = this.tokenFor(route.pattern);
    return {
      departureId: { once: route.pattern.startsWith("/api/") ? departure : departureId },
      taskId: {
        once: isTemplate
          ? async () => firstOf(db.selectFrom("checklist_template_tasks").select("id").where("template_id", "=", await templateId()).executeTakeFirst(), "template task")
          : async () => (await addTask(await departureId(), { title: `Fuzz task ${unique()}` })).id,
      },
      templateId: route.id.endsWith(".delete") ? { each: template } : { once: templateId },
      importId: {
        once: async () => {
          const content = "name,email,last day\nAda Fuzz,ada.fuzz@acme.example,2027-01-15\n";
          return (await createImport(db, { fileName: "fuzz.csv", content, encoding: "utf-8", totalRows: 1, createdBy: (await this.hrUserId())! })).id;
        },
      },
      // HR reviews an item that waits; alumni share one that was approved.
      itemId: { once: async () => (await makeFeedItem({ status: route.pattern.startsWith("/admin/") ? "pending" : "approved", title: `Fuzz item ${unique()}` })).id },
      issueId: { once: issue },
      openingId: { once: async () => (await makeOpening({ titleEn: `Fuzz opening ${unique()}` })).id },
      emailId: { once: async () => (await storeOutboxEmail()).id },
      userId: { each: async () => (await makeAlumnus({ name: `Fuzz erasable ${unique()}` })).id },
      pulseId: { once: pulse },
      tokenId: { each: async () => (await issueToken({ name: `Fuzz revocable ${unique()}` })).id },
      departmentId: { once: async () => (await createDepartment(`Fuzz department ${unique()}`)).id },
      reasonId: {
        once: async () => {
          const code = `fuzz_${unique()}`;
          return (await db.insertInto("departure_reasons").values({ code, label_en: `Fuzz reason ${code}`, label_fr: "" }).returning("id").executeTakeFirstOrThrow()).id;
        },
      },
      teamId: { once: async () => (await db.insertInto("teams").values({ name: `Fuzz team ${unique()}` }).returning("id").executeTakeFirstOrThrow()).id },
      endpointId: { once: async () => (await createWebhookEndpoint(`https://hooks${unique()}.example/in`)).endpoint.id },
      surveyId: { once: surveyId },
      questionId: { once: async () => (await surveyId(), "enps") },
      page: { once: async () => "1" },
      ...(token ? { token } : {}),
    };
  }

  private hrId: string | undefined;
  private async hrUserId() {
    this.hrId ??= (await testDb().selectFrom("users").select("id").where("role", "=", "hr_admin").orderBy("created_at").executeTakeFirstOrThrow()).id;
    return this.hrId;
  }

  /** A real token for each token page, new for each request (most are single-use). */
  private tokenFor(pattern: string): { each: Param } | undefined {
    const db = testDb();
    const makers: Record<string, Param> = {
      "/login/magic/:token": async () => {
        const user = await createUser({ role: "alumnus" });
        await createAlumniProfile(user.id, { status: "active", confirmedAt: new Date() });
        return (await issueOneTimeToken(db, { userId: user.id, purpose: "magic_link" })).token;
      },
      "/set-password/:token": async () => {
        const user = await createUser({ role: "task_owner", status: "invited" });
        return (await issueOneTimeToken(db, { userId: user.id, purpose: "password_setup" })).token;
      },
      "/exit/link/:token": async () => {
        const leaver = await makeAlumniLeaver({ status: "started" });
        const token = newExitLinkToken();
        await db.transaction().execute((trx) => storeExitLink(trx, { token, invitationId: leaver.invitationId, expiresAt: new Date(Date.now() + 14 * 86_400_000) }));
        return token;
      },
      "/confirm-email/:token": async () => {
        // The leaver joined with a personal address that waits for confirmation. Inserted directly:
        // issuing a link sends an email and is throttled per person, which is not what this attacks.
        const leaver = this.who.finished.leaver;
        const email = `personal-${unique()}@example.net`;
        await db.deleteFrom("alumni_profiles").where("user_id", "=", leaver.user.id).execute();
        await createAlumniProfile(leaver.user.id, { departureId: leaver.departureId, personalEmail: email, status: "pending" });
        const token = generateToken();
        await db
          .insertInto("email_confirmations")
          .values({ token_hash: hashToken(token), user_id: leaver.user.id, email, kind: "confirm", created_at: new Date(), expires_at: new Date(Date.now() + 86_400_000) })
          .execute();
        return token;
      },
      "/email-preferences/:token": async () => emailPreferencesToken((await makeAlumnus({ consents: ["newsletter", "pulse"] })).id),
      "/unsubscribe/:token": async () => {
        const member = await makeAlumnus({ consents: ["newsletter"] });
        return unsubscribeToken({ issueId: (await makeNewsletterIssue({ status: "sent" })).issueId, userId: member.id });
      },
      "/pulse/:token": async () => {
        const member = await makeAlumnus({ consents: ["pulse"] });
        return pulseAnswerToken({ pulseId: (await makePulse()).pulse.id, userId: member.id });
      },
    };
    const maker = makers[pattern];
    return maker ? { each: maker } : undefined;
  }

  /** Data a route's form needs that is not a parameter: the review queue's form needs an item waiting. */
  private async prepare(route: PortalRoute) {
    if (route.pattern === "/admin/feed") await makeFeedItem({ status: "pending", title: `Fuzz waiting item ${unique()}` });
  }

  reach(route: PortalRoute): Reach {
    const sender = senderFor(route.pattern, this.who);
    if (!sender) return { ok: false, reason: `no sender for ${route.pattern}: add its audience to senderFor() in tests/support/fuzz/reach.ts` };
    const params = this.params(route);
    const missing = route.params.filter((name) => name !== "*" && !params[name]);
    if (missing.length > 0) return { ok: false, reason: `no value for :${missing.join(", :")} in ${route.pattern}: add it to FuzzWorld.params()` };
    const fixed = new Map<string, string>();
    let prepared: Promise<void> | undefined;
    const kind = route.pattern.startsWith("/api/") ? "api" : route.pattern.startsWith("/webhooks/") ? "webhook" : "form";
    return {
      ok: true,
      role: sender.role,
      kind,
      formPages: route.isResource ? [HOMES[sender.role] ?? "/"] : [],
      next: async () => {
        await (prepared ??= this.prepare(route));
        let path = route.pattern;
        for (const name of route.params) {
          let value: string;
          if (name === "*") value = "fuzz";
          else {
            const param = params[name]!;
            if (param.each) value = await param.each();
            else {
              if (!fixed.has(name)) fixed.set(name, await param.once!());
              value = fixed.get(name)!;
            }
          }
          path = path.replace(name === "*" ? "*" : `:${name}`, encodeURIComponent(value));
        }
        return { path, headers: await sender.headers() };
      },
    };
  }
}
