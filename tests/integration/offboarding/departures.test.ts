import { DepartureValidationError, updateDeparture } from "~/modules/offboarding/departures.server";
import { testDb, useTestDatabase } from "../../support/database";
import { installOffboardingDefaults, makeDeparture } from "../../support/offboarding";

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

describe("recording a departure", () => {
  it("creates the leaver's account and expands every matching template into dated tasks", async () => {
    const { departure, tasks, created } = await makeDeparture({ employeeEmail: "sam@example.com", type: "voluntary" });
    expect(created).toBe(true);
    expect(departure).toMatchObject({ status: "planned", notice_date: "2026-12-01", last_day: "2026-12-18", termination_date: "2026-12-18" });
    const leaver = await testDb().selectFrom("users").selectAll().where("id", "=", departure.leaver_user_id).executeTakeFirstOrThrow();
    expect(leaver).toMatchObject({ email: "sam@example.com", role: "leaver" });
    // All five default templates apply to a voluntary departure: 4 + 3 + 3 + 2 + 2 tasks.
    expect(tasks).toHaveLength(14);
    const disable = tasks.find((t) => t.title === "Disable accounts and revoke tokens");
    expect(disable).toMatchObject({ due_date: "2026-12-18", status: "open", category: "access" });
    const instructions = tasks.find((t) => t.title === "Send equipment return instructions");
    expect(instructions?.due_date).toBe("2026-12-03");
  });

  it("leaves out templates whose conditions do not match", async () => {
    const { tasks } = await makeDeparture({ type: "involuntary" });
    expect(tasks.some((t) => t.category === "knowledge_transfer")).toBe(false);
    expect(tasks).toHaveLength(12);
  });

  it("skips company holidays when dating tasks", async () => {
    await testDb().insertInto("company_holidays").values({ day: "2026-12-03", name: "Company day" }).execute();
    const { tasks } = await makeDeparture();
    expect(tasks.find((t) => t.title === "Send equipment return instructions")?.due_date).toBe("2026-12-04");
  });

  it("returns the existing departure for the same external id and changes nothing", async () => {
    const first = await makeDeparture({ externalId: "HR-1" });
    const again = await makeDeparture({ externalId: "HR-1", lastDay: "2027-01-29" });
    expect(again.created).toBe(false);
    expect(again.departure.id).toBe(first.departure.id);
    expect(again.departure.last_day).toBe("2026-12-18");
    const count = await testDb().selectFrom("departures").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("treats the same person and last day as the same departure when there is no external id", async () => {
    const first = await makeDeparture({ employeeEmail: "twin@example.com" });
    const again = await makeDeparture({ employeeEmail: "TWIN@example.com", employeeName: "Other spelling" });
    expect(again).toMatchObject({ created: false, departure: { id: first.departure.id } });
  });

  it("refuses the same person and last day under another external id as a conflict, creating nothing", async () => {
    await makeDeparture({ employeeEmail: "dup@example.com", externalId: "HR-1" });
    await expect(makeDeparture({ employeeEmail: "dup@example.com", externalId: "HR-2" })).rejects.toMatchObject({
      name: "DepartureConflictError",
      fieldErrors: { externalId: [expect.stringContaining("already has a departure with the last working day 2026-12-18")] },
    });
    const count = await testDb().selectFrom("departures").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses text with a NUL character before it reaches the database", async () => {
    await expect(makeDeparture({ employeeName: "Bad\u0000Name" })).rejects.toThrow(/control character/);
  });

  it("creates an unknown department under the root and flags it for review", async () => {
    const { departure, departmentCreated } = await makeDeparture({ departmentName: "Quantum Research" });
    expect(departmentCreated).toBe(true);
    const department = await testDb().selectFrom("departments").selectAll().where("id", "=", departure.department_id).executeTakeFirstOrThrow();
    expect(department).toMatchObject({ name: "Quantum Research", needs_review: true });
    const again = await makeDeparture({ departmentName: "quantum research" });
    expect(again.departure.department_id).toBe(departure.department_id);
  });

  it("refuses an unknown reason and names the reasons that exist, creating nothing", async () => {
    await expect(makeDeparture({ reasonCode: "bored" })).rejects.toThrow(DepartureValidationError);
    await expect(makeDeparture({ reasonCode: "bored" })).rejects.toMatchObject({
      fieldErrors: { reasonCode: [expect.stringMatching(/^Unknown reason "bored"\. Use one of: career_growth, compensation/)] },
    });
    expect(await testDb().selectFrom("departures").selectAll().execute()).toEqual([]);
    expect(await testDb().selectFrom("users").selectAll().execute()).toEqual([]);
  });

  it("is planned until the notice date and in progress from it", async () => {
    const { departure: future } = await makeDeparture({ noticeDate: "2026-12-10", lastDay: "2027-01-15" });
    expect(future.status).toBe("planned");
    const { departure: started } = await makeDeparture({ noticeDate: "2026-11-20", lastDay: "2026-12-31" });
    expect(started.status).toBe("in_progress");
  });

  it("takes today as the notice date when none is given", async () => {
    const { departure } = await makeDeparture({ noticeDate: undefined, lastDay: "2026-12-31" });
    expect(departure).toMatchObject({ notice_date: "2026-11-27", status: "in_progress" });
  });
});

describe("changing a departure's dates", () => {
  it("re-dates open tasks and leaves done ones as they were, and writes the change to the audit log", async () => {
    const { departure, tasks } = await makeDeparture();
    const done = tasks.find((t) => t.title === "Schedule account deactivation for the last day")!;
    await testDb().updateTable("departure_tasks").set({ status: "done" }).where("id", "=", done.id).execute();

    const result = await updateDeparture(departure.id, { lastDay: "2026-12-23", terminationDate: "2026-12-31" }, { actorUserId: null });

    const byTitle = new Map(result.tasks.map((t) => [t.title, t]));
    expect(byTitle.get("Disable accounts and revoke tokens")?.due_date).toBe("2026-12-23");
    expect(byTitle.get("Schedule account deactivation for the last day")?.due_date).toBe(done.due_date);
    expect(byTitle.get("Send equipment return instructions")?.due_date).toBe("2026-12-03");
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "departure.updated").executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ changes: { last_day: ["2026-12-18", "2026-12-23"], termination_date: ["2026-12-18", "2026-12-31"] } });
  });

  it("refuses a last day before the notice date, naming the field", async () => {
    const { departure } = await makeDeparture();
    await expect(updateDeparture(departure.id, { lastDay: "2026-11-20" }, { actorUserId: null })).rejects.toMatchObject({
      fieldErrors: { lastDay: ["The last working day cannot be before the notice date (2026-12-01)."] },
    });
  });

  it("refuses a status change that skips the departure's life, such as reopening a completed one as planned", async () => {
    const { departure } = await makeDeparture();
    await updateDeparture(departure.id, { status: "completed" }, { actorUserId: null });
    await expect(updateDeparture(departure.id, { status: "planned" }, { actorUserId: null })).rejects.toMatchObject({
      fieldErrors: { status: ["A completed departure cannot become planned."] },
    });
  });
});
