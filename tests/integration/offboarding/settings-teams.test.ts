import enFailures from "~/locales/en/failures.json";
import * as teamsRoute from "~/routes/admin.settings.teams._index";
import * as teamRoute from "~/routes/admin.settings.teams.$teamId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn, teamId } from "../../factories";

useTestDatabase();

let cookie: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  cookie = await signIn(await createUser({ role: "hr_admin" }));
});

type Reply = { result: { error?: Record<string, string[]> } };
async function errorsOf(response: Response) {
  return ((await response.json()) as Reply).result.error ?? {};
}
async function auditActions() {
  return (await testDb().selectFrom("audit_log").select("action").orderBy("created_at").execute()).map((row) => row.action);
}
function postTeam(id: string, form: Record<string, string>) {
  return callAction(teamRoute.action, buildRequest(`/admin/settings/teams/${id}`, { form, cookie }), { teamId: id });
}
async function memberIds(id: string) {
  return (await testDb().selectFrom("team_members").select("user_id").where("team_id", "=", id).execute()).map((row) => row.user_id);
}

describe("teams", () => {
  it("lists every team with its members in one page", async () => {
    const it = await teamId("IT");
    const ada = await createUser({ role: "task_owner", name: "Ada" });
    await testDb().insertInto("team_members").values({ team_id: it, user_id: ada.id }).execute();
    const response = await callLoader(teamsRoute.loader, buildRequest("/admin/settings/teams", { cookie }));
    const { teams } = (await response.json()) as { teams: { name: string; members: { name: string }[]; template_task_count: number }[] };
    expect(teams.map((t) => t.name)).toEqual(["Facilities", "IT", "Payroll", "People team"]);
    expect(teams.find((t) => t.name === "IT")).toMatchObject({ members: [{ name: "Ada" }], template_task_count: 6 });
  });

  it("creates a team and refuses a name already taken, whatever its case", async () => {
    const response = await callAction(teamsRoute.action, buildRequest("/admin/settings/teams", { form: { name: "Security" }, cookie }));
    expect(response.status).toBe(302);
    const security = await teamId("Security");
    expect(response.headers.get("Location")).toBe(`/admin/settings/teams/${security}?notice=created`);
    const again = await callAction(teamsRoute.action, buildRequest("/admin/settings/teams", { form: { name: "security" }, cookie }));
    expect(again.status).toBe(400);
    expect((await errorsOf(again)).name).toEqual(["There is already a team called “security”."]);
    const empty = await callAction(teamsRoute.action, buildRequest("/admin/settings/teams", { form: { name: "" }, cookie }));
    expect((await errorsOf(empty)).name).toEqual(["Enter the team's name."]);
  });

  it("renames a team", async () => {
    const payroll = await teamId("Payroll");
    expect((await postTeam(payroll, { intent: "rename", name: "Payroll & benefits" })).status).toBe(302);
    expect(await teamId("Payroll & benefits")).toBe(payroll);
    const clash = await postTeam(payroll, { intent: "rename", name: "it" });
    expect(clash.status).toBe(400);
    expect(await auditActions()).toEqual(["team.renamed"]);
  });

  it("adds task owners and HR admins as members, and removes them", async () => {
    const facilities = await teamId("Facilities");
    const owner = await createUser({ role: "task_owner" });
    const hr = await createUser({ role: "hr_admin" });
    expect((await postTeam(facilities, { intent: "add-member", userId: owner.id })).headers.get("Location")).toMatch(/notice=memberAdded$/);
    await postTeam(facilities, { intent: "add-member", userId: hr.id });
    await postTeam(facilities, { intent: "add-member", userId: hr.id });
    expect((await memberIds(facilities)).sort()).toEqual([owner.id, hr.id].sort());
    expect((await postTeam(facilities, { intent: "remove-member", userId: owner.id })).headers.get("Location")).toMatch(/notice=memberRemoved$/);
    expect(await memberIds(facilities)).toEqual([hr.id]);
    expect(await auditActions()).toEqual(["team.member_added", "team.member_added", "team.member_removed"]);
  });

  it("offers only staff who are not members yet", async () => {
    const facilities = await teamId("Facilities");
    const member = await createUser({ role: "task_owner" });
    const candidate = await createUser({ role: "task_owner" });
    await createUser({ role: "leaver" });
    await createUser({ role: "task_owner", status: "disabled" });
    await testDb().insertInto("team_members").values({ team_id: facilities, user_id: member.id }).execute();
    const response = await callLoader(teamRoute.loader, buildRequest(`/admin/settings/teams/${facilities}`, { cookie }), { teamId: facilities });
    const { candidates } = (await response.json()) as { candidates: { id: string; role: string }[] };
    expect(candidates.map((c) => c.id)).toContain(candidate.id);
    expect(candidates.map((c) => c.id)).not.toContain(member.id);
    expect(candidates.every((c) => c.role === "task_owner" || c.role === "hr_admin")).toBe(true);
    expect(candidates).toHaveLength(2);
  });

  it("refuses a leaver, an alumnus or a disabled account as a member", async () => {
    const it = await teamId("IT");
    for (const user of [await createUser({ role: "leaver" }), await createUser({ role: "alumnus" }), await createUser({ role: "task_owner", status: "disabled" })]) {
      const response = await postTeam(it, { intent: "add-member", userId: user.id });
      expect(response.status).toBe(400);
      expect((await errorsOf(response)).userId).toEqual([enFailures.team.memberInvalid]);
    }
    expect(await memberIds(it)).toEqual([]);
  });

  it("deletes a team that owns no work", async () => {
    const created = await callAction(teamsRoute.action, buildRequest("/admin/settings/teams", { form: { name: "Legal" }, cookie }));
    expect(created.status).toBe(302);
    const legal = await teamId("Legal");
    const response = await postTeam(legal, { intent: "delete" });
    expect(response.headers.get("Location")).toBe("/admin/settings/teams?notice=deleted");
    expect(await testDb().selectFrom("teams").select("id").where("id", "=", legal).execute()).toEqual([]);
    expect(await auditActions()).toEqual(["team.created", "team.deleted"]);
  });

  it("refuses to delete a team that owns template tasks or open departure tasks", async () => {
    const payroll = await teamId("Payroll");
    const templateOwned = await postTeam(payroll, { intent: "delete" });
    expect(templateOwned.status).toBe(400);
    expect((await errorsOf(templateOwned))[""]).toEqual([
      "Payroll cannot be deleted while it owns work: 3 template tasks. Give that work to another owner first.",
    ]);

    // Only open departure tasks left: the template tasks move to another team.
    const { tasks } = await makeDeparture();
    await testDb().updateTable("checklist_template_tasks").set({ owner_team_id: await teamId("IT") }).where("owner_team_id", "=", payroll).execute();
    const openOwned = await postTeam(payroll, { intent: "delete" });
    expect(openOwned.status).toBe(400);
    expect((await errorsOf(openOwned))[""]?.[0]).toMatch(/3 open tasks/);

    // Once those tasks are done, the team can go.
    await testDb()
      .updateTable("departure_tasks")
      .set({ status: "done" })
      .where("id", "in", tasks.map((t) => t.id))
      .execute();
    expect((await postTeam(payroll, { intent: "delete" })).status).toBe(302);
  });

  it("answers 404 for a team that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await postTeam(missing, { intent: "rename", name: "Ghosts" })).status).toBe(404);
    expect((await callLoader(teamRoute.loader, buildRequest(`/admin/settings/teams/${missing}`, { cookie }), { teamId: missing })).status).toBe(404);
    expect((await callLoader(teamRoute.loader, buildRequest("/admin/settings/teams/x", { cookie }), { teamId: "x" })).status).toBe(404);
  });
});
