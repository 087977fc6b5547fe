import type { Kysely } from "kysely";
import { hashPassword, verifyPassword } from "~/modules/auth/password.server";
import { findUserByEmail, insertUser } from "~/modules/auth/users.server";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { ensureRootDepartment } from "~/modules/offboarding/departments.server";
import { departureInputSchema } from "~/modules/offboarding/schemas";
import { translator } from "~/modules/i18n/translator";
import type { Database } from "../db/schema";

/** The demo accounts, printed at start-up and listed in the README. */
export const DEMO_PASSWORD = "demo-password";
export const demoSignIns = [
  { role: "hr_admin", email: "hr@example.com", name: "Hana Reyes", how: `password: ${DEMO_PASSWORD}` },
  { role: "task_owner", email: "it@example.com", name: "Ivan Torres", how: `password: ${DEMO_PASSWORD}` },
  { role: "alumnus", email: "alex.alumni@example.net", name: "Alex Martin", how: "magic link (read it in the outbox)" },
  { role: "leaver", email: "sam.leaver@example.com", name: "Sam Leclerc", how: "the exit invitation in the outbox (Continue in its link)" },
] as const;

export type DemoSignIn = (typeof demoSignIns)[number];

/**
 * Demo data: one account per role, a department tree, team members, holidays and departures in
 * every state (planned, in progress with overdue work, completed, cancelled). Runs once per
 * database: the `demo_seed` row is written in the same transaction as the demo accounts, so a
 * database seeded before (even by another process starting at the same moment) is left alone, and a
 * database created by the CLI is still seeded at its first start. Returns whether it seeded.
 * Refuses to run in production.
 */
export async function seedDemoData(db: Kysely<Database>): Promise<boolean> {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to seed demo data in production (NODE_ENV=production).");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const claimed = await db.transaction().execute(async (trx) => {
    const marker = await trx
      .insertInto("demo_seed")
      .values({ id: true })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("seeded_at")
      .executeTakeFirst();
    if (!marker) return false;
    for (const person of demoSignIns) {
      const staff = person.role === "hr_admin" || person.role === "task_owner";
      await insertUser(trx, {
        email: person.email,
        name: person.name,
        role: person.role,
        locale: person.email === "sam.leaver@example.com" ? "fr" : "en",
        passwordHash: staff ? passwordHash : null,
      });
    }
    // A second task owner, for payroll.
    await insertUser(trx, { email: "payroll@example.com", name: "Priya Natarajan", role: "task_owner", passwordHash });
    return true;
  });
  if (!claimed) return false;
  await seedOffboarding(db);
  // After the departures: their exit-flow answers, and last year's anonymous results. Loaded lazily
  // for the same reason as the departure module (the flow pulls in the email and job modules).
  const { seedExitFlowDemo } = await import("./seed-exit-flow-demo");
  await seedExitFlowDemo(db, process.env.COMPANY_NAME || "Acme Corp");
  // Two years of exit answers for the eNPS dashboard, through the same flow.
  const { seedEnpsDemo } = await import("./seed-enps-demo");
  const today = todayIn(process.env.COMPANY_TIME_ZONE || "UTC");
  await seedEnpsDemo(db, { today });
  // Some of those leavers are alumni now, and answer pulses.
  const { seedPulseDemo } = await import("./seed-pulse-demo");
  await seedPulseDemo(db, { today, companyName: process.env.COMPANY_NAME || "Acme Corp" });
  await seedAlumniDemo(db);
  await seedFeedDemo(db);
  const { seedAdvocacyDemo } = await import("./seed-advocacy-demo");
  await seedAdvocacyDemo(db);
  const { seedNewsletterDemo } = await import("./seed-newsletter-demo");
  await seedNewsletterDemo(db);
  // Profiles, the directory and Alex's waiting pulse question, over the alumni made above.
  const { seedDirectoryDemo } = await import("./seed-directory-demo");
  await seedDirectoryDemo(db);
  const { seedOpeningsDemo } = await import("./seed-openings-demo");
  await seedOpeningsDemo(db);
  return true;
}

/** When this database was given the demo data, if ever. */
export async function demoSeededAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db.selectFrom("demo_seed").select("seeded_at").executeTakeFirst();
  return row ? new Date(row.seeded_at) : null;
}

/**
 * The demo sign-ins that are true of this database: the account exists with its demo role and is
 * active, and a staff account still has the demo password. What start-up prints, so it never
 * advertises an account that is not there (a database created by the CLI, demo users removed, a
 * password changed).
 */
export async function usableDemoSignIns(db: Kysely<Database>): Promise<DemoSignIn[]> {
  const usable: DemoSignIn[] = [];
  for (const signIn of demoSignIns) {
    const user = await findUserByEmail(db, signIn.email);
    if (!user || user.role !== signIn.role || user.status !== "active") continue;
    const staff = signIn.role === "hr_admin" || signIn.role === "task_owner";
    if (staff && !(user.password_hash && (await verifyPassword(user.password_hash, DEMO_PASSWORD)))) continue;
    usable.push(signIn);
  }
  return usable;
}

