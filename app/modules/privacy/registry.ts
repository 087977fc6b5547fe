/**
 * The personal-data registry (docs/decisions/030): every table that holds data about a person, how
 * that person's rows are found, and what erasure does to each personal column. Export
 * (personal-data.server.ts) and erasure (erase.server.ts) are both driven by it, and
 * tests/integration/privacy/registry-schema.test.ts fails when the migrated database has a column
 * that looks personal and is neither here nor in NOT_PERSONAL.
 *
 * Pure data and types: no database access, safe to import anywhere.
 *
 * The order of REGISTRY is the order erasure works in: an entry found through another entry's rows
 * ("parent") comes before any entry that changes what finds those rows (the clicks of a tracked link
 * before the link loses its user_id; the confidential pulse response before its pulse answer goes).
 */

/** How a person's rows of an entry are found; an entry's locators are OR-ed. */
export type Locator =
  /** `column` holds the person's user id. */
  | { by: "user"; column: string }
  /** `column` holds the person's user id as text (the audit log's subject). */
  | { by: "userText"; column: string; where: { column: string; equals: string } }
  /** `column`, lower-cased, is one of the person's addresses (collected before anything changes). */
  | { by: "address"; column: string }
  /** `column` (text or jsonb) mentions one of the person's addresses or full names, whatever the case. */
  | { by: "mention"; column: string }
  /** `column` holds the keyed hash of one of the person's addresses (app/modules/email/suppressed-addresses). */
  | { by: "addressHash"; column: string }
  /** `column` is in `parentColumn` of the rows another entry (by key) finds. */
  | { by: "parent"; column: string; parent: string; parentColumn: string };

/** What erasure does to one personal column. */
export type ColumnErasure =
  /** The row is deleted (the entry's erasure is "delete"). */
  | { action: "delete" }
  | { action: "null" }
  /** A placeholder that names nobody: `erased-<row id>@erased.invalid`, or the erased person's label. */
  | { action: "replace"; with: "erasedAddress" | "erasedName" }
  /** Every mention of the person's addresses and full names becomes "[erased]"; the rest stays. */
  | { action: "redact" }
  /** A file's lines that hold one of the person's addresses are removed, then mentions are redacted. */
  | { action: "redactLines" }
  /** Kept as it is, for the stated reason. */
  | { action: "keep"; reason: string };

export interface LocalizedDescription {
  en: string;
  fr: string;
}

export interface RegistryEntry {
  /** Unique; the table name, or `table.what` when a table has two ways in. */
  key: string;
  schema: "public" | "pgboss";
  table: string;
  /** What the rows are, for the person reading their export and for HR. */
  description: LocalizedDescription;
  find: readonly Locator[];
  /** delete: the found rows go; anonymise: their personal columns change; keep: nothing changes. */
  erasure: "delete" | "anonymise" | "keep";
  /** Why the rows are anonymised or kept rather than deleted. */
  reason?: string;
  /** Every column of the table that holds personal data, and what erasure does to it. */
  columns: Readonly<Record<string, ColumnErasure>>;
  /** The column whose value makes a replaced address unique per row (default "id"). */
  rowId?: string;
  /**
   * false: not in "Download my data", with why (other people's data around the mention, or a copy
   * of what another entry exports). Default: exported.
   */
  export?: { omit: true; reason: string };
  /** Columns never exported (secrets at rest, ciphertext). */
  secretColumns?: readonly string[];
}

const deleted = { action: "delete" } as const;
const nulled = { action: "null" } as const;
const redacted = { action: "redact" } as const;
const keep = (reason: string) => ({ action: "keep", reason }) as const;


