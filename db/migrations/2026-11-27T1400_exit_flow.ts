import { sql, type Kysely } from "kysely";

/**
 * The exit flow: surveys and their frozen versions, one invitation per departure with its sign-in
 * links, step-by-step drafts, submitted responses (confidential ones linked to the invitation,
 * anonymous ones linked to nothing), alumni profiles with personal-email confirmation, and the
 * append-only consent ledger. See docs/decisions/008-exit-flow-anonymity-and-consent.md.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("surveys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('exit', 'pulse')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("confidentiality", "text", (c) => c.notNull().check(sql`confidentiality in ('confidential', 'anonymous')`))
    // The definition HR is editing (questions, texts in both languages); validated by zod on write.
    .addColumn("draft", "jsonb", (c) => c.notNull())
    .addColumn("current_version_id", "uuid")
    // The exit survey new departures are invited to; at most one (partial unique index below).
    .addColumn("is_active_exit", "boolean", (c) => c.notNull().defaultTo(false))
    // Exit surveys: invite this many days before the last day; null = as soon as the departure is recorded.
    .addColumn("invite_days_before_last_day", "integer", (c) => c.check(sql`invite_days_before_last_day between 0 and 90`))
    .addColumn("archived_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index surveys_one_active_exit_idx on surveys (is_active_exit) where is_active_exit`.execute(db);

  await db.schema
    .createTable("survey_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("confidentiality", "text", (c) => c.notNull().check(sql`confidentiality in ('confidential', 'anonymous')`))
    .addColumn("definition", "jsonb", (c) => c.notNull())
    .addColumn("published_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("survey_versions_survey_version_key", ["survey_id", "version"])
    .execute();
  await db.schema
    .alterTable("surveys")
    .addForeignKeyConstraint("surveys_current_version_fk", ["current_version_id"], "survey_versions", ["id"])
    .execute();

  await db.schema
    .createTable("exit_invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("departure_id", "uuid", (c) => c.notNull().unique().references("departures.id").onDelete("cascade"))
    .addColumn("survey_version_id", "uuid", (c) => c.notNull().references("survey_versions.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("scheduled").check(sql`status in ('scheduled', 'invited', 'started', 'finished', 'cancelled')`),
    )
    // The company-calendar day the first email goes out (departure creation, or N days before the last day).
    .addColumn("send_on", "date", (c) => c.notNull())
    // Links stop working after this day (30 days after the last day).
    .addColumn("expires_on", "date", (c) => c.notNull())
    .addColumn("invited_at", "timestamptz")
    .addColumn("started_at", "timestamptz")
    // Exact for confidential surveys; the first day of the month for anonymous ones (no matching by time).
    .addColumn("finished_at", "timestamptz")
    .addColumn("reminders_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_reminded_at", "timestamptz")
    // The page the leaver reached, to resume there.
    .addColumn("current_page", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("alumni_decision", "text", (c) => c.check(sql`alumni_decision in ('joined', 'declined')`))
    .addColumn("alumni_decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index exit_invitations_due_idx on exit_invitations (send_on) where status = 'scheduled'`.execute(db);
  await sql`create index exit_invitations_open_idx on exit_invitations (invited_at) where status in ('invited', 'started')`.execute(db);
  await db.schema.createIndex("exit_invitations_survey_version_idx").on("exit_invitations").column("survey_version_id").execute();

  // Sign-in links to the exit flow: reusable until they expire (the leaver comes back to resume),
  // stored as SHA-256 hashes only.
  await db.schema
    .createTable("exit_links")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("invitation_id", "uuid", (c) => c.notNull().references("exit_invitations.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("exit_links_invitation_idx").on("exit_links").column("invitation_id").execute();

  // Answers saved page by page until the leaver submits; deleted in the submitting transaction.
  await db.schema
    .createTable("exit_response_drafts")
    .addColumn("invitation_id", "uuid", (c) => c.primaryKey().references("exit_invitations.id").onDelete("cascade"))
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("survey_responses")
    // Random, never derived from the invitation or the person.
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("surveys.id"))
    .addColumn("survey_version_id", "uuid", (c) => c.notNull().references("survey_versions.id"))
    .addColumn("confidentiality", "text", (c) => c.notNull().check(sql`confidentiality in ('confidential', 'anonymous')`))
    // Confidential responses only: who answered (through the invitation) and when, exactly.
    .addColumn("invitation_id", "uuid", (c) => c.unique().references("exit_invitations.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz")
    // Coarse aggregation fields, kept for both modes.
    .addColumn("period_month", "date", (c) => c.notNull())
    .addColumn("department_id", "uuid", (c) => c.references("departments.id").onDelete("set null"))
    .addColumn("departure_type", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("enps_score", "smallint", (c) => c.check(sql`enps_score between 0 and 10`))
    .addColumn("answers", "jsonb", (c) => c.notNull())
    // An anonymous response carries nothing that points to a person or an exact moment.
    .addCheckConstraint(
      "survey_responses_anonymous_unlinked",
      sql`confidentiality = 'confidential' or (invitation_id is null and submitted_at is null)`,
    )
    .addCheckConstraint("survey_responses_period_is_month", sql`extract(day from period_month) = 1`)
    .execute();
  await db.schema
    .createIndex("survey_responses_survey_period_idx")
    .on("survey_responses")
    .columns(["survey_id", "period_month"])
    .execute();
  await db.schema
    .createIndex("survey_responses_department_period_idx")
    .on("survey_responses")
    .columns(["department_id", "period_month"])
    .execute();

  await db.schema
    .createTable("alumni_profiles")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("departure_id", "uuid", (c) => c.references("departures.id").onDelete("set null"))
    .addColumn("personal_email", "text", (c) => c.notNull())
    .addColumn("personal_email_confirmed_at", "timestamptz")
    .addColumn("linkedin_url", "text")
    // pending: joined, address not yet confirmed; active: alumnus; left: left the network.
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'active', 'left')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("activated_at", "timestamptz")
    .addColumn("left_at", "timestamptz")
    .execute();
  await sql`create index alumni_profiles_personal_email_idx on alumni_profiles (lower(personal_email))`.execute(db);

  await db.schema
    .createTable("email_confirmations")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("email_confirmations_user_idx").on("email_confirmations").column("user_id").execute();

  await db.schema
    .createTable("consent_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) =>
      c.notNull().check(sql`purpose in ('newsletter', 'share_feed', 'directory', 'pulse', 'openings')`),
    )
    .addColumn("granted", "boolean", (c) => c.notNull())
    .addColumn("policy_version", "text", (c) => c.notNull())
    // SHA-256 of the exact text the person was shown when they chose.
    .addColumn("text_hash", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('exit_flow', 'preferences', 'email_link', 'admin')`))
    // HMAC-SHA-256 of the client IP with the app secret: provable, not reversible.
    .addColumn("ip_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("consent_events_user_purpose_idx")
    .on("consent_events")
    .columns(["user_id", "purpose", "id"])
    .execute();
  // Append-only: no update ever; deletes only by the erasure path, which sets app.consent_erasure.
  await sql`
    create function consent_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and coalesce(current_setting('app.consent_erasure', true), '') = 'on' then
        return old;
      end if;
      raise exception 'consent_events is append-only (% refused)', tg_op using errcode = '55000';
    end
    $$`.execute(db);
  await sql`
    create trigger consent_events_append_only before update or delete on consent_events
    for each row execute function consent_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists consent_events_append_only on consent_events`.execute(db);
  await sql`drop function if exists consent_events_append_only()`.execute(db);
  for (const table of [
    "consent_events",
    "email_confirmations",
    "alumni_profiles",
    "survey_responses",
    "exit_response_drafts",
    "exit_links",
    "exit_invitations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("surveys").dropConstraint("surveys_current_version_fk").execute();
  await db.schema.dropTable("survey_versions").execute();
  await db.schema.dropTable("surveys").execute();
}
