import type { Kysely } from "kysely";

/**
 * HR's settings ask "is this still used?" before deleting a reason or a template, and deleting a
 * template task sets the copies' link to null: index the foreign keys those questions follow, so
 * they stay index lookups however many departures and tasks accumulate.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("departure_tasks_template_task_idx").on("departure_tasks").column("template_task_id").execute();
  await db.schema.createIndex("departures_reason_idx").on("departures").column("reason_id").execute();
  await db.schema.createIndex("checklist_templates_department_idx").on("checklist_templates").column("department_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("checklist_templates_department_idx").execute();
  await db.schema.dropIndex("departures_reason_idx").execute();
  await db.schema.dropIndex("departure_tasks_template_task_idx").execute();
}
