import { routeSegments } from "~/modules/scoring/routing.server";
import { runScoringTick } from "~/modules/scoring/scoring-job.server";
import { installDefaultsWithoutSurveys, makeFeedItem, makeShare } from "../../factories";
import { suppress } from "../../factories/newsletter";
import { answerPulse, leaverWithExitAnswer, makeAlumnusOf, makePulse, setConsent } from "../../factories/scoring";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const TZ = "Europe/Paris";

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

async function ambassadorEmails(userId?: string) {
  let query = testDb().selectFrom("emails").select(["id", "to_address", "locale", "subject", "text"]).where("template", "=", "ambassador-invitation");
  if (userId) query = query.where("user_id", "=", userId);
  return query.execute();
}

async function followUpTasks(departureId: string) {
  return testDb()
    .selectFrom("departure_tasks as t")
    .leftJoin("teams", "teams.id", "t.owner_team_id")
    .select(["t.id", "t.title_en", "t.description_en", "t.category", "t.status", "t.due_date", "teams.name as team"])
    .where("t.departure_id", "=", departureId)
    .where("t.template_task_id", "is", null)
    .execute();
}

/** Runs the whole tick twice in a row, then three routings at once. */
async function runRepeatedlyAndConcurrently() {
  await runScoringTick();
  await runScoringTick();
  await Promise.all([routeSegments(testDb(), { timeZone: TZ }), routeSegments(testDb(), { timeZone: TZ }), routeSegments(testDb(), { timeZone: TZ })]);
}

describe("routing by segment", () => {
  it("sends a promoter who chose invitations to share exactly one ambassador invitation, in their language, linking to the share feed", async () => {
    const person = await leaverWithExitAnswer({ enps: 10 });
    const address = await makeAlumnusOf(person, ["share_feed"]);
    await testDb().updateTable("users").set({ locale: "fr" }).where("id", "=", person.userId).execute();
    await runRepeatedlyAndConcurrently();

    const emails = await ambassadorEmails(person.userId);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to_address: address, locale: "fr" });
    expect(emails[0]!.subject).toContain("ambassadeur");
    expect(emails[0]!.text).toContain("http://localhost:3000/alumni");
    const route = await testDb().selectFrom("advocacy_routes").selectAll().where("user_id", "=", person.userId).executeTakeFirstOrThrow();
    expect(route).toMatchObject({ route: "ambassador_invitation", email_id: emails[0]!.id, task_id: null });
  });

  it("invites no promoter who did not choose, or withdrew, invitations to share, nor one whose address is suppressed, nor a leaver before they are an alumnus", async () => {
    const never = await leaverWithExitAnswer({ enps: 10 });
    await makeAlumnusOf(never, ["newsletter"]);
    const withdrew = await leaverWithExitAnswer({ enps: 10 });
    await makeAlumnusOf(withdrew, ["share_feed"]);
    await setConsent(withdrew.userId, "share_feed", false);
    const suppressed = await leaverWithExitAnswer({ enps: 10 });
    await suppress(await makeAlumnusOf(suppressed, ["share_feed"]), "hard_bounce");
    const stillLeaving = await leaverWithExitAnswer({ enps: 10 });
    await setConsent(stillLeaving.userId, "share_feed", true);
    await runRepeatedlyAndConcurrently();
    expect(await ambassadorEmails()).toHaveLength(0);

    // Choosing invitations later is enough: the next tick sends the one invitation.
    await setConsent(never.userId, "share_feed", true);
    await runScoringTick();
    expect((await ambassadorEmails()).map((email) => email.to_address)).toHaveLength(1);
    expect(await ambassadorEmails(never.userId)).toHaveLength(1);
  });

  it("never invites a promoter twice, even after they drop to passive and come back", async () => {
    const person = await leaverWithExitAnswer({ enps: 10, submittedAt: new Date(Date.now() - 3_600_000) });
    await makeAlumnusOf(person, ["share_feed"]);
    await runScoringTick();
    expect(await ambassadorEmails(person.userId)).toHaveLength(1);

    await answerPulse({ pulse: await makePulse(), userId: person.userId, enps: 7, at: new Date(Date.now() + 60_000) });
    await runScoringTick({ now: new Date(Date.now() + 120_000) });
    expect((await testDb().selectFrom("advocacy_scores").select("segment").where("user_id", "=", person.userId).executeTakeFirstOrThrow()).segment).toBe("passive");

    await answerPulse({ pulse: await makePulse(), userId: person.userId, enps: 10, at: new Date(Date.now() + 180_000) });
    await runScoringTick({ now: new Date(Date.now() + 240_000) });
    expect((await testDb().selectFrom("advocacy_scores").select("segment").where("user_id", "=", person.userId).executeTakeFirstOrThrow()).segment).toBe("promoter");
    expect(await ambassadorEmails(person.userId)).toHaveLength(1);
  });

  it("makes a detractor one follow-up task for the People team on their departure, never an invitation to share", async () => {
    const person = await leaverWithExitAnswer({ enps: 2, comment: "Toxic and underpaid" });
    await makeAlumnusOf(person, ["share_feed"]);
    const item = await makeFeedItem();
    await makeShare({ userId: person.userId, item });
    await runRepeatedlyAndConcurrently();

    const tasks = await followUpTasks(person.departureId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ team: "People team", category: "communication", status: "open" });
    // What the task says is for the whole People team: nothing of the confidential answer.
    expect(`${tasks[0]!.title_en} ${tasks[0]!.description_en}`).not.toMatch(/\b2\b|toxic|underpaid|score/i);
    expect(tasks[0]!.due_date > new Date().toISOString().slice(0, 10)).toBe(true);
    expect(await ambassadorEmails(person.userId)).toHaveLength(0);
    const routes = await testDb().selectFrom("advocacy_routes").select(["route", "task_id"]).where("user_id", "=", person.userId).execute();
    expect(routes).toEqual([{ route: "detractor_follow_up", task_id: tasks[0]!.id }]);
  });

  it("creates the People team when it is missing, once, and routes passives nowhere", async () => {
    const people = await testDb().selectFrom("teams").select("id").where("name", "=", "People team").executeTakeFirstOrThrow();
    const it = await testDb().selectFrom("teams").select("id").where("name", "=", "IT").executeTakeFirstOrThrow();
    await testDb().updateTable("checklist_template_tasks").set({ owner_team_id: it.id }).where("owner_team_id", "=", people.id).execute();
    await testDb().deleteFrom("teams").where("id", "=", people.id).execute();
    const first = await leaverWithExitAnswer({ enps: 0 });
    const second = await leaverWithExitAnswer({ enps: 1 });
    const passive = await leaverWithExitAnswer({ enps: 8 });
    await makeAlumnusOf(passive, ["share_feed"]);
    await runRepeatedlyAndConcurrently();
    expect(await testDb().selectFrom("teams").select("id").where("name", "=", "People team").execute()).toHaveLength(1);
    expect(await followUpTasks(first.departureId)).toHaveLength(1);
    expect(await followUpTasks(second.departureId)).toHaveLength(1);
    expect(await followUpTasks(passive.departureId)).toHaveLength(0);
    expect(await ambassadorEmails()).toHaveLength(0);
    expect(await testDb().selectFrom("advocacy_routes").select("user_id").where("user_id", "=", passive.userId).execute()).toEqual([]);
  });
});
