import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Role } from "~/modules/auth/users.server";
import { loader as adminHome } from "~/routes/admin._index";
import { loader as alumniHome } from "~/routes/alumni._index/route";
import { loader as exitHome } from "~/routes/exit._index";
import { loader as tasksHome } from "~/routes/tasks._index/route";
import { loader as notFound } from "~/routes/$";
import type { EmailStatus } from "../../../db/schema";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { getAdminOverview } from "~/modules/admin/overview.server";
import { addTask, createUser, installOffboardingDefaults, makeBareDeparture, signIn } from "../../factories";

useTestDatabase();

/**
 * `alsoFor`: other roles that may open the page (HR admins in a team work from the task inbox too;
 * staff who leave answer their own exit survey, see ADR 008).
 */
const HOMES: Array<{ path: string; role: Role; loader: (args: LoaderFunctionArgs) => unknown; alsoFor?: Role[] }> = [
  { path: "/admin", role: "hr_admin", loader: adminHome },
  { path: "/tasks", role: "task_owner", loader: tasksHome, alsoFor: ["hr_admin"] },
  { path: "/exit", role: "leaver", loader: exitHome, alsoFor: ["task_owner", "hr_admin"] },
  { path: "/alumni", role: "alumnus", loader: alumniHome, alsoFor: ["hr_admin", "task_owner"] },
];

const DAY = 24 * 60 * 60 * 1000;

async function insertEmail(status: EmailStatus, createdAt: Date) {
  await testDb()
    .insertInto("emails")
    .values({
      template: "test",
      locale: "en",
      to_address: "someone@example.test",
      from_address: "portal@example.test",
      subject: "Subject",
      html: "<p>Body</p>",
      text: "Body",
      status,
      created_at: createdAt,
    })
    .execute();
}

describe("role home pages", () => {
  for (const home of HOMES) {
    it(`opens ${home.path} for a ${home.role}`, async () => {
      const cookie = await signIn(await createUser({ role: home.role }));
      const response = await callLoader(home.loader, buildRequest(home.path, { cookie }));
      expect(response.status).toBe(200);
    });

    it(`refuses ${home.path} with 403 to every other role${home.alsoFor ? ` but ${home.alsoFor.join(", ")}` : ""}`, async () => {
      for (const other of HOMES.filter((h) => h.role !== home.role && !home.alsoFor?.includes(h.role))) {
        const cookie = await signIn(await createUser({ role: other.role }));
        const response = await callLoader(home.loader, buildRequest(home.path, { cookie }));
        expect(response.status, `${other.role} on ${home.path}`).toBe(403);
      }
    });

    it(`sends an anonymous visitor of ${home.path} to sign in, and back afterwards`, async () => {
      const response = await callLoader(home.loader, buildRequest(home.path));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(home.path)}`);
    });
  }

  it("greets the leaver and the alumnus by name and names the company", async () => {
    const leaver = await createUser({ role: "leaver", name: "Sam Leclerc" });
    const leaverPage = await callLoader(exitHome, buildRequest("/exit", { cookie: await signIn(leaver) }));
    expect(await leaverPage.json()).toMatchObject({ name: "Sam Leclerc", companyName: expect.any(String) });

    const alumnus = await createUser({ role: "alumnus", name: "Alex Martin" });
    const alumnusPage = await callLoader(alumniHome, buildRequest("/alumni", { cookie: await signIn(alumnus) }));
    expect(await alumnusPage.json()).toMatchObject({ name: "Alex Martin" });
  });
});

describe("the HR home's counts", () => {
  it("counts accounts by role, whatever their status", async () => {
    const admin = await createUser({ role: "hr_admin", name: "Hana Reyes" });
    await createUser({ role: "task_owner" });
    await createUser({ role: "task_owner", status: "invited" });
    await createUser({ role: "alumnus" });
    await createUser({ role: "alumnus" });
    await createUser({ role: "alumnus", status: "disabled" });

    const response = await callLoader(adminHome, buildRequest("/admin", { cookie: await signIn(admin) }));
    const { name, overview } = await loaderData<typeof adminHome>(response);

    expect(name).toBe("Hana Reyes");
    expect(overview.peopleByRole).toEqual({ hr_admin: 1, task_owner: 2, leaver: 0, alumnus: 3 });
    expect(overview.totalPeople).toBe(6);
  });

  it("counts the emails of the last 7 days and those among them that failed", async () => {
    const admin = await createUser({ role: "hr_admin" });
    const now = Date.now();
    await insertEmail("captured", new Date(now - 1 * DAY));
    await insertEmail("sent", new Date(now - 6 * DAY));
    await insertEmail("queued", new Date(now - 60_000));
    await insertEmail("failed", new Date(now - 2 * DAY));
    await insertEmail("failed", new Date(now - 3 * DAY));
    // Older than the window: not counted.
    await insertEmail("captured", new Date(now - 8 * DAY));
    await insertEmail("failed", new Date(now - 30 * DAY));

    const response = await callLoader(adminHome, buildRequest("/admin", { cookie: await signIn(admin) }));
    const { overview } = await loaderData<typeof adminHome>(response);

    expect(overview).toMatchObject({ emailWindowDays: 7, emailsInWindow: 5, failedEmailsInWindow: 2 });
  });

  it("counts departures in progress, last days in the next 14 days, and overdue tasks of departures not cancelled", async () => {
    await installOffboardingDefaults();
    const today = "2026-12-07";
    const departure = async (lastDay: string, status: "planned" | "in_progress" | "completed" | "cancelled") => {
      const made = await makeBareDeparture({ noticeDate: "2026-11-20", lastDay });
      await testDb().updateTable("departures").set({ status }).where("id", "=", made.id).execute();
      return made;
    };
    const leavingSoon = await departure("2026-12-10", "in_progress");
    await departure("2026-12-21", "planned"); // the 14th day: still soon
    await departure("2026-12-22", "planned"); // the 15th: not yet
    await departure("2026-12-09", "completed"); // done already: not "soon"
    const cancelled = await departure("2026-12-08", "cancelled");
    await addTask(leavingSoon.id, { dueDate: "2026-12-06" }); // overdue
    await addTask(leavingSoon.id, { dueDate: "2026-12-06", status: "done" });
    await addTask(leavingSoon.id, { dueDate: today }); // due today: not overdue yet
    await addTask(cancelled.id, { dueDate: "2026-12-01" }); // a cancelled departure's task

    const overview = await getAdminOverview(testDb(), new Date(), today);

    expect(overview.departures).toEqual({ total: 5, inProgress: 1, lastDaysSoon: 2, overdueTasks: 1 });
  });

  it("shows zeros, not errors, on an empty portal", async () => {
    const admin = await createUser({ role: "hr_admin" });
    const response = await callLoader(adminHome, buildRequest("/admin", { cookie: await signIn(admin) }));
    const { overview } = await loaderData<typeof adminHome>(response);
    expect(overview).toMatchObject({
      peopleByRole: { hr_admin: 1, task_owner: 0, leaver: 0, alumnus: 0 },
      emailsInWindow: 0,
      failedEmailsInWindow: 0,
      departures: { total: 0, inProgress: 0, lastDaysSoon: 0, overdueTasks: 0 },
    });
  });
});

describe("an unknown address", () => {
  it("answers 404", async () => {
    const response = await callLoader(notFound, buildRequest("/no/such/page"), { "*": "no/such/page" });
    expect(response.status).toBe(404);
  });
});