async function seedOffboarding(db: Kysely<Database>) {
  // Loaded lazily: the departure module pulls in the email and job modules, which need the queue.
  const { createDeparture, updateDeparture } = await import("~/modules/offboarding/departures.server");
  const companyName = process.env.COMPANY_NAME || "Acme Corp";
  const today = todayIn(process.env.COMPANY_TIME_ZONE || "UTC");

  const root = await ensureRootDepartment(db, companyName);
  const department = async (name: string, parentId: string) =>
    (await db.insertInto("departments").values({ name, parent_id: parentId }).returning("id").executeTakeFirstOrThrow()).id;
  const engineering = await department("Engineering", root.id);
  await department("Platform", engineering);
  await department("Mobile", engineering);
  await department("Sales", root.id);
  await department("Marketing", root.id);
  await department("Finance", root.id);
  await department("Customer Success", root.id);
  // Small on purpose: its few exit responses show as "fewer than 5 responses" on the dashboard.
  await department("Legal", root.id);

  const team = async (name: string) => (await db.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirst())?.id;
  const member = async (teamName: string, email: string) => {
    const [teamId, user] = await Promise.all([team(teamName), findUserByEmail(db, email)]);
    if (teamId && user) await db.insertInto("team_members").values({ team_id: teamId, user_id: user.id }).execute();
  };
  await member("IT", "it@example.com");
  await member("Facilities", "it@example.com");
  await member("Payroll", "payroll@example.com");
  await member("People team", "hr@example.com");

  const year = today.slice(0, 4);
  await db
    .insertInto("company_holidays")
    .values([
      { day: `${year}-01-01`, name: "New Year's Day" },
      { day: `${year}-05-01`, name: "Labour Day" },
      { day: `${year}-12-25`, name: "Christmas Day" },
      { day: `${Number(year) + 1}-01-01`, name: "New Year's Day" },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();

  const hr = await findUserByEmail(db, "hr@example.com");
  const actor = { actorUserId: hr?.id ?? null, source: "seed" as const, today };
  const day = (offset: number) => addCalendarDays(today, offset);

  const departures = [
    { employeeEmail: "sam.leaver@example.com", employeeName: "Sam Leclerc", departmentName: "Platform", jobTitle: "Senior engineer", location: "Paris", noticeDate: day(-20), lastDay: day(10), type: "voluntary", reasonCode: "career_growth", regrettable: true, eligibleForRehire: true, externalId: "HR-1001" },
    { employeeEmail: "jordan.blake@example.com", employeeName: "Jordan Blake", departmentName: "Sales", jobTitle: "Account executive", location: "London", noticeDate: day(-25), lastDay: day(3), type: "voluntary", reasonCode: "compensation", regrettable: false, eligibleForRehire: true, externalId: "HR-1002" },
    { employeeEmail: "mei.chen@example.com", employeeName: "Mei Chen", departmentName: "Marketing", jobTitle: "Content lead", location: "Remote", noticeDate: day(5), lastDay: day(40), type: "voluntary", reasonCode: "relocation", eligibleForRehire: true, externalId: "HR-1003" },
    { employeeEmail: "omar.haddad@example.com", employeeName: "Omar Haddad", departmentName: "Finance", jobTitle: "Controller", location: "Paris", noticeDate: day(-2), lastDay: day(60), type: "retirement", reasonCode: "retirement", externalId: "HR-1004" },
    { employeeEmail: "lena.fischer@example.com", employeeName: "Lena Fischer", departmentName: "Customer Success", jobTitle: "Support specialist", location: "Berlin", noticeDate: day(-60), lastDay: day(-30), type: "involuntary", reasonCode: "restructuring", regrettable: false, eligibleForRehire: true, externalId: "HR-1005" },
    { employeeEmail: "tom.okafor@example.com", employeeName: "Tom Okafor", departmentName: "Mobile", jobTitle: "iOS engineer", location: "London", noticeDate: day(-10), lastDay: day(20), type: "voluntary", reasonCode: "manager", regrettable: true, externalId: "HR-1006" },
  ] as const;

  const schema = departureInputSchema(translator("en", "offboarding"));
  for (const input of departures) {
    await createDeparture(schema.parse(input), actor);
  }

  // Lena's departure is over: every task done, the departure completed.
  const lena = await db.selectFrom("departures").select("id").where("external_id", "=", "HR-1005").executeTakeFirstOrThrow();
  await db
    .updateTable("departure_tasks")
    .set({ status: "done", completed_at: new Date(`${day(-30)}T16:00:00Z`), completed_by: hr?.id ?? null, completion_note: "Done." })
    .where("departure_id", "=", lena.id)
    .execute();
  await updateDeparture(lena.id, { status: "completed" }, { actorUserId: hr?.id ?? null });

  // Tom changed his mind: the departure is cancelled.
  const tom = await db.selectFrom("departures").select("id").where("external_id", "=", "HR-1006").executeTakeFirstOrThrow();
  await updateDeparture(tom.id, { status: "cancelled" }, { actorUserId: hr?.id ?? null });

  // Some of Jordan's and Sam's early work is already done; the rest is due or overdue.
  for (const externalId of ["HR-1001", "HR-1002"]) {
    const row = await db.selectFrom("departures").select("id").where("external_id", "=", externalId).executeTakeFirstOrThrow();
    const first = await db
      .selectFrom("departure_tasks")
      .select("id")
      .where("departure_id", "=", row.id)
      .orderBy("due_date")
      .limit(2)
      .execute();
    await db
      .updateTable("departure_tasks")
      .set({ status: "done", completed_at: new Date(), completed_by: hr?.id ?? null, completion_note: "Done in the first week." })
      .where(
        "id",
        "in",
        first.map((f) => f.id),
      )
      .execute();
  }
}

/**
 * Alex, the demo alumnus, as a member who joined through his exit flow: an active profile at his own
 * (confirmed) address and a few consents in the ledger, so /alumni/preferences shows real choices.
 * Loaded lazily: the ledger hashes the consent words through the i18n and env modules.
 */
async function seedAlumniDemo(db: Kysely<Database>) {
  const { recordConsent } = await import("~/modules/alumni/consents.server");
  const alex = await findUserByEmail(db, "alex.alumni@example.net");
  if (!alex) return;
  // The ledger's rows are dated by the database; the profile agrees with them.
  const joinedAt = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("alumni_profiles")
      .values({
        user_id: alex.id,
        personal_email: alex.email,
        personal_email_confirmed_at: joinedAt,
        linkedin_url: "https://www.linkedin.com/in/alex-martin-demo",
        status: "active",
        joined_at: joinedAt,
        activated_at: joinedAt,
      })
      .onConflict((oc) => oc.column("user_id").doNothing())
      .execute();
    for (const purpose of ["newsletter", "share_feed", "openings", "directory", "pulse"] as const) {
      await recordConsent(trx, { userId: alex.id, purpose, granted: true, source: "exit_flow", ip: null, locale: alex.locale });
    }
  });
}

