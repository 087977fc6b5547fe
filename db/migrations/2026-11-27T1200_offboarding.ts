import { sql, type Kysely } from "kysely";

/**
 * Offboarding: departments (a tree), departure reasons, teams of task owners, company holidays,
 * departures, checklist templates and the dated tasks they expand into, reminder bookkeeping,
 * API tokens and CSV imports. Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("departments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", "uuid", (c) => c.references("departments.id").onDelete("restrict"))
    // Created automatically from an API call or a CSV file: HR should check where it belongs.
    .addColumn("needs_review", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One root; names unique among siblings whatever their case.
  await sql`create unique index departments_one_root_idx on departments ((true)) where parent_id is null`.execute(db);
  await sql`create unique index departments_sibling_name_idx on departments (parent_id, lower(name)) where parent_id is not null`.execute(db);

  await db.schema
    .createTable("departure_reasons")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("label_en", "text", (c) => c.notNull())
    .addColumn("label_fr", "text", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("teams")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index teams_name_idx on teams (lower(name))`.execute(db);

  await db.schema
    .createTable("team_members")
    .addColumn("team_id", "uuid", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "user_id"])
    .execute();
  await db.schema.createIndex("team_members_user_idx").on("team_members").column("user_id").execute();

  await db.schema
    .createTable("company_holidays")
    .addColumn("day", "date", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  // When and in which language a task owner gets the daily digest.
  await db.schema
    .alterTable("users")
    .addColumn("reminder_hour", "integer", (c) => c.notNull().defaultTo(8).check(sql`reminder_hour between 0 and 23`))
    .execute();

  await db.schema
    .createTable("departures")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("leaver_user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("restrict"))
    .addColumn("employee_email", "text", (c) => c.notNull())
    .addColumn("employee_name", "text", (c) => c.notNull())
    .addColumn("personal_email", "text")
    .addColumn("department_id", "uuid", (c) => c.notNull().references("departments.id").onDelete("restrict"))
    .addColumn("job_title", "text")
    .addColumn("manager_email", "text")
    .addColumn("location", "text")
    .addColumn("hire_date", "date")
    .addColumn("notice_date", "date", (c) => c.notNull())
    .addColumn("last_day", "date", (c) => c.notNull())
    .addColumn("termination_date", "date", (c) => c.notNull())
    .addColumn("type", "text", (c) =>
      c.notNull().check(sql`type in ('voluntary', 'involuntary', 'retirement', 'end_of_contract', 'other')`),
    )
    .addColumn("reason_id", "uuid", (c) => c.references("departure_reasons.id").onDelete("set null"))
    .addColumn("regrettable", "boolean")
    .addColumn("eligible_for_rehire", "boolean")
    .addColumn("external_id", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("planned").check(sql`status in ('planned', 'in_progress', 'completed', 'cancelled')`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("source", "text", (c) => c.notNull().defaultTo("web").check(sql`source in ('web', 'api', 'csv', 'seed')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("departures_last_day_after_notice", sql`last_day >= notice_date`)
    .addCheckConstraint("departures_termination_after_last_day", sql`termination_date >= last_day`)
    .execute();
  await sql`create unique index departures_external_id_idx on departures (external_id) where external_id is not null`.execute(db);
  // The natural key when the HR system sends no id: one departure per person and last day.
  await sql`create unique index departures_email_last_day_idx on departures (lower(employee_email), last_day) where status <> 'cancelled'`.execute(db);
  await db.schema.createIndex("departures_status_last_day_idx").on("departures").columns(["status", "last_day"]).execute();
  await db.schema.createIndex("departures_department_idx").on("departures").column("department_id").execute();
  await db.schema.createIndex("departures_updated_at_idx").on("departures").columns(["updated_at", "id"]).execute();
  await db.schema.createIndex("departures_leaver_idx").on("departures").column("leaver_user_id").execute();

  await db.schema
    .createTable("checklist_templates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    // Empty arrays and a null department mean "any".
    .addColumn("departure_types", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("department_id", "uuid", (c) => c.references("departments.id").onDelete("set null"))
    .addColumn("locations", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  const taskColumns = (table: any) =>
    table
      .addColumn("title", "text", (c: any) => c.notNull())
      .addColumn("description", "text", (c: any) => c.notNull().defaultTo(""))
      .addColumn("category", "text", (c: any) =>
        c
          .notNull()
          .check(sql`category in ('access', 'equipment', 'payroll_benefits', 'knowledge_transfer', 'communication', 'other')`),
      )
      .addColumn("owner_user_id", "uuid", (c: any) => c.references("users.id").onDelete("set null"))
      .addColumn("owner_team_id", "uuid", (c: any) => c.references("teams.id").onDelete("set null"))
      .addColumn("anchor", "text", (c: any) => c.notNull().check(sql`anchor in ('notice_date', 'last_day', 'termination_date')`))
      .addColumn("offset_business_days", "integer", (c: any) => c.notNull().defaultTo(0))
      .addColumn("before_last_day", "boolean", (c: any) => c.notNull().defaultTo(false))
      .addColumn("position", "integer", (c: any) => c.notNull().defaultTo(0));

  await taskColumns(
    db.schema
      .createTable("checklist_template_tasks")
      .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn("template_id", "uuid", (c) => c.notNull().references("checklist_templates.id").onDelete("cascade")),
  )
    .addCheckConstraint("template_task_one_owner", sql`(owner_user_id is null) <> (owner_team_id is null)`)
    .execute();
  await db.schema.createIndex("template_tasks_template_idx").on("checklist_template_tasks").column("template_id").execute();

  await taskColumns(
    db.schema
      .createTable("departure_tasks")
      .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn("departure_id", "uuid", (c) => c.notNull().references("departures.id").onDelete("cascade"))
      .addColumn("template_task_id", "uuid", (c) => c.references("checklist_template_tasks.id").onDelete("set null")),
  )
    .addColumn("due_date", "date", (c: any) => c.notNull())
    .addColumn("status", "text", (c: any) =>
      c.notNull().defaultTo("open").check(sql`status in ('open', 'done', 'not_applicable')`),
    )
    .addColumn("completed_at", "timestamptz")
    .addColumn("completed_by", "uuid", (c: any) => c.references("users.id").onDelete("set null"))
    .addColumn("completion_note", "text")
    .addColumn("evidence_url", "text")
    .addColumn("not_applicable_reason", "text")
    .addColumn("escalated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c: any) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c: any) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("departure_tasks_departure_idx").on("departure_tasks").column("departure_id").execute();
  // The inboxes: open tasks of a person or a team by due date.
  await sql`create index departure_tasks_owner_user_open_idx on departure_tasks (owner_user_id, due_date) where status = 'open'`.execute(db);
  await sql`create index departure_tasks_owner_team_open_idx on departure_tasks (owner_team_id, due_date) where status = 'open'`.execute(db);

  // One digest per owner and day, whatever runs the reminder job.
  await db.schema
    .createTable("task_digests")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("digest_date", "date", (c) => c.notNull())
    .addColumn("email_id", "uuid", (c) => c.references("emails.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("task_digests_pk", ["user_id", "digest_date"])
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("csv_imports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("mapping", "jsonb")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("uploaded").check(sql`status in ('uploaded', 'importing', 'completed', 'failed')`),
    )
    .addColumn("total_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("processed_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("existing_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rejected_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("csv_import_rejections")
    .addColumn("import_id", "uuid", (c) => c.notNull().references("csv_imports.id").onDelete("cascade"))
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("errors", "jsonb", (c) => c.notNull())
    .addColumn("raw", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("csv_import_rejections_pk", ["import_id", "row_number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "csv_import_rejections",
    "csv_imports",
    "api_tokens",
    "task_digests",
    "departure_tasks",
    "checklist_template_tasks",
    "checklist_templates",
    "departures",
    "company_holidays",
    "team_members",
    "teams",
    "departure_reasons",
    "departments",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("users").dropColumn("reminder_hour").execute();
}
