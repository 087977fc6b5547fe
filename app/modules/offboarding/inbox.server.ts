import { sql, type Expression, type SqlBool } from "kysely";
import type { AppLocale } from "~/modules/i18n/config";
import { localized, localizedColumns } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";
import type { DateString, TaskCategory, TaskStatus } from "../../../db/schema";
import { terminationDateOf } from "./departure-dates";
import { groupInbox, type InboxGroup } from "./task-timing";
import { TASK_OWNER_ROLES } from "./templates.server";

/**
 * The task owner's inbox: open tasks owned by the person or by one of their teams, with the minimum
 * of each departure a task owner may see (the person's name, department and three dates). Ownership
 * is part of every query's `where`, so no page can forget it; the departure's other columns (type,
 * reason, emails, flags) are never selected.
 */

/**
 * Whoever may own a task has an inbox: task owners, and HR admins who are in a team (their digest
 * links here). HR sees the same minimum of each departure here as anyone; the full record is on the
 * departure pages.
 */
export const INBOX_ROLES = TASK_OWNER_ROLES;

/** The inbox shows at most this many open tasks (the oldest due first) and says when there are more. */
export const INBOX_LIMIT = 500;
export const RECENTLY_DONE_DAYS = 14;
export const RECENTLY_DONE_LIMIT = 50;

/** Departures whose tasks are still worth doing: a cancelled or completed departure leaves the inbox. */
export const ACTIVE_DEPARTURE_STATUSES = ["planned", "in_progress"] as const;

/**
 * "The task belongs to this person or to a team they are in", as SQL on `departure_tasks`. Written as
 * two index-friendly equalities (an array built once from team_members) so that PostgreSQL combines
 * the two partial owner indexes instead of scanning every open task.
 */
export function ownedBy(userId: string): Expression<SqlBool> {
  return sql<SqlBool>`(departure_tasks.owner_user_id = ${userId} or departure_tasks.owner_team_id = any(array(select team_members.team_id from team_members where team_members.user_id = ${userId})))`;
}

/**
 * The ids of the open tasks of this person or their teams, as two index probes joined by UNION ALL.
 * Written as a plain OR, the planner may prefer the due-date index and scan every open task (the
 * offboarding benchmark showed the inbox growing with the table); each branch here hits one of the
 * partial owner indexes, so the inbox costs the same with 1,000 or 100,000 tasks.
 */
function openTaskIdsOwnedBy(userId: string) {
  return sql<string>`(
    select id from departure_tasks where status = 'open' and owner_user_id = ${userId}
    union all
    select id from departure_tasks where status = 'open'
      and owner_team_id in (select team_members.team_id from team_members where team_members.user_id = ${userId})
  )`;
}

/** What a task owner may know about the departure a task belongs to. Nothing else. */
export interface InboxDeparture {
  name: string;
  department: string;
  noticeDate: DateString;
  lastDay: DateString;
  terminationDate: DateString;
}

export interface InboxTask {
  id: string;
  title: string;
  description: string;
  category: TaskCategory;
  dueDate: DateString;
  /** The team that owns the task, or null when it is the person's own. */
  teamName: string | null;
  departure: InboxDeparture;
}

export interface Inbox {
  tasks: InboxTask[];
  /** True when more than INBOX_LIMIT open tasks exist; the inbox shows the first ones by due date. */
  truncated: boolean;
}

/** The inbox query itself (exported so that a test can EXPLAIN it): one statement, bounded. */
export function inboxQuery(db: DB, userId: string, limit: number) {
  return db
    .selectFrom("departure_tasks")
    .innerJoin("departures", "departures.id", "departure_tasks.departure_id")
    .innerJoin("departments", "departments.id", "departures.department_id")
    .leftJoin("teams", "teams.id", "departure_tasks.owner_team_id")
    .select([
      "departure_tasks.id",
      "departure_tasks.title_en",
      "departure_tasks.title_fr",
      "departure_tasks.description_en",
      "departure_tasks.description_fr",
      "departure_tasks.category",
      "departure_tasks.due_date",
      "teams.name as team_name",
      "departures.employee_name",
      "departments.name as department_name",
      "departures.notice_date",
      "departures.last_day",
      "departures.termination_date",
    ])
    .where("departure_tasks.status", "=", "open")
    .where("departure_tasks.id", "in", openTaskIdsOwnedBy(userId))
    .where("departures.status", "in", [...ACTIVE_DEPARTURE_STATUSES])
    .orderBy("departure_tasks.due_date")
    .orderBy("departures.employee_name")
    .orderBy("departure_tasks.position")
    .orderBy("departure_tasks.id")
    .limit(limit + 1);
}

