import { findUserById } from "~/modules/auth/users.server";
import { loader as alumniStepLoader } from "~/routes/exit.alumni";
import { action as surveyAction } from "~/routes/exit.survey.$page";
import { loader as thanksLoader } from "~/routes/exit.thanks";
import { action as loginAction } from "~/routes/login._index";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, sessionCookieFrom } from "../../support/remix";
import { draftOf, openPage, openWelcome, postPage, setUpFlow, useFlowClock } from "./flow-support";
import { createUser, makeDeparture, makeLeaver, signIn } from "../../factories";

useTestDatabase();
useFlowClock();

const PASSWORD = "correct horse battery staple";

function invitationOfDeparture(departureId: string) {
  return testDb().selectFrom("exit_invitations").select("id").where("departure_id", "=", departureId).executeTakeFirstOrThrow();
}

const STAFF_HOMES = { task_owner: "/tasks", hr_admin: "/admin" } as const;

function openStep(path: "/exit/alumni" | "/exit/thanks", cookie: string) {
  return callLoader(path === "/exit/alumni" ? alumniStepLoader : thanksLoader, buildRequest(path, { cookie }));
}

describe("who may open an exit flow", () => {
  it("refuses the flow's pages with 403 to alumni", async () => {
    await setUpFlow();
    await makeLeaver();
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    expect((await openWelcome(cookie)).status).toBe(403);
    expect((await openPage(cookie, 1)).status).toBe(403);
    const post = await callAction(surveyAction, buildRequest("/exit/survey/1", { cookie, form: { q_enps: "3", intent: "next" } }), { page: "1" });
    expect(post.status).toBe(403);
    expect((await openStep("/exit/alumni", cookie)).status).toBe(403);
    expect((await openStep("/exit/thanks", cookie)).status).toBe(403);
    expect(await testDb().selectFrom("exit_response_drafts").select("invitation_id").execute()).toEqual([]);
  });

  it("shows a staff member who is not leaving that nothing waits for them, never another person's flow", async () => {
    await setUpFlow();
    const leaver = await makeLeaver();
    await postPage(leaver.cookie, 1, { q_reasons: ["culture"], q_manager: "1", q_growth: "1" });

    for (const role of ["task_owner", "hr_admin"] as const) {
      const cookie = await signIn(await createUser({ role }));
      const welcome = await openWelcome(cookie);
      expect(welcome.status, role).toBe(200);
      expect(await welcome.json(), role).toMatchObject({ state: "none", staffHome: STAFF_HOMES[role] });
      for (const response of [
        await openPage(cookie, 1),
        await postPage(cookie, 1, { q_reasons: ["compensation"], q_manager: "5", q_growth: "5" }),
        await openStep("/exit/alumni", cookie),
        await openStep("/exit/thanks", cookie),
      ]) {
        expect(response.status, role).toBe(302);
        expect(response.headers.get("Location"), role).toBe("/exit");
      }
    }
    const drafts = await testDb().selectFrom("exit_response_drafts").select("invitation_id").execute();
    expect(drafts).toEqual([{ invitation_id: leaver.invitationId }]);
    expect(await draftOf(leaver.invitationId)).toEqual({ reasons: ["culture"], manager: 1, growth: 1 });
  });

  it("lets a task owner who is leaving sign in with their password, come back to /exit and answer their own flow only", async () => {
    await setUpFlow();
    const other = await makeLeaver();
    await postPage(other.cookie, 1, { q_reasons: ["culture"], q_manager: "1", q_growth: "1" });
    const manager = await createUser({ role: "task_owner", email: "manager@acme.test", password: PASSWORD });
    const { departure } = await makeDeparture({ employeeEmail: manager.email });
    const invitation = await invitationOfDeparture(departure.id);
    expect(departure.leaver_user_id).toBe(manager.id);

    const signedIn = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: manager.email, password: PASSWORD, redirectTo: "/exit" } }),
    );
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("Location")).toBe("/exit");
    const cookie = sessionCookieFrom(signedIn)!;

    expect(await (await openWelcome(cookie)).json()).toMatchObject({ state: "survey", staffHome: "/tasks", started: false });
    const page = (await (await openPage(cookie, 1)).json()) as { values: Record<string, unknown> };
    expect(page.values).toEqual({});
    expect((await postPage(cookie, 1, { q_reasons: ["compensation"], q_manager: "4", q_growth: "4" })).headers.get("Location")).toBe(
      "/exit/survey/2",
    );

    expect(await draftOf(invitation.id)).toEqual({ reasons: ["compensation"], manager: 4, growth: 4 });
    expect(await draftOf(other.invitationId)).toEqual({ reasons: ["culture"], manager: 1, growth: 1 });
    // Still a task owner: their role changes only if they join the alumni network (ADR 008).
    expect((await findUserById(testDb(), manager.id))?.role).toBe("task_owner");
  });

  it("sends an anonymous visitor to sign in", async () => {
    const response = await openPage("", 1);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/exit/survey/1")}`);
  });

  it("shows each leaver only their own answers, and saves a leaver's page into their own draft only", async () => {
    await setUpFlow();
    const a = await makeLeaver();
    const b = await makeLeaver();
    await postPage(a.cookie, 1, { q_reasons: ["culture"], q_manager: "1", q_growth: "1" });

    const bPage = (await (await openPage(b.cookie, 1)).json()) as { values: Record<string, unknown> };
    expect(bPage.values).toEqual({});
    // B's pages stop where B is, whatever A reached.
    expect((await openPage(b.cookie, 2)).headers.get("Location")).toBe("/exit/survey/1");

    await postPage(b.cookie, 1, { q_reasons: ["compensation"], q_manager: "5", q_growth: "5" });
    expect(await draftOf(a.invitationId)).toEqual({ reasons: ["culture"], manager: 1, growth: 1 });
    expect(await draftOf(b.invitationId)).toEqual({ reasons: ["compensation"], manager: 5, growth: 5 });
    const bAgain = (await (await openPage(b.cookie, 1)).json()) as { values: Record<string, unknown> };
    expect(bAgain.values).toEqual({ reasons: ["compensation"], manager: "5", growth: "5" });
  });

  it("ignores any invitation id slipped into the form", async () => {
    await setUpFlow();
    const a = await makeLeaver();
    const b = await makeLeaver();
    await postPage(b.cookie, 1, { q_reasons: ["culture"], q_manager: "2", q_growth: "2", invitationId: a.invitationId, invitation_id: a.invitationId });
    expect(await draftOf(a.invitationId)).toBeUndefined();
    expect(await draftOf(b.invitationId)).toMatchObject({ manager: 2 });
  });
});
