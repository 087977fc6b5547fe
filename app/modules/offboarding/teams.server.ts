import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB, isUniqueViolation } from "~/utils/db.server";
import type { Role } from "../../../db/schema";
import type { ActorOptions } from "./settings-actor";
import { TASK_OWNER_ROLES } from "./templates.server";
import { DomainFailure } from "~/utils/failures";

/**
 * Teams of task owners ("IT", "Payroll") that share an inbox: a task owned by a team is visible to
 * and can be completed by each member. A team stays while an open task or a template task names it.
 */

const LIST_LIMIT = 500;


export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface TeamEntry {
  id: string;
  name: string;
  members: TeamMember[];
  open_task_count: number;
  template_task_count: number;
}

function teamsQuery(db: DB) {
  return db
    .selectFrom("teams as team")
    .select(["team.id", "team.name"])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("team_members as m")
          .innerJoin("users as u", "u.id", "m.user_id")
          .select(["u.id", "u.name", "u.email", "u.role"])
          .whereRef("m.team_id", "=", "team.id")
          .orderBy(sql`lower(u.name)`)
          .orderBy("u.id")
          .limit(LIST_LIMIT),
      ).as("members"),
      eb
        .selectFrom("departure_tasks as dt")
        .whereRef("dt.owner_team_id", "=", "team.id")
        .where("dt.status", "=", "open")
        .select(sql<string>`count(*)`.as("n"))
        .as("open_task_count"),
      eb
        .selectFrom("checklist_template_tasks as k")
        .whereRef("k.owner_team_id", "=", "team.id")
        .select(sql<string>`count(*)`.as("n"))
        .as("template_task_count"),
    ]);
}

function toEntry(row: { id: string; name: string; members: unknown; open_task_count: string | null; template_task_count: string | null }): TeamEntry {
  return {
    id: row.id,
    name: row.name,
    members: row.members as TeamMember[],
    open_task_count: Number(row.open_task_count ?? 0),
    template_task_count: Number(row.template_task_count ?? 0),
  };
}

/** Every team with its members and what it owns (one query: members through jsonArrayFrom). */
export async function listTeams(db: DB): Promise<TeamEntry[]> {
  const rows = await teamsQuery(db).orderBy(sql`lower(team.name)`).limit(LIST_LIMIT).execute();
  return rows.map(toEntry);
}

export async function getTeam(db: DB, id: string): Promise<TeamEntry | undefined> {
  const row = await teamsQuery(db).where("team.id", "=", id).executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

/** Staff who can join a team: task owners and HR admins whose account is not disabled. */
export function listMemberCandidates(db: DB): Promise<TeamMember[]> {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "role"])
    .where("role", "in", [...TASK_OWNER_ROLES])
    .where("status", "<>", "disabled")
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .limit(LIST_LIMIT * 4)
    .execute();
}

async function lockTeam(trx: DB, id: string) {
  const team = await trx.selectFrom("teams").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!team) throw DomainFailure.notFound("common.notFound");
  return team;
}

function nameTaken(name: string): DomainFailure {
  return DomainFailure.conflict("name", "team.nameTaken", { name });
}

async function assertNameFree(trx: DB, name: string, exceptId?: string) {
  let query = trx.selectFrom("teams").select("id").where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId) query = query.where("id", "<>", exceptId);
  if (await query.executeTakeFirst()) throw nameTaken(name);
}

export async function createTeam(input: { name: string }, options: ActorOptions) {
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        await assertNameFree(trx, input.name);
        const team = await trx.insertInto("teams").values({ name: input.name }).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "team.created",
          subjectType: "team",
          subjectId: team.id,
          data: { name: team.name },
        });
        return team;
      });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function renameTeam(id: string, input: { name: string }, options: ActorOptions) {
  try {
    await getDb()
      .transaction()
      .execute(async (trx) => {
        const current = await lockTeam(trx, id);
        if (current.name === input.name) return;
        await assertNameFree(trx, input.name, id);
        await trx.updateTable("teams").set({ name: input.name }).where("id", "=", id).execute();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "team.renamed",
          subjectType: "team",
          subjectId: id,
          data: { from: current.name, to: input.name },
        });
      });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Adds a task owner or HR admin to the team; adding someone already in it changes nothing. */
export async function addTeamMember(teamId: string, input: { userId: string }, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockTeam(trx, teamId);
      const user = await trx
        .selectFrom("users")
        .select("id")
        .where("id", "=", input.userId)
        .where("role", "in", [...TASK_OWNER_ROLES])
        .where("status", "<>", "disabled")
        .executeTakeFirst();
      if (!user) throw DomainFailure.invalid("userId", "team.memberInvalid");
      const inserted = await trx
        .insertInto("team_members")
        .values({ team_id: teamId, user_id: user.id })
        .onConflict((oc) => oc.columns(["team_id", "user_id"]).doNothing())
        .returning("user_id")
        .executeTakeFirst();
      if (!inserted) return;
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "team.member_added",
        subjectType: "team",
        subjectId: teamId,
        data: { userId: user.id },
      });
    });
}

export async function removeTeamMember(teamId: string, userId: string, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockTeam(trx, teamId);
      const removed = await trx
        .deleteFrom("team_members")
        .where("team_id", "=", teamId)
        .where("user_id", "=", userId)
        .returning("user_id")
        .executeTakeFirst();
      if (!removed) throw DomainFailure.notFound("common.notFound");
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "team.member_removed",
        subjectType: "team",
        subjectId: teamId,
        data: { userId },
      });
    });
}

/**
 * Deletes a team that owns no open task and no template task: otherwise work would lose its owner.
 * Done tasks keep their history but no longer name the team.
 */
export async function deleteTeam(id: string, options: ActorOptions) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const team = await lockTeam(trx, id);
      const usage = await trx
        .selectNoFrom((eb) => [
          eb
            .selectFrom("departure_tasks")
            .select(sql<string>`count(*)`.as("n"))
            .where("owner_team_id", "=", id)
            .where("status", "=", "open")
            .as("open_tasks"),
          eb.selectFrom("checklist_template_tasks").select(sql<string>`count(*)`.as("n")).where("owner_team_id", "=", id).as("template_tasks"),
        ])
        .executeTakeFirstOrThrow();
      const openTasks = Number(usage.open_tasks);
      const templateTasks = Number(usage.template_tasks);
      if (openTasks > 0 && templateTasks > 0) throw DomainFailure.refused("team.deleteRefusedBoth", { name: team.name, openTasks, templateTasks });
      if (openTasks > 0) throw DomainFailure.refused("team.deleteRefusedOpenTasks", { name: team.name, count: openTasks });
      if (templateTasks > 0) throw DomainFailure.refused("team.deleteRefusedTemplateTasks", { name: team.name, count: templateTasks });
      await trx.deleteFrom("teams").where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "team.deleted",
        subjectType: "team",
        subjectId: id,
        data: { name: team.name },
      });
    });
}
