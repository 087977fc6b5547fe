import { sql } from "kysely";
import { migrateDown, migrateToLatest } from "~/utils/db.server";
import { testDb, useTestDatabase } from "../../support/database";
import { installOffboardingDefaults, makeDeparture } from "../../factories";

/**
 * Databases from before templates, tasks and survey names had two languages: their text becomes the
 * English one, and the rows the defaults installed get their French text.
 */

useTestDatabase();

// A failed test must not leave the next one on the old schema.
afterEach(async () => {
  await migrateToLatest(testDb());
});

const MIGRATION = "2026-12-06T2000_bilingual_checklists_and_surveys";

/** Reverts migrations, newest first, down to and including this one. */
async function revertMigration() {
  for (;;) {
    const reverted = await migrateDown(testDb());
    expect(reverted).toHaveLength(1);
    if (reverted[0] === MIGRATION) return;
  }
}

describe(`migration ${MIGRATION}`, () => {
  it("keeps the existing text as the English one, translates what the defaults installed, and leaves HR's own rows without French", async () => {
    await installOffboardingDefaults();
    const { departure } = await makeDeparture();
    await revertMigration();
    // As HR wrote them before: one language, in the single column of the time.
    const { rows } = await sql<{ id: string }>`
      insert into checklist_templates (name, description) values ('Sales kit', 'Demo laptop and samples.') returning id
    `.execute(testDb());
    await sql`
      insert into checklist_template_tasks (template_id, title, description, category, anchor, owner_team_id)
      values (${rows[0]!.id}, 'Return the demo laptop', '', 'equipment', 'last_day', (select id from teams where name = 'IT'))
    `.execute(testDb());
    // The demo data's archived survey of last year.
    await sql`
      insert into surveys (kind, name, confidentiality, draft) values ('exit', 'Exit survey 2025 (anonymous)', 'anonymous', '{"intro":null,"questions":[]}')
    `.execute(testDb());
    await sql`update departure_tasks set title = 'Collect laptop, phone and car' where title = 'Collect laptop and phone'`.execute(testDb());

    await migrateToLatest(testDb());

    const db = testDb();
    const templates = await db.selectFrom("checklist_templates").select(["name_en", "name_fr", "description_en", "description_fr"]).execute();
    expect(templates).toEqual(
      expect.arrayContaining([
        {
          name_en: "Access revocation",
          name_fr: "Suppression des accès",
          description_en: "Close every account and badge on time, and not before.",
          description_fr: "Fermer chaque compte et chaque badge à temps, et pas avant.",
        },
        { name_en: "Sales kit", name_fr: "", description_en: "Demo laptop and samples.", description_fr: "" },
      ]),
    );
    expect(templates.filter((template) => template.name_fr === "").map((template) => template.name_en)).toEqual(["Sales kit"]);

    const templateTasks = await db.selectFrom("checklist_template_tasks").select(["title_en", "title_fr", "description_en", "description_fr"]).execute();
    expect(templateTasks).toContainEqual({
      title_en: "Disable accounts and revoke tokens",
      title_fr: "Désactiver les comptes et révoquer les jetons",
      description_en: "Disable SSO, revoke API tokens and active sessions, remove from groups.",
      description_fr: "Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes.",
    });
    expect(templateTasks).toContainEqual({ title_en: "Return the demo laptop", title_fr: "", description_en: "", description_fr: "" });
    expect(templateTasks.filter((task) => task.title_fr === "")).toHaveLength(1);

    const departureTasks = await db.selectFrom("departure_tasks").select(["title_en", "title_fr"]).where("departure_id", "=", departure.id).execute();
    expect(departureTasks).toHaveLength(14);
    expect(departureTasks).toContainEqual({ title_en: "Deactivate building badge", title_fr: "Désactiver le badge d’accès aux locaux" });
    // A copy HR renamed is theirs now: no French is made up for it.
    expect(departureTasks.filter((task) => task.title_fr === "")).toEqual([{ title_en: "Collect laptop, phone and car", title_fr: "" }]);

    expect(await db.selectFrom("surveys").select(["name_en", "name_fr"]).orderBy("name_en").execute()).toEqual([
      { name_en: "Exit survey", name_fr: "Questionnaire de départ" },
      { name_en: "Exit survey 2025 (anonymous)", name_fr: "Questionnaire de départ 2025 (anonyme)" },
    ]);
  });

  it("goes back to one column holding the English text", async () => {
    await installOffboardingDefaults();
    await revertMigration();
    const { rows } = await sql<{ name: string }>`select name from checklist_templates order by name limit 1`.execute(testDb());
    expect(rows).toEqual([{ name: "Access revocation" }]);
  });
});
