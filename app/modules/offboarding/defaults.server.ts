import type { LocalizedText } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import { ensureRootDepartment } from "./departments.server";
import type { DepartureType, TaskAnchor, TaskCategory } from "./types";

/**
 * What a new installation starts with, in production too (this is configuration, not demo data):
 * the company root department, a reason list, the teams that usually own offboarding work, and a
 * sensible set of checklist templates HR can edit, in English and French. Runs once, on a database
 * with no department.
 */

export const DEFAULT_REASONS: { code: string; en: string; fr: string }[] = [
  { code: "career_growth", en: "Career growth elsewhere", fr: "Évolution de carrière ailleurs" },
  { code: "compensation", en: "Pay and benefits", fr: "Rémunération et avantages" },
  { code: "manager", en: "Relationship with manager", fr: "Relation avec le manager" },
  { code: "workload", en: "Workload and well-being", fr: "Charge de travail et bien-être" },
  { code: "culture", en: "Culture and values", fr: "Culture et valeurs" },
  { code: "relocation", en: "Relocation or personal reasons", fr: "Déménagement ou raisons personnelles" },
  { code: "restructuring", en: "Restructuring or redundancy", fr: "Réorganisation ou suppression de poste" },
  { code: "performance", en: "Performance", fr: "Performance" },
  { code: "retirement", en: "Retirement", fr: "Départ à la retraite" },
  { code: "contract_end", en: "End of fixed-term contract", fr: "Fin de contrat à durée déterminée" },
  { code: "other", en: "Other", fr: "Autre" },
];

export const DEFAULT_TEAMS = ["IT", "Payroll", "Facilities", "People team"] as const;
type TeamName = (typeof DEFAULT_TEAMS)[number];

interface TemplateTaskSeed {
  title: LocalizedText;
  description: LocalizedText;
  category: TaskCategory;
  team: TeamName;
  anchor: TaskAnchor;
  offset: number;
  beforeLastDay?: boolean;
}

interface TemplateSeed {
  name: LocalizedText;
  description: LocalizedText;
  types?: DepartureType[];
  tasks: TemplateTaskSeed[];
}