/** The person's open tasks, oldest due first, in their language: one query over the partial owner indexes. */
export async function listInbox(db: DB, userId: string, options: { locale: AppLocale; limit?: number }): Promise<Inbox> {
  const limit = options.limit ?? INBOX_LIMIT;
  const rows = await inboxQuery(db, userId, limit).execute();
  return {
    truncated: rows.length > limit,
    tasks: rows.slice(0, limit).map((row) => ({
      id: row.id,
      title: localized(localizedColumns(row, "title"), options.locale),
      description: localized(localizedColumns(row, "description"), options.locale),
      category: row.category,
      dueDate: row.due_date,
      teamName: row.team_name,
      departure: {
        name: row.employee_name,
        department: row.department_name,
        noticeDate: row.notice_date,
        lastDay: row.last_day,
        terminationDate: terminationDateOf(row),
      },
    })),
  };
}

export interface RecentlyClosedTask {
  id: string;
  title: string;
  status: Exclude<TaskStatus, "open">;
  closedAt: Date;
  closedByName: string | null;
  teamName: string | null;
  departureName: string;
}

/** The "done recently" query (exported so that a test can EXPLAIN it). */
export function recentlyClosedQuery(db: DB, userId: string, options: { since: Date; limit?: number }) {
  return db
    .selectFrom("departure_tasks")
    .innerJoin("departures", "departures.id", "departure_tasks.departure_id")
    .leftJoin("teams", "teams.id", "departure_tasks.owner_team_id")
    .leftJoin("users as closer", "closer.id", "departure_tasks.completed_by")
    .select([
      "departure_tasks.id",
      "departure_tasks.title_en",
      "departure_tasks.title_fr",
      "departure_tasks.status",
      "departure_tasks.completed_at",
      "closer.name as closer_name",
      "teams.name as team_name",
      "departures.employee_name",
    ])
    // `<> 'open'` (not `in (...)`) matches the predicate of the closed-task indexes exactly.
    .where("departure_tasks.status", "<>", "open")
    .where(ownedBy(userId))
    .where("departure_tasks.completed_at", ">=", options.since)
    .orderBy("departure_tasks.completed_at", "desc")
    .orderBy("departure_tasks.id")
    .limit(options.limit ?? RECENTLY_DONE_LIMIT);
}

/** Tasks of the person or their teams closed (done or not applicable) since `since`, newest first. */
export async function listRecentlyClosed(
  db: DB,
  userId: string,
  options: { since: Date; locale: AppLocale; limit?: number },
): Promise<RecentlyClosedTask[]> {
  const rows = await recentlyClosedQuery(db, userId, options).execute();
  return rows.map((row) => ({
    id: row.id,
    title: localized(localizedColumns(row, "title"), options.locale),
    status: row.status as RecentlyClosedTask["status"],
    closedAt: row.completed_at!,
    closedByName: row.closer_name,
    teamName: row.team_name,
    departureName: row.employee_name,
  }));
}

/**
 * The "later" group shows the tasks due soonest, up to this many, unless the person asks for all of
 * them: after a CSV import, weeks of upcoming work would bury the page (17,000 px for IT with the
 * demo data) under what is due now. Ten covers the next week or two of a busy team; at 25 the page
 * of IT's demo owner was 70 KB, and its markup alone cost more than the page's speed target allows
 * (docs/benchmarks.md, "Pages").
 */
export const LATER_PREVIEW = 10;

export interface InboxPage<T> {
  groups: Record<InboxGroup, T[]>;
  /** How many later tasks there are, shown or not. */
  laterTotal: number;
}

/**
 * The inbox's groups as the page shows them: every overdue and this-week task, and the later ones
 * up to LATER_PREVIEW unless `allLater`. The query stays the one bounded, indexed inboxQuery.
 */
export function inboxPage<T extends { dueDate: DateString }>(tasks: readonly T[], today: DateString, options: { allLater: boolean }): InboxPage<T> {
  const groups = groupInbox(tasks, today);
  return {
    groups: options.allLater ? groups : { ...groups, later: groups.later.slice(0, LATER_PREVIEW) },
    laterTotal: groups.later.length,
  };
}

export function recentlyClosedSince(now: Date): Date {
  return new Date(now.getTime() - RECENTLY_DONE_DAYS * 24 * 60 * 60 * 1000);
}

