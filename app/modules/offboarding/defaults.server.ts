import type { DB } from "~/utils/db.server";
import { ensureRootDepartment } from "./departments.server";
import type { DepartureType, TaskAnchor, TaskCategory } from "./types";

/**
 * What a new installation starts with, in production too (this is configuration, not demo data):
 * the company root department, a reason list, the teams that usually own offboarding work, and a
 * sensible set of checklist templates HR can edit. Runs once, on a database with no department.
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
  title: string;
  description: string;
  category: TaskCategory;
  team: TeamName;
  anchor: TaskAnchor;
  offset: number;
  beforeLastDay?: boolean;
}

interface TemplateSeed {
  name: string;
  description: string;
  types?: DepartureType[];
  tasks: TemplateTaskSeed[];
}

export const DEFAULT_TEMPLATES: TemplateSeed[] = [
  {
    name: "Access revocation",
    description: "Close every account and badge on time, and not before.",
    tasks: [
      { title: "Schedule account deactivation for the last day", description: "SSO, email, VPN and SaaS accounts end at close of business on the last day.", category: "access", team: "IT", anchor: "last_day", offset: -2, beforeLastDay: true },
      { title: "Disable accounts and revoke tokens", description: "Disable SSO, revoke API tokens and active sessions, remove from groups.", category: "access", team: "IT", anchor: "last_day", offset: 0 },
      { title: "Deactivate building badge", description: "", category: "access", team: "Facilities", anchor: "last_day", offset: 0 },
      { title: "Transfer ownership of shared files and mailboxes", description: "Hand documents, calendars and shared mailboxes to the manager.", category: "access", team: "IT", anchor: "last_day", offset: 2 },
    ],
  },
  {
    name: "Equipment return",
    description: "Laptop, phone, badge and anything else the company lent.",
    tasks: [
      { title: "Send equipment return instructions", description: "Tell the leaver what to return, where and how (prepaid shipping for remote staff).", category: "equipment", team: "IT", anchor: "notice_date", offset: 2 },
      { title: "Collect laptop and phone", description: "Check the serial numbers against the inventory.", category: "equipment", team: "IT", anchor: "last_day", offset: 0, beforeLastDay: true },
      { title: "Wipe and re-image returned devices", description: "", category: "equipment", team: "IT", anchor: "last_day", offset: 5 },
    ],
  },
  {
    name: "Payroll and benefits",
    description: "Final pay, holiday balance, benefits and the paperwork the law requires.",
    tasks: [
      { title: "Calculate final pay and holiday balance", description: "Include unused holiday, bonuses and deductions.", category: "payroll_benefits", team: "Payroll", anchor: "last_day", offset: -5, beforeLastDay: true },
      { title: "Stop benefits and inform insurers", description: "", category: "payroll_benefits", team: "Payroll", anchor: "termination_date", offset: 0 },
      { title: "Issue final payslip and employment certificate", description: "", category: "payroll_benefits", team: "Payroll", anchor: "termination_date", offset: 5 },
    ],
  },
  {
    name: "Knowledge transfer",
    description: "What the leaver knows stays with the team.",
    types: ["voluntary", "retirement", "end_of_contract"],
    tasks: [
      { title: "Agree a handover plan with the manager", description: "List responsibilities, open work and who takes each over.", category: "knowledge_transfer", team: "People team", anchor: "notice_date", offset: 3 },
      { title: "Hold handover sessions and record them", description: "", category: "knowledge_transfer", team: "People team", anchor: "last_day", offset: -3, beforeLastDay: true },
    ],
  },
  {
    name: "Announcement",
    description: "Tell the right people, in the right order, with the leaver's agreement.",
    tasks: [
      { title: "Agree the announcement with the leaver", description: "What is said, when, and whether they want to say goodbye themselves.", category: "communication", team: "People team", anchor: "notice_date", offset: 2 },
      { title: "Inform clients and partners of the new contact", description: "", category: "communication", team: "People team", anchor: "last_day", offset: -5, beforeLastDay: true },
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
        .values({ name: template.name, description: template.description, departure_types: template.types ?? [] })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("checklist_template_tasks")
        .values(
          template.tasks.map((task, position) => ({
            template_id: row.id,
            title: task.title,
            description: task.description,
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
