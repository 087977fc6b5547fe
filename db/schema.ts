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
  html: string;
  text: string;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
  emails: EmailsTable;
  rate_limits: RateLimitsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Email = Selectable<EmailsTable>;
