import { CompiledQuery, sql } from "kysely";
import { inboxQuery, INBOX_LIMIT, listRecentlyClosed, recentlyClosedQuery } from "~/modules/offboarding/inbox.server";
import { testDb, useTestDatabase } from "../../support/database";
import { createTeamMember, createUser, installOffboardingDefaults, makeBareDeparture, teamId } from "../../factories";

useTestDatabase();

/**
 * The inbox must not slow down as tasks accumulate: with many tasks of many owners in the table, the
 * planner reads the person's and their teams' open tasks through the two partial owner indexes
 * (departure_tasks_owner_user_open_idx, departure_tasks_owner_team_open_idx), not the whole table.
 */
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** Every node of the query's plan, flattened. */
async function planOf(query: { compile(): CompiledQuery }): Promise<PlanNode[]> {
  const compiled = query.compile();
  const result = await testDb().executeQuery<{ "QUERY PLAN": unknown }>(
    CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
  );
  const raw = result.rows[0]!["QUERY PLAN"];
  const [root] = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(root!.Plan);
  return nodes;
}

const indexesOf = (nodes: PlanNode[]) => nodes.map((node) => node["Index Name"]).filter(Boolean);
const seqScansOnTasks = (nodes: PlanNode[]) =>
  nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "departure_tasks");

describe("the inbox query plan over many tasks", () => {
  it("uses the partial owner indexes for the open inbox and the closed-task indexes for 'done recently'", async () => {
    await installOffboardingDefaults();
    const owner = await createTeamMember(["IT"]);
    const others = await Promise.all(Array.from({ length: 5 }, () => createUser({ role: "task_owner" })));
    const departure = await makeBareDeparture();
    // 60 teams, so that any one team owns a small share of the tasks.
    await sql`insert into teams (name) select 'Team ' || i from generate_series(1, 60) as i`.execute(testDb());
    const itTeam = await teamId("IT");
    const userIds = [owner.id, ...others.map((o) => o.id)];

    // 30,000 tasks: one in 12 open, spread over teams and people.
    await sql`
      insert into departure_tasks (departure_id, title_en, category, owner_user_id, owner_team_id, anchor, due_date, status, completed_at)
      select ${departure.id}, 'Task ' || i, 'access',
        case when i % 3 = 0 then (${sql.val(userIds)}::uuid[])[1 + i % ${userIds.length}] end,
        case when i % 3 <> 0 then (case when i % 61 = 0 then ${itTeam}::uuid else (select id from teams order by id offset (i % 60) limit 1) end) end,
        'last_day', date '2026-11-01' + (i % 90),
        case when i % 12 = 0 then 'open' else 'done' end,
        case when i % 12 = 0 then null else now() - (i % 60) * interval '1 day' end
      from generate_series(1, 30000) as i
    `.execute(testDb());
    await sql`analyze departure_tasks`.execute(testDb());
    await sql`analyze team_members`.execute(testDb());

    const inboxPlan = await planOf(inboxQuery(testDb(), owner.id, INBOX_LIMIT));
    expect(indexesOf(inboxPlan)).toEqual(expect.arrayContaining(["departure_tasks_owner_user_open_idx", "departure_tasks_owner_team_open_idx"]));
    expect(seqScansOnTasks(inboxPlan)).toEqual([]);

    // The query the page runs returns, and is bounded.
    const rows = await inboxQuery(testDb(), owner.id, INBOX_LIMIT).execute();
    expect(rows.length).toBeLessThanOrEqual(INBOX_LIMIT + 1);
    expect(rows.length).toBeGreaterThan(0);

    const since = new Date(Date.now() - 14 * 86_400_000);
    const closedPlan = await planOf(recentlyClosedQuery(testDb(), owner.id, { since }));
    expect(indexesOf(closedPlan)).toEqual(
      expect.arrayContaining(["departure_tasks_owner_user_closed_idx", "departure_tasks_owner_team_closed_idx"]),
    );
    expect(seqScansOnTasks(closedPlan)).toEqual([]);
    const closed = await listRecentlyClosed(testDb(), owner.id, { since, locale: "en" });
    expect(closed.length).toBeGreaterThan(0);
  });
});
