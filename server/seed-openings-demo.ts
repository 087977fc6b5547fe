import { referralLinkRow, ensureReferralLinks } from "~/modules/openings/referrals.server";
import type { DB } from "~/utils/db.server";

/**
 * Openings for the demo (issue 14): three open roles and a closed one, in the demo's departments;
 * five alumni of the pulse demo who would consider coming back (their departures' rehire flags set
 * to yes, no and not recorded, so that every filter of the pool has someone); and Alex's referral
 * links for two roles with a few clicks. The segments are the scoring job's, computed at start-up.
 * The clicks are inserted as the click buffer would write them (no IP: the demo has no visitor).
 */

const OPENINGS = [
  { title_en: "Senior backend engineer", title_fr: "Ingénieur backend senior", location: "Paris or remote", path: "backend-engineer", description_en: "Build the services behind our customer apps, with a team many alumni will remember.", description_fr: "Construisez les services derrière nos applications clients, avec une équipe dont beaucoup d'anciens se souviendront." },
  { title_en: "Customer success manager", title_fr: "Responsable succès client", location: "Lyon", path: "customer-success", description_en: "", description_fr: "" },
  { title_en: "Product designer", title_fr: "", location: "Remote (Europe)", path: "product-designer", description_en: "Shape how thousands of people use our products every day.", description_fr: "" },
  { title_en: "Payroll specialist", title_fr: "Spécialiste paie", location: "Paris", path: "payroll-specialist", description_en: "", description_fr: "", closed: true },
] as const;

export async function seedOpeningsDemo(db: DB) {
  const departments = await db.selectFrom("departments").select("id").where("parent_id", "is not", null).orderBy("name").execute();
  const ids: string[] = [];
  for (const [index, opening] of OPENINGS.entries()) {
    const { path, ...columns } = opening;
    const closed = "closed" in opening && opening.closed;
    const row = await db
      .insertInto("openings")
      .values({
        title_en: columns.title_en,
        title_fr: columns.title_fr,
        description_en: columns.description_en,
        description_fr: columns.description_fr,
        location: columns.location,
        department_id: departments.length > 0 ? departments[index % departments.length]!.id : null,
        external_url: `https://careers.example.com/jobs/${path}`,
        status: closed ? "closed" : "open",
        closed_at: closed ? new Date() : null,
        // Newest first on the pages: the first role is the most recent.
        created_at: new Date(Date.now() - index * 86_400_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }

  const alumni = await db
    .selectFrom("alumni_profiles as ap")
    .innerJoin("users as u", "u.id", "ap.user_id")
    .select(["ap.user_id", "ap.departure_id"])
    .where("ap.status", "=", "active")
    .where("ap.departure_id", "is not", null)
    .orderBy("u.email")
    .limit(5)
    .execute();
  const notes = ["Happy to talk about engineering roles from next spring.", null, "Would come back for a team lead role.", null, "=Only remote, please"];
  const rehire = [true, false, null, true, false] as const;
  for (const [index, alumnus] of alumni.entries()) {
    await db.insertInto("boomerang_interest").values({ user_id: alumnus.user_id, note: notes[index] ?? null, since: new Date(Date.now() - (index + 1) * 5 * 86_400_000) }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
    await db.updateTable("departures").set({ eligible_for_rehire: rehire[index] ?? null }).where("id", "=", alumnus.departure_id!).execute();
  }

  const alex = await db.selectFrom("users").select("id").where("email", "=", "alex.alumni@example.net").executeTakeFirst();
  if (!alex) return;
  const links = [referralLinkRow(ids[0]!, alex.id), referralLinkRow(ids[1]!, alex.id)];
  await ensureReferralLinks(db, links);
  const rows = await db.selectFrom("tracked_links").select(["id", "code"]).where("code", "in", links.map((link) => link.code)).execute();
  const clicks = rows.flatMap((row) => Array.from({ length: row.code === links[0]!.code ? 3 : 1 }, (_, n) => ({ link_id: row.id, clicked_at: new Date(Date.now() - (n + 1) * 3_600_000), ip_hash: null })));
  if (clicks.length > 0) await db.insertInto("link_clicks").values(clicks).execute();
}