export const REGISTRY: readonly RegistryEntry[] = [
  {
    key: "link_clicks",
    schema: "public",
    table: "link_clicks",
    description: { en: "Clicks on the links you shared", fr: "Clics sur les liens que vous avez partagés" },
    find: [{ by: "parent", column: "link_id", parent: "tracked_links", parentColumn: "id" }],
    erasure: "anonymise",
    reason: "Click counts of shared items and newsletters stay true; only the keyed IP hash is personal.",
    columns: { ip_hash: nulled },
  },
  {
    key: "share_intents",
    schema: "public",
    table: "share_intents",
    description: { en: "Times you pressed a share button", fr: "Vos appuis sur un bouton de partage" },
    find: [{ by: "parent", column: "link_id", parent: "tracked_links", parentColumn: "id" }],
    erasure: "keep",
    reason: "Holds no personal column: once the tracked link loses its user_id, a share is anonymous and share counts stay true.",
    columns: {},
  },
  {
    key: "tracked_links",
    schema: "public",
    table: "tracked_links",
    description: { en: "Your personal share links", fr: "Vos liens de partage personnels" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "anonymise",
    reason: "The link keeps redirecting (it is out on social networks) and counting, for nobody.",
    columns: { user_id: nulled },
  },
  {
    key: "survey_responses",
    schema: "public",
    table: "survey_responses",
    description: { en: "Your confidential survey answers (exit survey and pulses)", fr: "Vos réponses confidentielles (sondage de départ et pulses)" },
    find: [
      { by: "parent", column: "invitation_id", parent: "exit_invitations", parentColumn: "id" },
      { by: "parent", column: "id", parent: "pulse_answers", parentColumn: "response_id" },
    ],
    erasure: "anonymise",
    reason:
      "Unlinked, not deleted: the eNPS and theme rollups counted them, and they must stay true. Without the invitation (and the pulse answer) nothing ties the answers to the person; mentions of their name or address in free text are redacted.",
    columns: { invitation_id: nulled, answers: redacted },
  },
  {
    key: "pulse_answers",
    schema: "public",
    table: "pulse_answers",
    description: { en: "Your pulse answers", fr: "Vos réponses aux pulses" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    reason: "The link between a person and a confidential pulse response; the response itself stays, unlinked.",
    columns: { user_id: deleted, comment: deleted },
  },
  {
    key: "pulse_deliveries",
    schema: "public",
    table: "pulse_deliveries",
    description: { en: "Pulse questions sent to you", fr: "Questions pulse qui vous ont été envoyées" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    reason: "A pulse keeps its recipient_count; the snapshot rows are only needed while sending.",
    columns: { user_id: deleted, email: deleted, email_id: deleted, skip_reason: deleted },
  },
  {
    key: "exit_response_drafts",
    schema: "public",
    table: "exit_response_drafts",
    description: { en: "Your unfinished exit survey answers", fr: "Vos réponses au sondage de départ non envoyées" },
    find: [{ by: "parent", column: "invitation_id", parent: "exit_invitations", parentColumn: "id" }],
    erasure: "delete",
    columns: { answers: deleted },
  },
  {
    key: "exit_links",
    schema: "public",
    table: "exit_links",
    description: { en: "Your exit survey links", fr: "Vos liens vers le sondage de départ" },
    find: [{ by: "parent", column: "invitation_id", parent: "exit_invitations", parentColumn: "id" }],
    erasure: "delete",
    columns: { token_hash: deleted },
    secretColumns: ["token_hash"],
  },
  {
    key: "exit_invitations",
    schema: "public",
    table: "exit_invitations",
    description: { en: "Your exit survey invitation", fr: "Votre invitation au sondage de départ" },
    find: [{ by: "parent", column: "departure_id", parent: "departures", parentColumn: "id" }],
    erasure: "keep",
    reason: "No personal column (dates and a status); response rates count them. The departure it belongs to is anonymised.",
    columns: {},
  },
  {
    key: "departure_tasks",
    schema: "public",
    table: "departure_tasks",
    description: { en: "Your offboarding checklist", fr: "Votre liste de tâches de départ" },
    find: [{ by: "parent", column: "departure_id", parent: "departures", parentColumn: "id" }],
    erasure: "anonymise",
    reason: "The tasks are the company's record of offboarding work (who returned what is the owner's data); staff notes about the person go.",
    columns: {
      completion_note: nulled,
      evidence_url: nulled,
      not_applicable_reason: nulled,
      title_en: redacted,
      title_fr: redacted,
      description_en: redacted,
      description_fr: redacted,
      owner_user_id: keep("A staff member's id, not the leaver's."),
      completed_by: keep("A staff member's id, not the leaver's."),
    },
  },
  {
    key: "advocacy_routes",
    schema: "public",
    table: "advocacy_routes",
    description: { en: "Invitations and follow-ups your score led to", fr: "Invitations et suivis issus de votre score" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted },
  },
  {
    key: "advocacy_scores",
    schema: "public",
    table: "advocacy_scores",
    description: { en: "Your advocacy score", fr: "Votre score d'ambassadeur" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, reason_code: deleted, reason_values: deleted, inputs: deleted },
  },
  {
    key: "newsletter_recipients",
    schema: "public",
    table: "newsletter_recipients",
    description: { en: "Newsletters sent to you", fr: "Lettres d'information qui vous ont été envoyées" },
    find: [
      { by: "user", column: "user_id" },
      { by: "address", column: "email" },
    ],
    erasure: "anonymise",
    reason: "An issue's sent, delivered, opened and clicked counts stay true; the row no longer says to whom.",
    rowId: "recipient_no",
    columns: { user_id: nulled, email: nulled, resend_id: nulled },
  },
  {
    key: "email_suppressions",
    schema: "public",
    table: "email_suppressions",
    description: { en: "Addresses no newsletter may reach", fr: "Adresses qu'aucune lettre ne peut atteindre" },
    find: [
      { by: "user", column: "user_id" },
      { by: "address", column: "email" },
    ],
    erasure: "delete",
    reason: "Replaced by a keyed hash of every personal address in suppressed_address_hashes, so the person is never mailed again.",
    columns: { email: deleted, user_id: deleted, detail: deleted, reason: deleted },
  },
  {
    key: "suppressed_address_hashes",
    schema: "public",
    table: "suppressed_address_hashes",
    description: { en: "Keyed hashes of your addresses, so that no email reaches you again", fr: "Empreintes de vos adresses, pour qu'aucun courriel ne vous parvienne plus" },
    find: [{ by: "addressHash", column: "hash" }],
    erasure: "keep",
    reason: "Kept to honour the objection to mail (GDPR Art. 21(3), 17(3)(b)): a keyed hash matches an address someone already knows and cannot be read back.",
    columns: { hash: keep("The do-not-mail record itself; cannot be read back without the app secret.") },
  },
  {
    key: "consent_events",
    schema: "public",
    table: "consent_events",
    description: { en: "Your consent choices", fr: "Vos choix de consentement" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    reason:
      "Append-only by trigger; erasure alone deletes, through app.consent_erasure (ADR 030). Proof of consent is needed only while processing rests on it; after erasure none does, and the erasure request row proves what happened.",
    columns: { user_id: deleted, ip_hash: deleted, text_hash: deleted },
  },
  {
    key: "email_confirmations",
    schema: "public",
    table: "email_confirmations",
    description: { en: "Address confirmations", fr: "Confirmations d'adresse" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { email: deleted, user_id: deleted, token_hash: deleted },
    secretColumns: ["token_hash"],
  },
  {
    key: "alumni_profiles",
    schema: "public",
    table: "alumni_profiles",
    description: { en: "Your alumni profile", fr: "Votre profil d'ancien" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: {
      user_id: deleted,
      personal_email: deleted,
      personal_email_confirmed_at: deleted,
      linkedin_url: deleted,
      // The profile's "about you now", and what the person shows of it in the directory (docs/decisions/033).
      current_company: deleted,
      current_title: deleted,
      location: deleted,
      directory_show_department: deleted,
      directory_show_left_year: deleted,
      directory_show_company: deleted,
      directory_show_title: deleted,
      directory_show_location: deleted,
      directory_show_linkedin: deleted,
    },
  },
  {
    key: "boomerang_interest",
    schema: "public",
    table: "boomerang_interest",
    description: { en: "That you would consider coming back, and your note to HR", fr: "Votre intérêt pour un retour, et votre note aux RH" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, note: deleted },
  },
  {
    key: "emails",
    schema: "public",
    table: "emails",
    description: { en: "Emails sent to you (stored copies)", fr: "Courriels qui vous ont été envoyés (copies conservées)" },
    find: [
      { by: "user", column: "user_id" },
      { by: "address", column: "to_address" },
    ],
    erasure: "delete",
    columns: {
      user_id: deleted,
      to_address: deleted,
      subject: deleted,
      html: deleted,
      text: deleted,
      sealed_content: deleted,
      last_error: deleted,
    },
    secretColumns: ["sealed_content"],
  },
  {
    key: "emails.mentions",
    schema: "public",
    table: "emails",
    description: { en: "Emails to others that name you", fr: "Courriels à d'autres personnes qui vous nomment" },
    find: [
      { by: "mention", column: "subject" },
      { by: "mention", column: "html" },
      { by: "mention", column: "text" },
    ],
    erasure: "anonymise",
    reason: "Another person's email (a task owner's digest, HR's notice): it stays theirs, without the erased person's name or address.",
    columns: {
      subject: redacted,
      html: redacted,
      text: redacted,
      sealed_content: keep("AES-256-GCM ciphertext of a message not yet delivered, dropped once the provider accepts it (minutes)."),
    },
    export: { omit: true, reason: "Other people's mail." },
  },
  {
    key: "task_digests",
    schema: "public",
    table: "task_digests",
    description: { en: "Task digests sent to you", fr: "Récapitulatifs de tâches qui vous ont été envoyés" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, email_id: deleted },
  },
  {
    key: "team_members",
    schema: "public",
    table: "team_members",
    description: { en: "Your teams", fr: "Vos équipes" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted },
  },
  {
    key: "sessions",
    schema: "public",
    table: "sessions",
    description: { en: "Your sign-in sessions", fr: "Vos sessions" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, user_agent: deleted, id: deleted },
    secretColumns: ["id"],
  },
  {
    key: "one_time_tokens",
    schema: "public",
    table: "one_time_tokens",
    description: { en: "Your sign-in and password links", fr: "Vos liens de connexion et de mot de passe" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, token_hash: deleted, redirect_to: deleted },
    secretColumns: ["token_hash"],
  },
  {
    key: "csv_import_rejections",
    schema: "public",
    table: "csv_import_rejections",
    description: { en: "Rejected rows of departure imports that name you", fr: "Lignes refusées d'imports de départs qui vous nomment" },
    find: [{ by: "mention", column: "raw" }],
    erasure: "delete",
    columns: { raw: deleted, errors: deleted },
    export: { omit: true, reason: "A copy of what HR typed about the departure, which the departure entry exports." },
  },
  {
    key: "csv_imports",
    schema: "public",
    table: "csv_imports",
    description: { en: "Departure import files that name you", fr: "Fichiers d'import de départs qui vous nomment" },
    find: [{ by: "mention", column: "content" }],
    erasure: "anonymise",
    reason: "The file names other leavers too: only the person's lines go.",
    columns: { content: { action: "redactLines" }, file_name: redacted, error: redacted },
    export: { omit: true, reason: "The file holds other people's rows; the person's own row is the departure, exported." },
  },
  {
    key: "pgboss.job",
    schema: "pgboss",
    table: "job",
    description: { en: "Background jobs about you", fr: "Tâches de fond qui vous concernent" },
    find: [
      { by: "mention", column: "data" },
      { by: "mention", column: "output" },
    ],
    erasure: "delete",
    reason: "Queued or finished work such as a sign-in link asked for an address: useless once the person is gone.",
    columns: { data: deleted, output: deleted },
    export: { omit: true, reason: "Transient queue records; what they did is in the other entries." },
  },
  {
    key: "pgboss.archive",
    schema: "pgboss",
    table: "archive",
    description: { en: "Finished background jobs about you", fr: "Tâches de fond terminées qui vous concernent" },
    find: [
      { by: "mention", column: "data" },
      { by: "mention", column: "output" },
    ],
    erasure: "delete",
    columns: { data: deleted, output: deleted },
    export: { omit: true, reason: "Transient queue records; what they did is in the other entries." },
  },
  {
    key: "audit_log",
    schema: "public",
    table: "audit_log",
    description: { en: "Audit log entries about you", fr: "Entrées du journal d'audit qui vous concernent" },
    find: [
      { by: "user", column: "actor_user_id" },
      { by: "userText", column: "subject_id", where: { column: "subject_type", equals: "user" } },
      { by: "mention", column: "data" },
    ],
    erasure: "anonymise",
    reason: "The events are kept (what happened, when, to which ids: accountability, GDPR Art. 5(2)); recordAudit refuses personal keys, and any mention left in data is redacted.",
    columns: { data: redacted, actor_user_id: keep("The id of the erased account, which names nobody once anonymised.") },
  },
  {
    key: "departures",
    schema: "public",
    table: "departures",
    description: { en: "Your departure record", fr: "Votre dossier de départ" },
    find: [{ by: "user", column: "leaver_user_id" }],
    erasure: "anonymise",
    reason: "Departure counts, dates, departments, types and reasons feed HR's figures; everything that identifies the person goes.",
    columns: {
      leaver_user_id: keep("Points at the anonymised account."),
      employee_email: { action: "replace", with: "erasedAddress" },
      employee_name: { action: "replace", with: "erasedName" },
      personal_email: nulled,
      job_title: nulled,
      manager_email: nulled,
      location: nulled,
      hire_date: nulled,
      external_id: nulled,
      eligible_for_rehire: nulled,
      reason_id: keep("A category from HR's list of reasons, counted in departure figures; names nobody once the rest is gone."),
    },
  },
  {
    key: "privacy_erasure_requests",
    schema: "public",
    table: "privacy_erasure_requests",
    description: { en: "Your erasure requests", fr: "Vos demandes d'effacement" },
    find: [{ by: "user", column: "user_id" }],
    erasure: "keep",
    reason: "Proof that the request was honoured and when (GDPR Art. 5(2), 12(3)): ids, times and counts only.",
    columns: {
      user_id: keep("The anonymised account's id."),
      requested_by: keep("The HR admin's id, or the person's own."),
    },
  },
  {
    key: "data_exports",
    schema: "public",
    table: "data_exports",
    description: {
      en: "Your requests for a copy of your data, and each archive while it can be downloaded.",
      fr: "Vos demandes de copie de vos données, et chaque archive tant qu’elle peut être téléchargée.",
    },
    find: [{ by: "user", column: "user_id" }],
    erasure: "delete",
    columns: { user_id: deleted, archive: deleted },
    export: { omit: true, reason: "An archive is a copy of the other entries." },
  },
  {
    key: "retention_erasures",
    schema: "public",
    table: "retention_erasures",
    description: { en: "That the retention job asked for your erasure.", fr: "Le fait que la tâche de conservation a demandé votre effacement." },
    find: [{ by: "user", column: "user_id" }],
    erasure: "keep",
    reason: "The id only, so that the nightly retention job asks for an erasure once (docs/decisions/031).",
    columns: { user_id: keep("The tombstone's id, which names nobody once erased.") },
  },
  {
    key: "users",
    schema: "public",
    table: "users",
    description: { en: "Your account", fr: "Votre compte" },
    find: [{ by: "user", column: "id" }],
    erasure: "anonymise",
    reason: "A tombstone keeps the ids other records point at (departures, the audit log) valid; it can never sign in again.",
    columns: {
      email: { action: "replace", with: "erasedAddress" },
      name: { action: "replace", with: "erasedName" },
      password_hash: nulled,
    },
    secretColumns: ["password_hash"],
  },
];

/** A column (or every column: "*") that looks personal but is not, and why. */
export interface NotPersonal {
  schema?: "public" | "pgboss";
  table: string;
  columns: readonly string[] | "*";
  reason: string;
}

const STAFF_ID = "The id of the staff member who made or changed the record; staff accounts are not erased through this path, and an erased account's id names nobody.";
const HR_CONTENT = "Content HR writes for everyone (titles, texts, settings), not about a person.";

export const NOT_PERSONAL: readonly NotPersonal[] = [
  { table: "users", columns: ["id"], reason: "The tombstone's own key." },
  { table: "departures", columns: ["created_by"], reason: STAFF_ID },
  { table: "departure_tasks", columns: ["template_task_id"], reason: "A template's id." },
  { table: "checklist_templates", columns: "*", reason: HR_CONTENT },
  { table: "checklist_template_tasks", columns: "*", reason: `${HR_CONTENT} owner_user_id is a staff member's id.` },
  { table: "departments", columns: "*", reason: "The organisation chart, not people." },
  { table: "openings", columns: "*", reason: `${HR_CONTENT} created_by is a staff member's id.` },
  { table: "newsletter_issue_openings", columns: "*", reason: "Which roles an issue carries." },
  { table: "webhook_endpoints", columns: "*", reason: `${HR_CONTENT} The URL is a receiving system's address. ${STAFF_ID}` },
  {
    table: "webhook_events",
    columns: ["data"],
    reason: "Ids and non-personal facts only: each event type's schema refuses anything else (docs/decisions/035); a user id names only the tombstone once erased.",
  },
  { table: "webhook_attempts", columns: ["response_body"], reason: "What the receiving system answered (at most 1 KB), about the delivery, not a person." },
  { table: "departure_reasons", columns: "*", reason: HR_CONTENT },
  { table: "teams", columns: "*", reason: "Team names, not people." },
  { table: "company_holidays", columns: "*", reason: "Public holidays." },
  { table: "api_tokens", columns: "*", reason: `An integration's name and hashed token. ${STAFF_ID}` },
  { table: "privacy_settings", columns: "*", reason: `HR's retention periods (docs/decisions/031). ${STAFF_ID}` },
  { table: "csv_imports", columns: ["created_by", "mapping", "content_cleared_at"], reason: `${STAFF_ID} The mapping names CSV columns, not people.` },
  { table: "csv_import_rejections", columns: ["errors"], reason: "Problem codes; deleted with the row when the raw row names the person." },
  { table: "surveys", columns: "*", reason: `${HR_CONTENT} The draft is a survey definition.` },
  { table: "survey_versions", columns: "*", reason: `${HR_CONTENT} The definition is a survey's questions.` },
  { table: "survey_responses", columns: ["locale"], reason: "A language." },
  {
    table: "anonymous_pool",
    columns: "*",
    reason: "Anonymous by design (ADR 008): no column ties an answer to anyone, so no person's rows can be found, and none need be.",
  },
  { table: "anonymous_responses", columns: "*", reason: "Anonymous by design (ADR 008): released in blocks of k, tied to nobody." },
  { table: "anonymous_comment_scores", columns: "*", reason: "Sentiment of anonymous comments, tied to nobody." },
  { table: "anonymous_blocks", columns: "*", reason: "Aggregates of at least k responses." },
  { table: "anonymous_block_enps", columns: "*", reason: "Aggregates." },
  { table: "anonymous_block_themes", columns: "*", reason: "Aggregates." },
  { table: "anonymous_releases", columns: "*", reason: "When a release happened." },
  { table: "enps_rollups", columns: "*", reason: "Aggregates; erasure leaves them as they are (responses are unlinked, not removed)." },
  { table: "theme_rollups", columns: "*", reason: "Aggregates." },
  {
    table: "comment_scores",
    columns: "*",
    reason: "A sentiment figure and theme words per comment of a confidential response: tied only to the response, which erasure unlinks.",
  },
  { table: "anonymity_settings", columns: "*", reason: `Settings. ${STAFF_ID}` },
  { table: "departure_date_settings", columns: "*", reason: `Settings. ${STAFF_ID}` },
  { table: "scoring_settings", columns: "*", reason: `Settings. ${STAFF_ID}` },
  { table: "feed_settings", columns: "*", reason: `Settings. ${STAFF_ID}` },
  { table: "feed_sources", columns: "*", reason: `RSS/Atom sources HR follows. ${STAFF_ID}` },
  { table: "feed_items", columns: "*", reason: `Company posts and news items. ${STAFF_ID}` },
  { table: "feed_item_share_texts", columns: "*", reason: `${HR_CONTENT} ${STAFF_ID}` },
  { table: "tracked_links", columns: ["target_url", "subject_ref", "campaign", "code"], reason: "Where a link points and what it belongs to." },
  { table: "newsletter_issues", columns: "*", reason: `${HR_CONTENT} The audience is a filter (departments, years, segments). ${STAFF_ID}` },
  { table: "newsletter_issue_texts", columns: "*", reason: HR_CONTENT },
  { table: "newsletter_sections", columns: "*", reason: HR_CONTENT },
  { table: "newsletter_batches", columns: "*", reason: "A batch's state; its last_error is the provider's error code, not an address." },
  { table: "newsletter_recipients", columns: ["locale", "bounce_type"], reason: "A language and a bounce category." },
  { table: "email_suppressions", columns: ["created_by", "issue_id"], reason: STAFF_ID },
  { table: "emails", columns: ["from_address", "template", "provider_id"], reason: "The company's sender address, the template's name, the provider's message id." },
  { table: "pulses", columns: "*", reason: `A scheduled pulse. ${STAFF_ID}` },
  { table: "pulse_answers", columns: ["locale"], reason: "A language." },
  { table: "pulse_deliveries", columns: ["locale"], reason: "A language." },
  { table: "advocacy_routes", columns: ["email_id", "task_id"], reason: "Ids of rows the registry handles itself." },
  { table: "audit_log", columns: ["subject_type", "action"], reason: "What kind of event, on what kind of record." },
  { table: "resend_webhook_events", columns: "*", reason: "A provider event id and type: no address, no payload." },
  { table: "provider_rate_limits", columns: "*", reason: "A token bucket per provider." },
  {
    table: "rate_limits",
    columns: "*",
    reason: "Keys are HMACs of an address or IP with the app secret (cannot be read back) and expire within an hour.",
  },
  { table: "sign_in_delays", columns: "*", reason: "Keys are HMACs of an address with the app secret, forgotten within a day." },
  { table: "demo_seed", columns: "*", reason: "Whether demo data was added." },
  { table: "privacy_erasure_requests", columns: ["reason", "status", "error", "counts"], reason: "Why and how an erasure ran: a code, a state, counts per registry entry." },
  { table: "suppressed_address_hashes", columns: ["reason"], reason: "A code." },
  { schema: "pgboss", table: "*", columns: "*", reason: "pg-boss bookkeeping (queues, versions, schedules with empty payloads); its job and archive tables are registered above." },
];

/** The registry's entries by key. */
export function registryEntry(key: string): RegistryEntry {
  const entry = REGISTRY.find((candidate) => candidate.key === key);
  if (!entry) throw new Error(`No registry entry "${key}"`);
  return entry;
}