/**
 * The share feed with something in it: a company post already in the feed, one waiting for review,
 * and three items of an external source as the poll would have stored them, one of them approved
 * (no fetch here: the source's address is on the reserved .example domain and its first read is a
 * day away), plus the disclosure lines.
 */
async function seedFeedDemo(db: Kysely<Database>) {
  const { createCompanyPost } = await import("~/modules/feeds/company-posts.server");
  const { updateFeedSettings } = await import("~/modules/feeds/settings.server");
  const hr = await findUserByEmail(db, "hr@example.com");
  if (!hr) return;
  const company = process.env.COMPANY_NAME || "Acme Corp";
  await updateFeedSettings(db, { disclosureEn: `#formeremployee of ${company}`, disclosureFr: `#ancienemployé ${company}`, promotionalMaxPercent: "40" }, { userId: hr.id });
  await createCompanyPost(
    db,
    { title: `${company} opens its Lisbon office`, text: "Forty new engineering roles, and a terrace with a view of the Tagus.\n\nAlumni are welcome at the opening party.", link: "https://acme.example/news/lisbon" },
    { userId: hr.id },
  );
  await createCompanyPost(db, { title: "Our 2027 graduate programme is open", text: "Know someone finishing their studies? Applications close in March.", link: "https://acme.example/careers/graduates" }, { userId: hr.id }, { approve: false });
  const now = Date.now();
  const source = await db
    .insertInto("feed_sources")
    .values({ url: "https://industry-weekly.example/feed.xml", name: "Industry Weekly", kind: "external", approval: "review", created_by: hr.id, next_fetch_at: new Date(now + 24 * 3600_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const articles = [
    ["How hybrid teams keep their rituals", "Three companies explain what replaced the Friday lunch."],
    ["The quiet return of the four-day week", "Pilots in five countries, and what the numbers say a year later."],
    ["Why alumni networks are the new recruiting channel", "Boomerang hires stay longer and ramp up faster, a survey finds."],
  ];
  await db
    .insertInto("feed_items")
    .values(
      articles.map(([title, summary], index) => {
        const url = `https://industry-weekly.example/articles/${index + 1}`;
        return {
          source_id: source.id,
          guid: url,
          kind: "external" as const,
          status: index === 1 ? ("approved" as const) : ("pending" as const),
          approved_at: index === 1 ? new Date(now) : null,
          approved_by: index === 1 ? hr.id : null,
          url,
          canonical_url: url,
          title: title!,
          summary_html: `<p>${summary}</p>`,
          summary_text: summary!,
          published_at: new Date(now - (index + 1) * 3600_000),
          fetched_at: new Date(now - (index + 1) * 60_000),
          expires_at: new Date(now + 30 * 24 * 3600_000),
        };
      }),
    )
    .execute();
}
