import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Audience } from "~/modules/newsletter/audience";
import { testDb } from "../support/database";
import { unique } from "./sequence";

/**
 * Newsletter test data. Issues, their content and alumni are inserted directly: the compose part
 * (a separate piece of issue 12) owns the forms that write issues, and the alumni of a 10,000-
 * recipient send are inserted with set-based SQL (one statement each), as no test could afford
 * 10,000 calls of the exit flow.
 */

export interface IssueOverrides {
  audience?: Audience;
  status?: "draft" | "scheduled";
  scheduledAt?: Date | null;
  /** Feed items in the issue's one section (2 by default), each with a URL. */
  items?: number;
  french?: boolean;
}

export async function makeIssue(overrides: IssueOverrides = {}, db: Kysely<Database> = testDb()): Promise<string> {
  const n = unique();
  const issue = await db
    .insertInto("newsletter_issues")
    .values({ audience: JSON.stringify(overrides.audience ?? {}), status: overrides.status ?? "draft", scheduled_at: overrides.scheduledAt ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "en", subject: `Alumni news ${n}`, preheader: "What happened this month", intro_markdown: "Hello alumni.\n\nHere is the news." }).execute();
  if (overrides.french !== false) {
    await db.insertInto("newsletter_issue_texts").values({ issue_id: issue.id, language: "fr", subject: `Nouvelles ${n}`, preheader: "Ce mois-ci", intro_markdown: "Bonjour.\n\nVoici les nouvelles." }).execute();
  }
  const section = await db.insertInto("newsletter_sections").values({ issue_id: issue.id, position: 0, title_en: "Company news", title_fr: "Actualités" }).returning("id").executeTakeFirstOrThrow();
  for (let i = 0; i < (overrides.items ?? 2); i += 1) {
    const item = await db
      .insertInto("feed_items")
      .values({ kind: "company", status: "approved", title: `Item ${i} of ${n}`, summary_text: `Summary ${i}`, summary_html: `<p>Summary ${i}</p>`, url: `https://news.example.com/${n}/${i}`, approved_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("newsletter_section_items").values({ section_id: section.id, feed_item_id: item.id, position: i }).execute();
  }
  return issue.id;
}

export interface AlumniBatchOptions {
  count: number;
  /** Personal email domain: the fake counts deliveries per address. */
  domain?: string;
  departureId?: string | null;
  status?: "pending" | "active" | "left";
  confirmed?: boolean;
  /** The newsletter consent rows, oldest first: [true] granted; [true, false] granted then withdrawn; [] never asked. */
  consents?: readonly boolean[];
}

/**
 * `count` alumni in three statements, whatever the count: users (every third in French), their
 * profiles and their newsletter consents. Returns their user ids and personal addresses.
 */
export async function seedAlumni(options: AlumniBatchOptions, db: Kysely<Database> = testDb()): Promise<{ userId: string; email: string }[]> {
  const tag = unique().replace(/[^0-9a-z]/gi, "");
  const domain = options.domain ?? "personal.test";
  const { rows } = await sql<{ user_id: string; email: string }>`
    with u as (
      insert into users (email, name, role, locale, status)
      select 'alum-' || ${tag} || '-' || g || '@work.test', 'Alum ' || g, 'alumnus', case when g % 3 = 0 then 'fr' else 'en' end, 'active'
      from generate_series(1, ${options.count}::int) g
      returning id, email
    )
    insert into alumni_profiles (user_id, departure_id, personal_email, personal_email_confirmed_at, status, activated_at)
    select id, ${options.departureId ?? null}::uuid, replace(email, '@work.test', ${"@" + domain}),
           case when ${options.confirmed ?? true} then now() else null end, ${options.status ?? "active"}, now()
    from u
    returning user_id, personal_email as email
  `.execute(db);
  const ids = rows.map((r) => r.user_id);
  for (const granted of options.consents ?? [true]) {
    await sql`
      insert into consent_events (user_id, purpose, granted, policy_version, text_hash, source)
      select id, 'newsletter', ${granted}, 'test', 'test', 'preferences' from unnest(${ids}::uuid[]) as id
    `.execute(db);
  }
  return rows.map((r) => ({ userId: r.user_id, email: r.email }));
}

/** A department and a departure in it whose last day is in `year`, for a leaver made here. */
export async function makeDepartureIn(input: { departmentId?: string; year: number }, db: Kysely<Database> = testDb()): Promise<{ departureId: string; departmentId: string }> {
  const n = unique();
  // Departments form one tree: a new one goes under the root (created the first time).
  const root =
    (await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirst()) ??
    (await db.insertInto("departments").values({ name: "Company" }).returning("id").executeTakeFirstOrThrow());
  const departmentId = input.departmentId ?? (await db.insertInto("departments").values({ name: `Dept ${n}`, parent_id: root.id }).returning("id").executeTakeFirstOrThrow()).id;
  const leaver = await db.insertInto("users").values({ email: `leaver-${n}@work.test`, name: `Leaver ${n}`, role: "alumnus" }).returning("id").executeTakeFirstOrThrow();
  const departure = await db
    .insertInto("departures")
    .values({
      leaver_user_id: leaver.id,
      employee_email: `leaver-${n}@work.test`,
      employee_name: `Leaver ${n}`,
      department_id: departmentId,
      notice_date: `${input.year}-01-02`,
      last_day: `${input.year}-03-31`,
      type: "voluntary",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { departureId: departure.id, departmentId };
}

export async function suppress(email: string, reason: "unsubscribed" | "hard_bounce" | "complaint" | "manual" = "unsubscribed", db: Kysely<Database> = testDb()) {
  await db.insertInto("email_suppressions").values({ email: email.toLowerCase(), reason }).onConflict((oc) => oc.column("email").doNothing()).execute();
}

/** Makes every batch waiting for a retry due now, as if its delay had passed. */
export async function makeRetriesDue(issueId: string, db: Kysely<Database> = testDb()) {
  await db.updateTable("newsletter_batches").set({ next_attempt_at: null }).where("issue_id", "=", issueId).where("status", "=", "failed").execute();
}
