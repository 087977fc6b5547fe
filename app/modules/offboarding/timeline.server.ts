import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { localized } from "~/modules/i18n/localized-text";
import type { DB } from "~/utils/db.server";

/**
 * A departure's history, read from the audit log: who did what, when, and what changed.
 *
 * Every writer records departure-level and task-level events against the departure
 * (subject_type "departure", subject_id = its id), task events naming the task in their data
 * (`taskId` with `title` or `taskTitle`, and its French text in `titleFr` or `taskTitleFr` since
 * tasks have both languages): HR's changes (departures.server, departure-tasks-admin),
 * task owners' work (task-actions.server: task.completed, task.not_applicable, task.reassigned),
 * escalations (reminders.server). A task's events so survive its removal. Newest first, bounded,
 * in one query on audit_log_subject_idx joined to the actors' names.
 */

export const TIMELINE_LIMIT = 100;

export type TimelineValue = string | number | boolean | null;

export type TimelineChange = { field: string; from: TimelineValue; to: TimelineValue } | { field: string; changed: true };

/** Who acted: a person by name, or the channel a change came through when no person did. */
export type TimelineActor =
  | { kind: "user"; name: string }
  | { kind: "api" | "csv" | "seed" | "system" };

export interface TimelineEntry {
  id: string;
  action: string;
  at: Date;
  actor: TimelineActor;
  /** The channel a person acted through, when not this portal's pages (a CSV import they ran). */
  via: "api" | "csv" | null;
  /** For task entries: the task's title as recorded, in the reader's language when it was recorded in it. */
  taskTitle: string | null;
  changes: TimelineChange[];
  /** departure.updated: how many open tasks moved with the dates. */
  redatedTasks: number | null;
  /** departure.created: how many tasks the templates gave. */
  taskCount: number | null;
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).catch(null);

/** `data` is a JSON column written by several modules: read it defensively, never trust its shape. */
const auditDataSchema = z
  .object({
    source: z.string().optional().catch(undefined),
    title: z.string().optional().catch(undefined),
    titleFr: z.string().optional().catch(undefined),
    taskTitle: z.string().optional().catch(undefined),
    taskTitleFr: z.string().optional().catch(undefined),
    tasks: z.number().optional().catch(undefined),
    redatedTasks: z.number().optional().catch(undefined),
    changes: z
      .record(z.string(), z.union([z.tuple([scalar, scalar]), z.literal(true)]))
      .optional()
      .catch(undefined),
  })
  .catch({});

const CHANNELS = new Set(["api", "csv", "seed"]);

export async function listDepartureTimeline(
  db: DB,
  departureId: string,
  options: { locale: AppLocale; limit?: number },
): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.action", "a.data", "a.created_at", "a.actor_user_id", "u.name as actor_name"])
    .where("a.subject_type", "=", "departure")
    .where("a.subject_id", "=", departureId)
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(options.limit ?? TIMELINE_LIMIT)
    .execute();

  return rows.map((row) => {
    const data = auditDataSchema.parse(row.data ?? {});
    const actor: TimelineActor =
      row.actor_user_id && row.actor_name !== null
        ? { kind: "user", name: row.actor_name }
        : data.source && CHANNELS.has(data.source)
          ? { kind: data.source as "api" | "csv" | "seed" }
          : { kind: "system" };
    return {
      id: String(row.id),
      action: row.action,
      at: row.created_at,
      actor,
      via: actor.kind === "user" && (data.source === "api" || data.source === "csv") ? data.source : null,
      taskTitle: recordedTitle(data, options.locale),
      changes: Object.entries(data.changes ?? {}).map(([field, value]): TimelineChange =>
        value === true ? { field, changed: true } : { field, from: value[0], to: value[1] },
      ),
      redatedTasks: data.redatedTasks ?? null,
      taskCount: data.tasks ?? null,
    };
  });
}

/** Entries written before tasks had a French title carry the English one only: it is shown then. */
function recordedTitle(data: z.output<typeof auditDataSchema>, locale: AppLocale): string | null {
  const en = data.taskTitle ?? data.title;
  if (en === undefined) return null;
  return localized({ en, fr: data.taskTitleFr ?? data.titleFr ?? "" }, locale);
}
