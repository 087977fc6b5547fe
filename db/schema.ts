import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** The one source of truth for table types; keep in step with db/migrations. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role = "hr_admin" | "task_owner" | "leaver" | "alumnus";
export type Locale = "en" | "fr";
export type UserStatus = "invited" | "active" | "disabled";
export type TokenPurpose = "magic_link" | "password_setup" | "password_reset";
export type EmailStatus = "queued" | "sent" | "captured" | "failed";
export type EmailTransport = "resend" | "outbox";

export type DepartureType = "voluntary" | "involuntary" | "retirement" | "end_of_contract" | "other";
export type DepartureStatus = "planned" | "in_progress" | "completed" | "cancelled";
export type DepartureSource = "web" | "api" | "csv" | "seed";
export type TaskCategory = "access" | "equipment" | "payroll_benefits" | "knowledge_transfer" | "communication" | "other";
export type TaskAnchor = "notice_date" | "last_day" | "termination_date";
export type TaskStatus = "open" | "done" | "not_applicable";
export type CsvImportStatus = "uploaded" | "importing" | "completed" | "failed";
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
export type CsvDateFormat = "iso" | "dmy" | "mdy";

export type SurveyKind = "exit" | "pulse";
export type Confidentiality = "confidential" | "anonymous";
export type ExitInvitationStatus = "scheduled" | "invited" | "started" | "finished" | "cancelled";
export type AlumniDecision = "joined" | "declined";
export type AlumniStatus = "pending" | "active" | "left";
export type ConsentPurpose = "newsletter" | "share_feed" | "directory" | "pulse" | "openings";
export type ConsentSource = "exit_flow" | "preferences" | "email_link" | "admin";
export type FeedKind = "company" | "external";
export type FeedApproval = "auto" | "review";
export type FeedItemStatus = "pending" | "approved" | "rejected" | "expired";
/** Where a tracked link is used: a social network, or the newsletter. */
export type LinkChannel = "linkedin" | "x" | "facebook" | "newsletter" | "referral";
/** A jsonb column read as whatever it holds: parse it with its zod schema before use; written as a JSON string. */
type Json = ColumnType<unknown, string, string>;

/** A `date` column: read and written as "YYYY-MM-DD" (see db/index.ts type parsers). */
export type DateString = string;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  password_hash: string | null;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  reminder_hour: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  user_agent: string | null;
}