export const DEFAULT_TEMPLATES: TemplateSeed[] = [
  {
    name: { en: "Access revocation", fr: "Suppression des accès" },
    description: { en: "Close every account and badge on time, and not before.", fr: "Fermer chaque compte et chaque badge à temps, et pas avant." },
    tasks: [
      {
        title: { en: "Schedule account deactivation for the last day", fr: "Programmer la désactivation des comptes pour le dernier jour" },
        description: { en: "SSO, email, VPN and SaaS accounts end at close of business on the last day.", fr: "Les comptes SSO, messagerie, VPN et SaaS prennent fin à la fermeture des bureaux le dernier jour." },
        category: "access", team: "IT", anchor: "last_day", offset: -2, beforeLastDay: true,
      },
      {
        title: { en: "Disable accounts and revoke tokens", fr: "Désactiver les comptes et révoquer les jetons" },
        description: { en: "Disable SSO, revoke API tokens and active sessions, remove from groups.", fr: "Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes." },
        category: "access", team: "IT", anchor: "last_day", offset: 0,
      },
      {
        title: { en: "Deactivate building badge", fr: "Désactiver le badge d’accès aux locaux" },
        description: { en: "", fr: "" },
        category: "access", team: "Facilities", anchor: "last_day", offset: 0,
      },
      {
        title: { en: "Transfer ownership of shared files and mailboxes", fr: "Transférer la propriété des fichiers et boîtes mail partagés" },
        description: { en: "Hand documents, calendars and shared mailboxes to the manager.", fr: "Confier les documents, agendas et boîtes mail partagées au manager." },
        category: "access", team: "IT", anchor: "last_day", offset: 2,
      },
    ],
  },
  {
    name: { en: "Equipment return", fr: "Restitution du matériel" },
    description: { en: "Laptop, phone, badge and anything else the company lent.", fr: "Ordinateur portable, téléphone, badge et tout autre matériel prêté par l’entreprise." },
    tasks: [
      {
        title: { en: "Send equipment return instructions", fr: "Envoyer les instructions de restitution du matériel" },
        description: { en: "Tell the leaver what to return, where and how (prepaid shipping for remote staff).", fr: "Indiquer à la personne qui part quoi rendre, où et comment (envoi prépayé pour le personnel à distance)." },
        category: "equipment", team: "IT", anchor: "notice_date", offset: 2,
      },
      {
        title: { en: "Collect laptop and phone", fr: "Récupérer l’ordinateur portable et le téléphone" },
        description: { en: "Check the serial numbers against the inventory.", fr: "Vérifier les numéros de série par rapport à l’inventaire." },
        category: "equipment", team: "IT", anchor: "last_day", offset: 0, beforeLastDay: true,
      },
      {
        title: { en: "Wipe and re-image returned devices", fr: "Effacer et réinstaller les appareils rendus" },
        description: { en: "", fr: "" },
        category: "equipment", team: "IT", anchor: "last_day", offset: 5,
      },
    ],
  },
  {
    name: { en: "Payroll and benefits", fr: "Paie et avantages" },
    description: { en: "Final pay, holiday balance, benefits and the paperwork the law requires.", fr: "Solde de tout compte, congés restants, avantages et documents exigés par la loi." },
    tasks: [
      {
        title: { en: "Calculate final pay and holiday balance", fr: "Calculer le solde de tout compte et les congés restants" },
        description: { en: "Include unused holiday, bonuses and deductions.", fr: "Inclure les congés non pris, les primes et les retenues." },
        category: "payroll_benefits", team: "Payroll", anchor: "last_day", offset: -5, beforeLastDay: true,
      },
      {
        title: { en: "Stop benefits and inform insurers", fr: "Mettre fin aux avantages et informer les assureurs" },
        description: { en: "", fr: "" },
        category: "payroll_benefits", team: "Payroll", anchor: "termination_date", offset: 0,
      },
      {
        title: { en: "Issue final payslip and employment certificate", fr: "Remettre le dernier bulletin de paie et le certificat de travail" },
        description: { en: "", fr: "" },
        category: "payroll_benefits", team: "Payroll", anchor: "termination_date", offset: 5,
      },
    ],
  },
  {
    name: { en: "Knowledge transfer", fr: "Transfert de connaissances" },
    description: { en: "What the leaver knows stays with the team.", fr: "Ce que sait la personne qui part reste dans l’équipe." },
    types: ["voluntary", "retirement", "end_of_contract"],
    tasks: [
      {
        title: { en: "Agree a handover plan with the manager", fr: "Convenir d’un plan de passation avec le manager" },
        description: { en: "List responsibilities, open work and who takes each over.", fr: "Lister les responsabilités, les travaux en cours et qui reprend chacun." },
        category: "knowledge_transfer", team: "People team", anchor: "notice_date", offset: 3,
      },
      {
        title: { en: "Hold handover sessions and record them", fr: "Organiser des sessions de passation et les enregistrer" },
        description: { en: "", fr: "" },
        category: "knowledge_transfer", team: "People team", anchor: "last_day", offset: -3, beforeLastDay: true,
      },
    ],
  },
  {
    name: { en: "Announcement", fr: "Annonce du départ" },
    description: { en: "Tell the right people, in the right order, with the leaver's agreement.", fr: "Prévenir les bonnes personnes, dans le bon ordre, avec l’accord de la personne qui part." },
    tasks: [
      {
        title: { en: "Agree the announcement with the leaver", fr: "Convenir de l’annonce avec la personne qui part" },
        description: { en: "What is said, when, and whether they want to say goodbye themselves.", fr: "Ce qui est dit, quand, et si elle souhaite dire au revoir elle-même." },
        category: "communication", team: "People team", anchor: "notice_date", offset: 2,
      },
      {
        title: { en: "Inform clients and partners of the new contact", fr: "Informer les clients et partenaires du nouvel interlocuteur" },
        description: { en: "", fr: "" },
        category: "communication", team: "People team", anchor: "last_day", offset: -5, beforeLastDay: true,
      },
    ],
  },
];

/** Installs the defaults when the database has no department yet; returns whether it did. */
export async function ensureOffboardingDefaults(db: DB, companyName: string): Promise<boolean> {
  const any = await db.selectFrom("departments").select("id").limit(1).executeTakeFirst();
  if (any) return false;
  await db.transaction().execute(async (trx) => {
    await ensureRootDepartment(trx, companyName);
    await trx
      .insertInto("departure_reasons")
      .values(DEFAULT_REASONS.map((r, position) => ({ code: r.code, label_en: r.en, label_fr: r.fr, position })))
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const teams = new Map<string, string>();
    for (const name of DEFAULT_TEAMS) {
      const team = await trx.insertInto("teams").values({ name }).returning(["id", "name"]).executeTakeFirstOrThrow();
      teams.set(team.name, team.id);
    }
    for (const template of DEFAULT_TEMPLATES) {
      const row = await trx
        .insertInto("checklist_templates")
        .values({
          name_en: template.name.en,
          name_fr: template.name.fr,
          description_en: template.description.en,
          description_fr: template.description.fr,
          departure_types: template.types ?? [],
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("checklist_template_tasks")
        .values(
          template.tasks.map((task, position) => ({
            template_id: row.id,
            title_en: task.title.en,
            title_fr: task.title.fr,
            description_en: task.description.en,
            description_fr: task.description.fr,
            category: task.category,
            owner_team_id: teams.get(task.team)!,
            anchor: task.anchor,
            offset_business_days: task.offset,
            before_last_day: task.beforeLastDay ?? false,
            position,
          })),
        )
        .execute();
    }
  });
  return true;
}
