import { sql } from "kysely";
import { recordConsent } from "~/modules/alumni/consents.server";
import { findUserByEmail } from "~/modules/auth/users.server";
import type { DB } from "~/utils/db.server";

/**
 * Demo data for the alumni profile, the directory and the alumni home (docs/decisions/033), after
 * the pulse, alumni and advocacy demos (./seed.ts): a dozen alumni say where they work now, most of
 * them are listed in the directory with different fields shown, a few are not listed at all, and
 * Alex has a pulse question waiting on his home page. Everything is derived from the order of the
 * rows the earlier demos made, so two seeds give the same directory.
 */

const COMPANIES = ["Northwind Traders", "Globex", "Initech", "Umbrella Santé", "Contoso", "Fabrikam", "Tailspin Toys", "Wide World Importers", "Lumen Studio", "Blue Yonder Airlines", "Coho Vineyard", "Proseware"];
const TITLES = ["Engineering manager", "Product designer", "Account executive", "Data analyst", "Head of customer success", "Staff engineer", "Marketing lead", "Recruiter", "Solutions architect", "Founder", "Directrice commerciale", "Développeur senior"];
const LOCATIONS = ["London", "Paris", "Lyon", "Berlin", "Dublin", "Remote", "Montréal", "Nantes", "Bordeaux", "Amsterdam", "Lisbon", "Toulouse"];

/**
 * What each listed alumnus shows beyond their name, in turn: the defaults (department and year),
 * everything, their work only, a person who hides their department, one who hides their year...
 */
const VISIBILITY = [
  {},
  { directory_show_company: true, directory_show_title: true, directory_show_location: true, directory_show_linkedin: true },
  { directory_show_company: true, directory_show_title: true },
  { directory_show_department: false, directory_show_company: true, directory_show_location: true },
  { directory_show_left_year: false, directory_show_title: true, directory_show_linkedin: true },
  { directory_show_company: true, directory_show_title: true, directory_show_location: true },
  { directory_show_department: false, directory_show_left_year: false, directory_show_company: true },
  { directory_show_location: true },
] as const;

/** Of the alumni with a departure, these many are listed; the next ones filled a profile and stayed out. */
const LISTED = 10;
const UNLISTED = 2;

function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export async function seedDirectoryDemo(db: DB) {
  const alumni = await db
    .selectFrom("alumni_profiles as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .innerJoin("departures as d", "d.id", "p.departure_id")
    .select(["p.user_id", "u.name", "u.locale", "d.id as departure_id", "d.last_day", "d.external_id"])
    .where("p.status", "=", "active")
    .orderBy("d.external_id")
    .limit(LISTED + UNLISTED)
    .execute();

  await db.transaction().execute(async (trx) => {
    for (const [index, alumnus] of alumni.entries()) {
      const visibility = VISIBILITY[index % VISIBILITY.length]!;
      await trx
        .updateTable("alumni_profiles")
        .set({
          current_company: COMPANIES[index % COMPANIES.length]!,
          current_title: TITLES[index % TITLES.length]!,
          // Every fourth says nothing of where they live.
          location: index % 4 === 3 ? null : LOCATIONS[index % LOCATIONS.length]!,
          linkedin_url: index % 3 === 2 ? null : `https://www.linkedin.com/in/${slug(alumnus.name)}-demo`,
          ...visibility,
        })
        .where("user_id", "=", alumnus.user_id)
        .execute();
      // Most departures have a first day on record (two to nine years before the last); a few do
      // not, and the profile then says only the leaving year.
      if (index % 5 !== 4) {
        await trx
          .updateTable("departures")
          .set({ hire_date: sql<string>`(last_day - make_interval(years => ${2 + (index % 8)}, months => ${index % 11}))::date` })
          .where("id", "=", alumnus.departure_id)
          .where("hire_date", "is", null)
          .execute();
      }
      if (index < LISTED) {
        const locale = alumnus.locale === "fr" ? "fr" : "en";
        await recordConsent(trx, { userId: alumnus.user_id, purpose: "directory", granted: true, source: "preferences", ip: null, locale });
      }
    }

    // Alex (listed since his exit flow) now works elsewhere and shows his department only until he
    // chooses more; Nadia shows her work and LinkedIn; Chris filled a profile and is not listed.
    const people = [
      ["alex.alumni@example.net", { current_company: "Northwind Traders", current_title: "Product manager", location: "Lyon" }, false],
      ["nadia.alumni@example.net", { current_company: "Contoso", current_title: "Head of partnerships", location: "Montréal", linkedin_url: "https://www.linkedin.com/in/nadia-haddad-demo", directory_show_company: true, directory_show_title: true, directory_show_linkedin: true }, true],
      ["chris.alumni@example.net", { current_company: "Fabrikam", current_title: "Sales director", location: "Dublin" }, false],
    ] as const;
    for (const [email, profile, list] of people) {
      const user = await findUserByEmail(trx, email);
      if (!user) continue;
      await trx.updateTable("alumni_profiles").set(profile).where("user_id", "=", user.id).execute();
      if (list) await recordConsent(trx, { userId: user.id, purpose: "directory", granted: true, source: "preferences", ip: null, locale: user.locale });
    }

    // A pulse question waiting for Alex: the demo's open pulse, as if its send had reached him.
    const alex = await findUserByEmail(trx, "alex.alumni@example.net");
    const open = await trx.selectFrom("pulses").select("id").where("status", "=", "open").orderBy("send_at", "desc").limit(1).executeTakeFirst();
    if (alex && open) {
      const added = await trx
        .insertInto("pulse_deliveries")
        .values({ pulse_id: open.id, user_id: alex.id, email: alex.email, locale: alex.locale, status: "queued" })
        .onConflict((oc) => oc.doNothing())
        .returning("user_id")
        .executeTakeFirst();
      if (added) await trx.updateTable("pulses").set({ recipient_count: sql`recipient_count + 1` }).where("id", "=", open.id).execute();
    }
  });
}