export interface OneTimeTokensTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  purpose: TokenPurpose;
  redirect_to: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface EmailsTable {
  id: Generated<string>;
  user_id: string | null;
  template: string;
  locale: Locale;
  to_address: string;
  from_address: string;
  subject: string;
  /** The stored copy: with its secret links replaced by a placeholder when links_removed. */
  html: string;
  text: string;
  /** True when the stored html/text are not what is sent: the template's secret links were removed. */
  links_removed: ColumnType<boolean, boolean | undefined, boolean>;
  /** The deliverable html/text, AES-256-GCM sealed, kept only until the provider accepted them or gave up. */
  sealed_content: string | null;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  transport: EmailTransport | null;
  provider_id: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface RateLimitsTable {
  key: string;
  points: number;
  expire: string | null;
}

/** The per-account brake on password guessing: see app/modules/auth/sign-in-delay.server.ts. */
export interface SignInDelaysTable {
  key: string;
  attempts: number;
  next_attempt_at: Timestamp;
  expires_at: Timestamp;
}

/** One row once demo data was added (assumed: marked by the migration on a database that had users). */
export interface DemoSeedTable {
  id: Generated<boolean>;
  seeded_at: Generated<Date>;
  assumed: Generated<boolean>;
}

export interface DepartmentsTable {
  id: Generated<string>;
  name: string;
  parent_id: string | null;
  needs_review: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface DepartureReasonsTable {
  id: Generated<string>;
  code: string;
  label_en: string;
  label_fr: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface CompanyHolidaysTable {
  day: DateString;
  name: string;
}

export interface DeparturesTable {
  id: Generated<string>;
  leaver_user_id: string;
  employee_email: string;
  employee_name: string;
  personal_email: string | null;
  department_id: string;
  job_title: string | null;
  manager_email: string | null;
  location: string | null;
  hire_date: DateString | null;
  notice_date: DateString;
  last_day: DateString;
  /** Null: the same as the last day, and it moves with it (departure-dates.ts terminationDateOf). */
  termination_date: DateString | null;
  type: DepartureType;
  reason_id: string | null;
  regrettable: boolean | null;
  eligible_for_rehire: boolean | null;
  external_id: string | null;
  status: ColumnType<DepartureStatus, DepartureStatus | undefined, DepartureStatus>;
  created_by: string | null;
  source: ColumnType<DepartureSource, DepartureSource | undefined, DepartureSource>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A text written in English and French; the French one may be empty (rows from before both existed). */
type FrenchText = ColumnType<string, string | undefined, string>;

export interface ChecklistTemplatesTable {
  id: Generated<string>;
  name_en: string;
  name_fr: FrenchText;
  description_en: ColumnType<string, string | undefined, string>;
  description_fr: FrenchText;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  departure_types: ColumnType<DepartureType[], DepartureType[] | undefined, DepartureType[]>;
  department_id: string | null;
  locations: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

interface TaskDefinitionColumns {
  title_en: string;
  title_fr: FrenchText;
  description_en: ColumnType<string, string | undefined, string>;
  description_fr: FrenchText;
  category: TaskCategory;
  owner_user_id: string | null;
  owner_team_id: string | null;
  anchor: TaskAnchor;
  offset_business_days: ColumnType<number, number | undefined, number>;
  before_last_day: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
}

export interface ChecklistTemplateTasksTable extends TaskDefinitionColumns {
  id: Generated<string>;
  template_id: string;
}

export interface DepartureTasksTable extends TaskDefinitionColumns {
  id: Generated<string>;
  departure_id: string;
  template_task_id: string | null;
  due_date: DateString;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  completed_at: Date | null;
  completed_by: string | null;
  completion_note: string | null;
  evidence_url: string | null;
  not_applicable_reason: string | null;
  escalated_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TaskDigestsTable {
  user_id: string;
  digest_date: DateString;
  email_id: string | null;
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface CsvImportsTable {
  id: Generated<string>;
  created_by: string | null;
  file_name: string;
  content: string;
  mapping: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  status: ColumnType<CsvImportStatus, CsvImportStatus | undefined, CsvImportStatus>;
  total_rows: ColumnType<number, number | undefined, number>;
  processed_rows: ColumnType<number, number | undefined, number>;
  created_count: ColumnType<number, number | undefined, number>;
  existing_count: ColumnType<number, number | undefined, number>;
  rejected_count: ColumnType<number, number | undefined, number>;
  error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
  /** How the uploaded bytes were decoded. */
  encoding: ColumnType<CsvEncoding, CsvEncoding | undefined, CsvEncoding>;
  /** How the file writes its dates; chosen by HR with the column mapping. */
  date_format: CsvDateFormat | null;
  /** When the import (not the upload) began. */
  started_at: Date | null;
  /** HR confirmed on the preview that rows with unusual dates are to be imported as they are. */
  unusual_dates_confirmed: ColumnType<boolean, boolean | undefined, boolean>;
  /** When the retention job emptied the file to its header line and deleted the rejected rows. */
  content_cleared_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CsvImportRejectionsTable {
  import_id: string;
  row_number: number;
  /** Field (or "row") → problems: sentences, or coded failures (app/modules/imports/row-problems.ts). */
  errors: ColumnType<Record<string, Array<string | { code: string; field?: string; values?: Record<string, unknown> }>>, string, string>;
  raw: ColumnType<Record<string, string>, string, string>;
}

export interface SurveysTable {
  id: Generated<string>;
  kind: SurveyKind;
  name_en: string;
  name_fr: FrenchText;
  confidentiality: Confidentiality;
  draft: Json;
  current_version_id: string | null;
  is_active_exit: ColumnType<boolean, boolean | undefined, boolean>;
  invite_days_before_last_day: number | null;
  archived_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  survey_id: string;
  version: number;
  confidentiality: Confidentiality;
  definition: Json;
  published_by: string | null;
  published_at: CreatedAt;
}

export interface ExitInvitationsTable {
  id: Generated<string>;
  departure_id: string;
  survey_version_id: string;
  status: ColumnType<ExitInvitationStatus, ExitInvitationStatus | undefined, ExitInvitationStatus>;
  send_on: DateString;
  expires_on: DateString;
  invited_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  reminders_sent: ColumnType<number, number | undefined, number>;
  last_reminded_at: Date | null;
  current_page: ColumnType<number, number | undefined, number>;
  alumni_decision: AlumniDecision | null;
  alumni_decided_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ExitLinksTable {
  token_hash: string;
  invitation_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_used_at: Date | null;
}

export interface ExitResponseDraftsTable {
  invitation_id: string;
  answers: Json;
  updated_at: Timestamp;
}

export interface SurveyResponsesTable {
  id: Generated<string>;
  survey_id: string;
  survey_version_id: string;
  confidentiality: Confidentiality;
  invitation_id: string | null;
  submitted_at: Date | null;
  /** The first day of the month, "YYYY-MM-01". */
  period_month: DateString;
  department_id: string | null;
  departure_type: DepartureType | null;
  locale: Locale;
  enps_score: number | null;
  answers: Json;
}

/** The one row of anonymity settings (docs/decisions/008). */
export interface AnonymitySettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  /** k: every released block holds at least this many responses (3–10). */
  min_block_size: ColumnType<number, number | undefined, number>;
  /** A pool entry waits at least this many days before a release takes it. */
  release_delay_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** HR's window of usual departure dates (one row): dates outside it need a confirmation. */
export interface DepartureDateSettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  /** A date more than this many days before today is unusual (1–3650). */
  past_days: ColumnType<number, number | undefined, number>;
  /** A date more than this many days after today is unusual (30–3650). */
  future_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Anonymous submissions not yet released: read by the release job only, never by a view. */
export interface AnonymousPoolTable {
  id: Generated<string>;
  survey_id: string;
  survey_version_id: string;
  department_id: string | null;
  departure_type: DepartureType | null;
  /** The company day it arrived, "YYYY-MM-DD". */
  pooled_on: DateString;
  enps_score: number | null;
  answers: Json;
}

export interface AnonymousReleasesTable {
  id: Generated<string>;
  survey_id: string;
  /** "YYYY-MM-01" of the release. */
  month: DateString;
  min_block_size: number;
  released_at: CreatedAt;
}

export interface AnonymousBlocksTable {
  id: Generated<string>;
  release_id: string;
  survey_id: string;
  /** "YYYY-MM-01" of the release. */
  month: DateString;
  /** Where the block was formed; null: the whole company. */
  anchor_department_id: string | null;
  /** Every department whose responses the block holds. */
  department_ids: string[];
  /** Holds responses of people recorded without a department. */
  includes_unassigned: boolean;
  departure_types: string[];
  /** Questions asked of every response in the block (whatever its version). */
  common_question_ids: string[];
  /** Every response's version had an eNPS question: only then do its eNPS figures count. */
  enps_asked_of_all: boolean;
  response_count: number;
  min_block_size: number;
}

/** A released anonymous response: its block, its version and its answers, nothing else. */
export interface AnonymousResponsesTable {
  id: Generated<string>;
  block_id: string;
  survey_version_id: string;
  enps_score: number | null;
  answers: Json;
}

export type NewsletterFrequency = "every_issue" | "monthly";
export type EmailConfirmationKind = "confirm" | "change";

export interface AlumniProfilesTable {
  user_id: string;
  departure_id: string | null;
  personal_email: string;
  personal_email_confirmed_at: Date | null;
  /** How often the newsletter may come (docs/decisions/032). */
  newsletter_frequency: ColumnType<NewsletterFrequency, NewsletterFrequency | undefined, NewsletterFrequency>;
  linkedin_url: string | null;
  status: ColumnType<AlumniStatus, AlumniStatus | undefined, AlumniStatus>;
  joined_at: CreatedAt;
  activated_at: Date | null;
  left_at: Date | null;
  /** Shown on the share feed's leaderboard only when the alumnus opted in. */
  leaderboard_opt_in: ColumnType<boolean, boolean | undefined, boolean>;
  /** What the alumnus says about themself now (docs/decisions/033); null when not given. */
  current_company: string | null;
  current_title: string | null;
  location: string | null;
  /** What other alumni see in the directory, field by field, when the person is listed (ADR 033). */
  directory_show_department: ColumnType<boolean, boolean | undefined, boolean>;
  directory_show_left_year: ColumnType<boolean, boolean | undefined, boolean>;
  directory_show_company: ColumnType<boolean, boolean | undefined, boolean>;
  directory_show_title: ColumnType<boolean, boolean | undefined, boolean>;
  directory_show_location: ColumnType<boolean, boolean | undefined, boolean>;
  directory_show_linkedin: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface EmailConfirmationsTable {
  token_hash: string;
  user_id: string;
  email: string;
  /** `change`: a new address asked for from the preference centre; the profile keeps the old one until used. */
  kind: ColumnType<EmailConfirmationKind, EmailConfirmationKind | undefined, EmailConfirmationKind>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface ConsentEventsTable {
  id: Generated<string>;
  user_id: string;
  purpose: ConsentPurpose;
  granted: boolean;
  policy_version: string;
  text_hash: string;
  source: ConsentSource;
  ip_hash: string | null;
  created_at: CreatedAt;
}

export interface FeedSourcesTable {
  id: Generated<string>;
  url: string;
  name: string;
  kind: FeedKind;
  approval: FeedApproval;
  daily_item_limit: ColumnType<number, number | undefined, number>;
  expire_after_days: ColumnType<number, number | undefined, number>;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: Date | null;
  last_success_at: Date | null;
  /** A failure code of failures.json (feedFetch.*), and its values. */
  last_error: string | null;
  last_error_values: ColumnType<Record<string, string | number> | null, string | null | undefined, string | null>;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  next_fetch_at: Timestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  archived_at: Date | null;
}

export interface FeedItemsTable {
  id: Generated<string>;
  /** Null for a company post written by HR. */
  source_id: string | null;
  kind: FeedKind;
  status: FeedItemStatus;
  guid: string | null;
  canonical_url: string | null;
  url: string | null;
  title: string;
  /** Sanitised HTML only. */
  summary_html: ColumnType<string, string | undefined, string>;
  summary_text: ColumnType<string, string | undefined, string>;
  image_url: string | null;
  published_at: Date | null;
  fetched_at: Timestamp;
  expires_at: Date | null;
  created_by: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  created_at: CreatedAt;
}

export type ShareNetwork = "linkedin" | "x" | "facebook";
export type ShareLanguage = "en" | "fr";

/** The share text HR approved for an item, one per network and language, without the disclosure line. */
export interface FeedItemShareTextsTable {
  item_id: string;
  network: ShareNetwork;
  language: ShareLanguage;
  text: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** One row (id = true): the disclosure lines and the mix rule. */
export interface FeedSettingsTable {
  id: ColumnType<true, true | undefined, never>;
  disclosure_en: ColumnType<string, string | undefined, string>;
  disclosure_fr: ColumnType<string, string | undefined, string>;
  promotional_max_percent: ColumnType<number, number | undefined, number>;
  /** HR's switch: false hides the leaderboard from everyone. */
  leaderboard_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  points_per_share: ColumnType<number, number | undefined, number>;
  points_per_click: ColumnType<number, number | undefined, number>;
  /** The most points one person earns in one day (company time zone). */
  points_daily_cap: ColumnType<number, number | undefined, number>;
  /** ISO 4217 code of the earned-media-value rates. */
  emv_currency: ColumnType<string, string | undefined, string>;
  /** Cost per thousand impressions, in minor units (cents). */
  emv_cpm_minor: ColumnType<number, number | undefined, number>;
  /** Cost per click, in minor units (cents). */
  emv_cpc_minor: ColumnType<number, number | undefined, number>;
  /** Impressions a share is assumed to earn (no network reports them to us). */
  emv_impressions_per_share: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface TrackedLinksTable {
  id: Generated<string>;
  /** Random and URL-safe (crypto.randomBytes): the {code} of /r/{code}. */
  code: string;
  /** http(s) only; the only place /r/{code} can redirect to. */
  target_url: string;
  channel: LinkChannel;
  campaign: string;
  /** The shared feed item; null for a newsletter link. */
  feed_item_id: string | null;
  /** What a link that is not a share belongs to (the newsletter issue, later). */
  subject_ref: string | null;
  /** Who shares it; null for a newsletter link, or once the person was erased. */
  user_id: string | null;
  created_at: CreatedAt;
}

export interface LinkClicksTable {
  /** bigint identity, read as a string. */
  id: ColumnType<string, never, never>;
  link_id: string;
  clicked_at: Date;
  /** keyedIpHash("click-ip", ip): never the IP. */
  ip_hash: string | null;
}

/** A press of a share button (docs/decisions/021): who, what and where are the tracked link's. */
export interface ShareIntentsTable {
  /** bigint identity, read as a string. */
  id: ColumnType<string, never, never>;
  link_id: string;
  language: ShareLanguage;
  /** Whether the alumnus changed the suggested text before sharing. */
  edited: ColumnType<boolean, boolean | undefined, never>;
  created_at: CreatedAt;
}

export type NewsletterIssueStatus = "draft" | "scheduled" | "sending" | "paused" | "sent" | "cancelled" | "stopped";
export type NewsletterBatchStatus = "pending" | "submitting" | "submitted" | "failed" | "stuck";
export type NewsletterRecipientStatus = "pending" | "submitted" | "failed" | "suppressed";
export type SuppressionReason = "unsubscribed" | "hard_bounce" | "complaint" | "manual";

/** One issue of the newsletter (docs/decisions/024). Sent once; its send's state is its batches. */
export interface NewsletterIssuesTable {
  id: Generated<string>;
  status: ColumnType<NewsletterIssueStatus, NewsletterIssueStatus | undefined, NewsletterIssueStatus>;
  /** The audience filter: parse with its zod schema (departments, leaving years, segments). */
  audience: ColumnType<unknown, string | undefined, string>;
  scheduled_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  /** Set when the recipients are snapshotted. */
  recipient_count: number | null;
  batch_count: number | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  /** Why the send paused or stopped by itself: a code, translated where shown. */
  stop_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** An open pulse whose 0–10 scale the issue carries as a block (db/migrations/2026-12-08T1100_pulse_deliveries.ts). */
  pulse_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Subject, preheader and Markdown intro in one language; English is required, French falls back to it. */
export interface NewsletterIssueTextsTable {
  issue_id: string;
  language: Locale;
  subject: string;
  preheader: ColumnType<string, string | undefined, string>;
  intro_markdown: ColumnType<string, string | undefined, string>;
}

export interface NewsletterSectionsTable {
  id: Generated<string>;
  issue_id: string;
  position: number;
  title_en: string;
  title_fr: string | null;
}

export interface NewsletterSectionItemsTable {
  section_id: string;
  feed_item_id: string;
  position: number;
}

/** 100 recipients, claimed under a row lock; its status is the send's checkpoint. */
export interface NewsletterBatchesTable {
  issue_id: string;
  batch_no: number;
  status: ColumnType<NewsletterBatchStatus, NewsletterBatchStatus | undefined, NewsletterBatchStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  /** When the batch was first posted: its idempotency key is good for 24 hours from then. */
  first_attempt_at: Date | null;
  next_attempt_at: Date | null;
  submitted_at: Date | null;
  last_error: string | null;
  /** How many times HR chose to send a stuck batch again: part of its idempotency key. */
  repost: ColumnType<number, number | undefined, number>;
}

/** The snapshot of one recipient: compact, never a rendered body. */
export interface NewsletterRecipientsTable {
  issue_id: string;
  /** 0-based, in snapshot order; batch_no = floor(recipient_no / 100). */
  recipient_no: number;
  batch_no: number;
  user_id: string | null;
  email: string | null;
  locale: Locale;
  status: ColumnType<NewsletterRecipientStatus, NewsletterRecipientStatus | undefined, NewsletterRecipientStatus>;
  resend_id: string | null;
  /** Whether the recipient had granted the `openings` consent when the send started: they get the "Open roles" section. */
  openings: ColumnType<boolean, boolean | undefined, boolean>;
  /** Whether the recipient had granted the `pulse` consent when the send started: they get the pulse block. */
  pulse: ColumnType<boolean, boolean | undefined, boolean>;
  delivered_at: Date | null;
  bounced_at: Date | null;
  bounce_type: string | null;
  complained_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  unsubscribed_at: Date | null;
}

/**
 * A token bucket shared by every process (app/modules/email/provider-rate-limit.server.ts): one row
 * per provider, taken from by one atomic UPDATE.
 */
export interface ProviderRateLimitsTable {
  provider: string;
  /** Tokens left at `refilled_at` (may be negative after a 429 asked everyone to wait). */
  tokens: number;
  refilled_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** When a transactional send last found no token: newsletter batches yield to it for a moment. */
  priority_wanted_at: Date | null;
}

/** An address no newsletter may reach; the email is lower-cased. */
export interface EmailSuppressionsTable {
  email: string;
  reason: SuppressionReason;
  user_id: string | null;
  issue_id: string | null;
  detail: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A Svix message applied once (its id is the key); nothing personal: not the address, not the payload. */
export interface ResendWebhookEventsTable {
  svix_id: string;
  type: string;
  received_at: CreatedAt;
}

export type PulseStatus = "scheduled" | "sending" | "open" | "closed" | "cancelled";

/** A scheduled sending of a pulse survey to consenting alumni (db/migrations/2026-12-08T0900_pulses.ts). */
export interface PulsesTable {
  id: Generated<string>;
  survey_id: string;
  survey_version_id: string;
  status: ColumnType<PulseStatus, PulseStatus | undefined, PulseStatus>;
  send_at: Timestamp;
  /** The company day after which answers are no longer taken. */
  closes_on: DateString;
  recipient_count: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Date | null;
  /** How many answers the pulse had when it closed (an anonymous pulse's answers leave at the close). */
  answers_at_close: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One answer per pulse per person; replaced until the pulse closes. Anonymous pulses' rows leave at the close. */
export interface PulseAnswersTable {
  pulse_id: string;
  user_id: string;
  /** The confidential `survey_responses` row this answer is; null for an anonymous pulse. */
  response_id: string | null;
  enps_score: number;
  comment: ColumnType<string, string | undefined, string>;
  locale: Locale;
  answered_at: CreatedAt;
  updated_at: Timestamp;
}

export type AdvocacySegment = "promoter" | "passive" | "detractor" | "unknown";
export type AdvocacyRoute = "ambassador_invitation" | "detractor_follow_up";

/** HR's advocacy-score formula (one row, docs/decisions/029); the weights add up to 100. */
export interface ScoringSettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  nps_weight: ColumnType<number, number | undefined, number>;
  sentiment_weight: ColumnType<number, number | undefined, number>;
  engagement_weight: ColumnType<number, number | undefined, number>;
  /** A score at or above this is a promoter's (1–100). */
  promoter_min: ColumnType<number, number | undefined, number>;
  /** A score at or below this is a detractor's (−100…−1). */
  detractor_max: ColumnType<number, number | undefined, number>;
  nps_half_life_days: ColumnType<number, number | undefined, number>;
  comment_half_life_days: ColumnType<number, number | undefined, number>;
  engagement_half_life_days: ColumnType<number, number | undefined, number>;
  share_points: ColumnType<number, number | undefined, number>;
  earned_click_points: ColumnType<number, number | undefined, number>;
  newsletter_click_points: ColumnType<number, number | undefined, number>;
  /** Decayed engagement points worth the whole engagement weight. */
  engagement_full_points: ColumnType<number, number | undefined, number>;
  /** The reason counts shares and clicks over this many days. */
  reason_window_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** One person's advocacy score, written by the scoring job (app/modules/scoring). */
export interface AdvocacyScoresTable {
  user_id: string;
  /** −100…100. */
  score: number;
  segment: AdvocacySegment;
  /** The reason's main clause (app/modules/scoring/reason.ts), put into words where shown. */
  reason_code: string;
  /** Parse with its zod schema (reason.ts). */
  reason_values: Json;
  /** What the score was made of (formula.ts ScoreInputs), for HR and for debugging. */
  inputs: Json;
  computed_at: Timestamp;
}

/** The routing ledger: (person, route) happens once. */
export interface AdvocacyRoutesTable {
  user_id: string;
  route: AdvocacyRoute;
  /** The score when it was routed. */
  score: number;
  email_id: string | null;
  task_id: string | null;
  routed_at: CreatedAt;
}

export type PulseDeliveryStatus = "pending" | "queued" | "skipped";
export type PulseSkipReason = "consentWithdrawn" | "suppressed" | "pulseClosed";

/**
 * A pulse's recipients, snapshotted when it is sent; a row is claimed (pending → queued) in the
 * transaction that queues its email, so each person is mailed exactly once (2026-12-08T1100).
 */
export interface PulseDeliveriesTable {
  pulse_id: string;
  user_id: string;
  /** The personal address as it was at the snapshot. */
  email: string;
  locale: Locale;
  status: ColumnType<PulseDeliveryStatus, PulseDeliveryStatus | undefined, PulseDeliveryStatus>;
  skip_reason: PulseSkipReason | null;
  email_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A `numeric` column: read as a string (exact decimal), written as a number or a string. */
type Numeric = ColumnType<string, number | string, number | string>;

/** Confidential eNPS per survey × month × department × departure type (docs/decisions/026). */
export interface EnpsRollupsTable {
  survey_id: string;
  /** "YYYY-MM-01", the responses' period_month. */
  month: DateString;
  department_id: string | null;
  departure_type: DepartureType | null;
  responses: number;
  /** Responses with an eNPS answer. */
  scored: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** How many gave each score, index = score 0–10. */
  histogram: number[];
}

/** eNPS of one released anonymous block (docs/decisions/008 and 026). */
export interface AnonymousBlockEnpsTable {
  block_id: string;
  responses: number;
  scored: number;
  promoters: number;
  passives: number;
  detractors: number;
  histogram: number[];
}

/** The sentiment of one free-text answer of a confidential response. */
export interface CommentScoresTable {
  response_id: string;
  question_id: string;
  /** In [−1, 1], four decimals. */
  score: Numeric;
  label: "negative" | "neutral" | "positive";
  lang: string;
  themes: string[];
}

/**
 * The sentiment of one free-text answer of a released anonymous response, scored at the release:
 * its block and question only, never the response's id (docs/decisions/008).
 */
export interface AnonymousCommentScoresTable {
  id: Generated<string>;
  block_id: string;
  question_id: string;
  score: Numeric;
  label: "negative" | "neutral" | "positive";
  lang: string;
  themes: string[];
}

/** Confidential comments per theme, on the eNPS rollups' key. */
export interface ThemeRollupsTable {
  survey_id: string;
  month: DateString;
  department_id: string | null;
  departure_type: DepartureType | null;
  theme: string;
  comments: number;
  sentiment_sum: Numeric;
  negative: number;
  neutral: number;
  positive: number;
}

/** Anonymous comments per theme of one released block (questions asked of the whole block only). */
export interface AnonymousBlockThemesTable {
  block_id: string;
  theme: string;
  comments: number;
  sentiment_sum: Numeric;
  negative: number;
  neutral: number;
  positive: number;
}

export type OpeningStatus = "open" | "closed";

/** A role HR posts for alumni (issue 14, ADR 034). */
export interface OpeningsTable {
  id: Generated<string>;
  title_en: string;
  /** Empty when HR wrote no French title: English is shown instead. */
  title_fr: ColumnType<string, string | undefined, string>;
  department_id: string | null;
  location: string;
  /** https only: where a candidate applies. */
  external_url: string;
  description_en: ColumnType<string, string | undefined, string>;
  description_fr: ColumnType<string, string | undefined, string>;
  status: ColumnType<OpeningStatus, OpeningStatus | undefined, OpeningStatus>;
  closed_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A person who said they would consider coming back; withdrawing deletes the row. */
export interface BoomerangInterestTable {
  user_id: string;
  since: CreatedAt;
  /** At most 500 characters, for HR. */
  note: string | null;
}

/** The openings an issue's "Open roles" section carries, in order. */
export interface NewsletterIssueOpeningsTable {
  issue_id: string;
  opening_id: string;
  position: number;
}

export type ErasureReason = "self" | "hr" | "retention";
export type ErasureStatus = "pending" | "running" | "done";

/** A request to erase a person (docs/decisions/030): ids, times and counts, never personal data. */
export interface PrivacyErasureRequestsTable {
  id: Generated<string>;
  user_id: string;
  requested_by: string | null;
  reason: ErasureReason;
  status: ColumnType<ErasureStatus, ErasureStatus | undefined, ErasureStatus>;
  requested_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** Rows changed per registry entry key. */
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  error: string | null;
}

/** An erased person's address on the suppression list: its keyed hash only (app/modules/email/suppressed-addresses.server.ts). */
export interface SuppressedAddressHashesTable {
  hash: string;
  reason: ColumnType<"erased", "erased" | undefined, "erased">;
  created_at: CreatedAt;
}

/** HR's retention periods, in days (docs/decisions/031): one row, id = true. */
export interface PrivacySettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  leaver_erasure_days: ColumnType<number, number | undefined, number>;
  click_ip_days: ColumnType<number, number | undefined, number>;
  import_file_days: ColumnType<number, number | undefined, number>;
  export_archive_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export type DataExportStatus = "pending" | "ready" | "failed";

/** A "Download my data" request and, until it expires, its ZIP archive. */
export interface DataExportsTable {
  id: Generated<string>;
  user_id: string;
  status: ColumnType<DataExportStatus, DataExportStatus | undefined, DataExportStatus>;
  requested_at: CreatedAt;
  ready_at: Date | null;
  expires_at: Date | null;
  /** bytea: a Buffer from node-postgres, a Uint8Array from PGlite. */
  archive: Uint8Array | null;
  archive_bytes: number | null;
  failure_code: string | null;
}

/** The leavers the retention job asked to erase (once each). */
export interface RetentionErasuresTable {
  user_id: string;
  requested_at: CreatedAt;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed" | "cancelled";
export type WebhookAttemptTrigger = "scheduled" | "resend";

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  event_types: string[];
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** The signing secret sealed with a key derived from APP_SECRET (docs/decisions/035); never the secret itself. */
  sealed_secret: string;
  secret_rotated_at: ColumnType<Date, Date | undefined, Date>;
  failing_since: Date | null;
  last_success_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookEventsTable {
  id: Generated<string>;
  type: string;
  version: number;
  data: ColumnType<unknown, string, string>;
  occurred_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempt_count: ColumnType<number, number | undefined, number>;
  retry_step: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date | null;
  leased_until: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  created_at: CreatedAt;
}

export interface WebhookAttemptsTable {
  id: ColumnType<string, never, never>;
  delivery_id: string;
  attempted_at: Date;
  trigger: WebhookAttemptTrigger;
  succeeded: boolean;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error_code: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
  emails: EmailsTable;
  rate_limits: RateLimitsTable;
  sign_in_delays: SignInDelaysTable;
  demo_seed: DemoSeedTable;
  departments: DepartmentsTable;
  departure_reasons: DepartureReasonsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  company_holidays: CompanyHolidaysTable;
  departures: DeparturesTable;
  checklist_templates: ChecklistTemplatesTable;
  checklist_template_tasks: ChecklistTemplateTasksTable;
  departure_tasks: DepartureTasksTable;
  task_digests: TaskDigestsTable;
  api_tokens: ApiTokensTable;
  csv_imports: CsvImportsTable;
  csv_import_rejections: CsvImportRejectionsTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  exit_invitations: ExitInvitationsTable;
  exit_links: ExitLinksTable;
  exit_response_drafts: ExitResponseDraftsTable;
  survey_responses: SurveyResponsesTable;
  anonymity_settings: AnonymitySettingsTable;
  departure_date_settings: DepartureDateSettingsTable;
  anonymous_pool: AnonymousPoolTable;
  anonymous_releases: AnonymousReleasesTable;
  anonymous_blocks: AnonymousBlocksTable;
  anonymous_responses: AnonymousResponsesTable;
  alumni_profiles: AlumniProfilesTable;
  email_confirmations: EmailConfirmationsTable;
  consent_events: ConsentEventsTable;
  feed_sources: FeedSourcesTable;
  feed_items: FeedItemsTable;
  feed_item_share_texts: FeedItemShareTextsTable;
  feed_settings: FeedSettingsTable;
  tracked_links: TrackedLinksTable;
  link_clicks: LinkClicksTable;
  share_intents: ShareIntentsTable;
  newsletter_issues: NewsletterIssuesTable;
  newsletter_issue_texts: NewsletterIssueTextsTable;
  newsletter_sections: NewsletterSectionsTable;
  newsletter_section_items: NewsletterSectionItemsTable;
  newsletter_batches: NewsletterBatchesTable;
  newsletter_recipients: NewsletterRecipientsTable;
  email_suppressions: EmailSuppressionsTable;
  provider_rate_limits: ProviderRateLimitsTable;
  resend_webhook_events: ResendWebhookEventsTable;
  pulses: PulsesTable;
  pulse_answers: PulseAnswersTable;
  scoring_settings: ScoringSettingsTable;
  advocacy_scores: AdvocacyScoresTable;
  advocacy_routes: AdvocacyRoutesTable;
  pulse_deliveries: PulseDeliveriesTable;
  enps_rollups: EnpsRollupsTable;
  anonymous_block_enps: AnonymousBlockEnpsTable;
  comment_scores: CommentScoresTable;
  anonymous_comment_scores: AnonymousCommentScoresTable;
  theme_rollups: ThemeRollupsTable;
  anonymous_block_themes: AnonymousBlockThemesTable;
  openings: OpeningsTable;
  boomerang_interest: BoomerangInterestTable;
  newsletter_issue_openings: NewsletterIssueOpeningsTable;
  privacy_erasure_requests: PrivacyErasureRequestsTable;
  suppressed_address_hashes: SuppressedAddressHashesTable;
  privacy_settings: PrivacySettingsTable;
  data_exports: DataExportsTable;
  retention_erasures: RetentionErasuresTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Email = Selectable<EmailsTable>;
export type FeedSource = Selectable<FeedSourcesTable>;
export type FeedItem = Selectable<FeedItemsTable>;

export type Department = Selectable<DepartmentsTable>;
export type Departure = Selectable<DeparturesTable>;
export type DepartureTask = Selectable<DepartureTasksTable>;
export type ChecklistTemplate = Selectable<ChecklistTemplatesTable>;
export type ChecklistTemplateTask = Selectable<ChecklistTemplateTasksTable>;
