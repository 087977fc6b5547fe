import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "~/utils/db.server";
import { assigneeOptionsSelection, readAssigneeOptions } from "./task-actions.server";

/**
 * What the inbox shows around the tasks, in one round trip: the person's teams (its header: "You are
 * in IT and Facilities"), who a task may be reassigned to, and the hour their reminders come at.
 * Four queries before; a query costs the server more than most of what it returns.
 */
export async function loadInboxContext(db: DB, userId: string) {
  const row = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("team_members")
          .innerJoin("teams", "teams.id", "team_members.team_id")
          .select("teams.name")
          .where("team_members.user_id", "=", userId)
          .orderBy("teams.name"),
      ).as("teams"),
      ...assigneeOptionsSelection(eb),
      eb.selectFrom("users").select(sql<number | null>`reminder_hour`.as("reminder_hour")).where("id", "=", userId).as("reminder_hour"),
    ])
    .executeTakeFirstOrThrow();
  return {
    teams: row.teams.map((team) => team.name),
    assignees: readAssigneeOptions(row),
    reminderHour: row.reminder_hour ?? null,
  };
}
