import { sql, type Kysely } from "kysely";

/**
 * Checklist templates, their tasks, the departure tasks copied from them and survey names get an
 * English and a French text, like departure reasons (label_en/label_fr) and survey questions: a
 * French-speaking HR admin or task owner no longer reads English titles in a French page.
 *
 * The existing text becomes the English one (the columns are renamed, so the data stays); the
 * French column starts empty, and pages fall back to the other language while it is. The rows the
 * installation defaults wrote (the five checklist templates, their tasks, the tasks departures
 * copied from them, the default exit survey) get their French text here, found by their English
 * text. Rows HR wrote keep an empty French text until HR edits them: the forms now ask for both.
 * Frozen in time: takes Kysely<any>, and the French texts are written out here.
 */

/** English default text → its French text, for names, titles and descriptions alike. */
const DEFAULT_TEXTS: Array<[string, string]> = [
  // Templates
  ["Access revocation", "Suppression des accès"],
  ["Close every account and badge on time, and not before.", "Fermer chaque compte et chaque badge à temps, et pas avant."],
  ["Equipment return", "Restitution du matériel"],
  ["Laptop, phone, badge and anything else the company lent.", "Ordinateur portable, téléphone, badge et tout autre matériel prêté par l’entreprise."],
  ["Payroll and benefits", "Paie et avantages"],
  [
    "Final pay, holiday balance, benefits and the paperwork the law requires.",
    "Solde de tout compte, congés restants, avantages et documents exigés par la loi.",
  ],
  ["Knowledge transfer", "Transfert de connaissances"],
  ["What the leaver knows stays with the team.", "Ce que sait la personne qui part reste dans l’équipe."],
  ["Announcement", "Annonce du départ"],
  [
    "Tell the right people, in the right order, with the leaver's agreement.",
    "Prévenir les bonnes personnes, dans le bon ordre, avec l’accord de la personne qui part.",
  ],
  // Tasks
  ["Schedule account deactivation for the last day", "Programmer la désactivation des comptes pour le dernier jour"],
  [
    "SSO, email, VPN and SaaS accounts end at close of business on the last day.",
    "Les comptes SSO, messagerie, VPN et SaaS prennent fin à la fermeture des bureaux le dernier jour.",
  ],
  ["Disable accounts and revoke tokens", "Désactiver les comptes et révoquer les jetons"],
  [
    "Disable SSO, revoke API tokens and active sessions, remove from groups.",
    "Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes.",
  ],
  ["Deactivate building badge", "Désactiver le badge d’accès aux locaux"],
  ["Transfer ownership of shared files and mailboxes", "Transférer la propriété des fichiers et boîtes mail partagés"],
  ["Hand documents, calendars and shared mailboxes to the manager.", "Confier les documents, agendas et boîtes mail partagées au manager."],
  ["Send equipment return instructions", "Envoyer les instructions de restitution du matériel"],
  [
    "Tell the leaver what to return, where and how (prepaid shipping for remote staff).",
    "Indiquer à la personne qui part quoi rendre, où et comment (envoi prépayé pour le personnel à distance).",
  ],
  ["Collect laptop and phone", "Récupérer l’ordinateur portable et le téléphone"],
  ["Check the serial numbers against the inventory.", "Vérifier les numéros de série par rapport à l’inventaire."],
  ["Wipe and re-image returned devices", "Effacer et réinstaller les appareils rendus"],
  ["Calculate final pay and holiday balance", "Calculer le solde de tout compte et les congés restants"],
  ["Include unused holiday, bonuses and deductions.", "Inclure les congés non pris, les primes et les retenues."],
  ["Stop benefits and inform insurers", "Mettre fin aux avantages et informer les assureurs"],
  ["Issue final payslip and employment certificate", "Remettre le dernier bulletin de paie et le certificat de travail"],
  ["Agree a handover plan with the manager", "Convenir d’un plan de passation avec le manager"],
  ["List responsibilities, open work and who takes each over.", "Lister les responsabilités, les travaux en cours et qui reprend chacun."],
  ["Hold handover sessions and record them", "Organiser des sessions de passation et les enregistrer"],
  ["Agree the announcement with the leaver", "Convenir de l’annonce avec la personne qui part"],
  [
    "What is said, when, and whether they want to say goodbye themselves.",
    "Ce qui est dit, quand, et si elle souhaite dire au revoir elle-même.",
  ],
  ["Inform clients and partners of the new contact", "Informer les clients et partenaires du nouvel interlocuteur"],
  // Surveys
  ["Exit survey", "Questionnaire de départ"],
];

/** Each table's text columns: renamed to …_en, with a …_fr beside it. */
const BILINGUAL: Record<string, string[]> = {
  checklist_templates: ["name", "description"],
  checklist_template_tasks: ["title", "description"],
  departure_tasks: ["title", "description"],
  surveys: ["name"],
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(BILINGUAL)) {
    for (const column of columns) {
      await db.schema.alterTable(table).renameColumn(column, `${column}_en`).execute();
      await db.schema.alterTable(table).addColumn(`${column}_fr`, "text", (c) => c.notNull().defaultTo("")).execute();
    }
  }

  // One statement per table and column: every default text at once, through a VALUES list.
  const pairs = sql.join(DEFAULT_TEXTS.map(([en, fr]) => sql`(${en}, ${fr})`));
  for (const [table, columns] of Object.entries(BILINGUAL)) {
    for (const column of columns) {
      const fr = sql.ref(`${column}_fr`);
      await sql`
        update ${sql.table(table)} set ${fr} = d.fr
        from (values ${pairs}) as d(en, fr)
        where ${sql.ref(`${table}.${column}_en`)} = d.en and ${fr} = ''
      `.execute(db);
    }
  }
  // The demo data's archived survey of last year: "Exit survey 2025 (anonymous)".
  await sql`
    update surveys set name_fr = regexp_replace(name_en, '^Exit survey ([0-9]{4}) \\(anonymous\\)$', 'Questionnaire de départ \\1 (anonyme)')
    where name_fr = '' and name_en ~ '^Exit survey [0-9]{4} \\(anonymous\\)$'
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The French texts are dropped: the single column keeps the English one, as before.
  for (const [table, columns] of Object.entries(BILINGUAL)) {
    for (const column of columns) {
      await db.schema.alterTable(table).dropColumn(`${column}_fr`).execute();
      await db.schema.alterTable(table).renameColumn(`${column}_en`, column).execute();
    }
  }
}
