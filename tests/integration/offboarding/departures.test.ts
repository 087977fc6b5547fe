import { translator } from "~/modules/i18n/translator";
import {
  createDepartureCache,
  createDepartureIn,
  createDeparturesIn,
  updateDeparture,
} from "~/modules/offboarding/departures.server";
import { failureText } from "~/modules/i18n/failure-text";
import { DomainFailure } from "~/utils/failures";

/** The refusal a promise ends with, for its codes and their messages. */
async function refusalOf(promise: Promise<unknown>): Promise<DomainFailure> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainFailure);
  return error as DomainFailure;
}
import { departureInputSchema, taskDefinitionSchema } from "~/modules/offboarding/schemas";
import { testDb, useTestDatabase } from "../../support/database";
import { createUser, installOffboardingDefaults, makeDeparture } from "../../factories";

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

describe("recording a departure", () => {
  it("creates the leaver's account and expands every matching template into dated tasks", async () => {
    const { departure, tasks, created } = await makeDeparture({ employeeEmail: "sam@example.com", type: "voluntary" });
    expect(created).toBe(true);
    // No termination date given: none is stored, and it is the last day (it moves with it).
    expect(departure).toMatchObject({ status: "planned", notice_date: "2026-12-01", last_day: "2026-12-18", termination_date: null });
    const leaver = await testDb().selectFrom("users").selectAll().where("id", "=", departure.leaver_user_id).executeTakeFirstOrThrow();
    expect(leaver).toMatchObject({ email: "sam@example.com", role: "leaver" });
    // All five default templates apply to a voluntary departure: 4 + 3 + 3 + 2 + 2 tasks.
    expect(tasks).toHaveLength(14);
    const disable = tasks.find((t) => t.title_en === "Disable accounts and revoke tokens");
    expect(disable).toMatchObject({ due_date: "2026-12-18", status: "open", category: "access" });
    // Copied in both languages, so that each owner reads the task in theirs.
    expect(disable).toMatchObject({
      title_fr: "Désactiver les comptes et révoquer les jetons",
      description_en: "Disable SSO, revoke API tokens and active sessions, remove from groups.",
      description_fr: "Désactiver le SSO, révoquer les jetons d’API et les sessions actives, retirer des groupes.",
    });
    const instructions = tasks.find((t) => t.title_en === "Send equipment return instructions");
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
    expect(tasks.find((t) => t.title_en === "Send equipment return instructions")?.due_date).toBe("2026-12-04");
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
    const refused = await refusalOf(makeDeparture({ employeeEmail: "dup@example.com", externalId: "HR-2" }));
    expect(refused).toMatchObject({
      kind: "conflict",
      failures: [{ code: "departure.duplicatePersonLastDay", field: "externalId", values: { lastDay: { day: "2026-12-18" } } }],
    });
    expect(failureText(refused.failures[0]!, "en")).toContain("with the last working day Dec 18, 2026 already exists under another externalId");
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
    const refused = await refusalOf(makeDeparture({ reasonCode: "bored" }));
    expect(refused).toMatchObject({
      kind: "invalid",
      failures: [{ code: "departure.reasonUnknown", field: "reasonCode", values: { value: "bored", codes: expect.stringMatching(/^career_growth, compensation/) } }],
    });
    expect(failureText(refused.failures[0]!, "en")).toMatch(/^Unknown reason "bored"\. Use one of: career_growth, compensation/);
    expect(await testDb().selectFrom("departures").selectAll().execute()).toEqual([]);
    expect(await testDb().selectFrom("users").selectAll().execute()).toEqual([]);
  });

  it("tells a French reader in French that the reason is unknown", async () => {
    const refused = await refusalOf(makeDeparture({ reasonCode: "bored" }));
    expect(failureText(refused.failures[0]!, "fr")).toMatch(/^Motif inconnu «\u00a0bored\u00a0»\. Utilisez l’un de ceux-ci\u00a0: career_growth, compensation/);
  });

  it("says so when no reasons are set up at all, in the reader's language", async () => {
    await testDb().updateTable("departure_reasons").set({ active: false }).execute();
    const refused = await refusalOf(makeDeparture({ reasonCode: "bored" }));
    expect(refused.failures).toEqual([{ code: "departure.reasonNoneConfigured", field: "reasonCode", values: { value: "bored" } }]);
    expect(failureText(refused.failures[0]!, "en")).toMatch(/^Unknown reason "bored": no departure reasons are set up yet\./);
    expect(failureText(refused.failures[0]!, "fr")).toMatch(/^Motif inconnu «\u00a0bored\u00a0»\u00a0: aucun motif de départ/);
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
    const done = tasks.find((t) => t.title_en === "Schedule account deactivation for the last day")!;
    await testDb().updateTable("departure_tasks").set({ status: "done" }).where("id", "=", done.id).execute();

    const result = await updateDeparture(departure.id, { lastDay: "2026-12-23", terminationDate: "2026-12-31" }, { actorUserId: null, today: "2026-11-27" });

    const byTitle = new Map(result.tasks.map((t) => [t.title_en, t]));
    expect(byTitle.get("Disable accounts and revoke tokens")?.due_date).toBe("2026-12-23");
    expect(byTitle.get("Schedule account deactivation for the last day")?.due_date).toBe(done.due_date);
    expect(byTitle.get("Send equipment return instructions")?.due_date).toBe("2026-12-03");
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "departure.updated").executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ changes: { last_day: ["2026-12-18", "2026-12-23"], termination_date: [null, "2026-12-31"] } });
  });

  it("refuses a last day before the notice date, naming the field", async () => {
    const { departure } = await makeDeparture();
    const refused = await refusalOf(updateDeparture(departure.id, { lastDay: "2026-11-20" }, { actorUserId: null, today: "2026-11-27" }));
    expect(refused.failures).toEqual([{ code: "departure.lastDayBeforeNotice", field: "lastDay", values: { notice: { day: "2026-12-01" } } }]);
    // The date as the pages write it, in the reader's language.
    expect(failureText(refused.failures[0]!, "en")).toBe("The last working day cannot be before the notice date (Dec 1, 2026).");
  });

  it("refuses a status change that skips the departure's life, such as reopening a completed one as planned", async () => {
    const { departure } = await makeDeparture();
    await updateDeparture(departure.id, { status: "completed" }, { actorUserId: null });
    const refused = await refusalOf(updateDeparture(departure.id, { status: "planned" }, { actorUserId: null }));
    expect(refused.failures).toEqual([{ code: "departure.statusTransition", field: "status", values: { from: "completed", to: "planned" } }]);
    expect(failureText(refused.failures[0]!, "en")).toBe("A completed departure cannot become planned.");
  });
});

describe("recording departures in bulk, inside the caller's transaction", () => {
  const schema = departureInputSchema(translator("en", "offboarding"));
  const input = (overrides: Record<string, unknown>) =>
    schema.parse({ employeeName: "Sam", departmentName: "Engineering", noticeDate: "2026-12-01", lastDay: "2026-12-18", ...overrides });
  const options = { actorUserId: null, source: "csv" as const, today: "2026-11-27" };

  it("undoes everything a refused row wrote and carries on with the next one", async () => {
    const outcome = await testDb()
      .transaction()
      .execute(async (trx) => {
        // A new department is created for this row before its unknown reason refuses it.
        const refused = await createDepartureIn(trx, input({ employeeEmail: "refused@example.com", departmentName: "Quantum Research", reasonCode: "bored" }), options).catch(
          (error: unknown) => error,
        );
        const next = await createDepartureIn(trx, input({ employeeEmail: "next@example.com", externalId: "E-2" }), { ...options, returnTasks: false });
        return { refused, next };
      });

    expect(outcome.refused).toMatchObject({ kind: "invalid", code: "departure.reasonUnknown" });
    expect(outcome.next).toMatchObject({ created: true, tasks: [] });
    const departures = await testDb().selectFrom("departures").select("employee_email").execute();
    expect(departures).toEqual([{ employee_email: "next@example.com" }]);
    expect(await testDb().selectFrom("departments").select("id").where("name", "=", "Quantum Research").execute()).toEqual([]);
    expect(await testDb().selectFrom("users").select("email").where("email", "=", "refused@example.com").execute()).toEqual([]);
    // Not read back, but written all the same.
    const tasks = await testDb().selectFrom("departure_tasks").select("id").execute();
    expect(tasks).toHaveLength(14);
  });

  it("records many departures at once exactly as one by one: accounts, tasks, new departments and audit entries", async () => {
    const alumnus = await createUser({ role: "alumnus", email: "back@example.com" });
    const results = await testDb()
      .transaction()
      .execute((trx) =>
        createDeparturesIn(
          trx,
          [
            input({ employeeEmail: "one@example.com", externalId: "E-1" }),
            input({ employeeEmail: "Back@Example.com", departmentName: "Quantum Research" }),
            input({ employeeEmail: "three@example.com", type: "involuntary", reasonCode: "performance" }),
          ],
          { ...options, returnTasks: false },
        ),
      );

    // Engineering is new too: the first row creates it, the third finds it.
    expect(results?.map((r) => [r.departure.employee_email, r.created, r.departmentCreated])).toEqual([
      ["one@example.com", true, true],
      ["Back@Example.com", true, true],
      ["three@example.com", true, false],
    ]);
    expect(results![1]!.departure.leaver_user_id).toBe(alumnus.id);
    const accounts = await testDb().selectFrom("users").select(["email", "role"]).orderBy("email").execute();
    expect(accounts).toEqual([
      { email: "back@example.com", role: "leaver" },
      { email: "one@example.com", role: "leaver" },
      { email: "three@example.com", role: "leaver" },
    ]);
    const quantum = await testDb().selectFrom("departments").selectAll().where("name", "=", "Quantum Research").executeTakeFirstOrThrow();
    expect(quantum.needs_review).toBe(true);
    const taskCounts = await testDb()
      .selectFrom("departure_tasks")
      .select(["departure_id", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("departure_id")
      .execute();
    const tasksOf = (id: string) => Number(taskCounts.find((row) => row.departure_id === id)?.n ?? 0);
    expect(results!.map((r) => tasksOf(r.departure.id))).toEqual([14, 14, 12]);
    const audit = await testDb().selectFrom("audit_log").select(["subject_id", "data"]).where("action", "=", "departure.created").execute();
    expect(audit).toHaveLength(3);
    const third = audit.find((entry) => entry.subject_id === results![2]!.departure.id)!;
    expect(typeof third.data === "string" ? JSON.parse(third.data) : third.data).toEqual({ source: "csv", tasks: 12, departmentCreated: false });
  });

  it("writes nothing and answers null when any row cannot go in with the others", async () => {
    await makeDeparture({ employeeEmail: "known@example.com", externalId: "E-9" });
    const cases = [
      // refused: unknown reason (after its new department was created)
      [input({ employeeEmail: "a@example.com" }), input({ employeeEmail: "b@example.com", departmentName: "Quantum Research", reasonCode: "bored" })],
      // already recorded
      [input({ employeeEmail: "a@example.com" }), input({ employeeEmail: "known@example.com", externalId: "E-9" })],
      // one person twice
      [input({ employeeEmail: "a@example.com", lastDay: "2026-12-18" }), input({ employeeEmail: "A@example.com", lastDay: "2027-01-29" })],
    ];
    for (const inputs of cases) {
      const answer = await testDb()
        .transaction()
        .execute((trx) => createDeparturesIn(trx, inputs, options));
      expect(answer).toBeNull();
    }
    expect(await testDb().selectFrom("departures").select("employee_email").execute()).toEqual([{ employee_email: "known@example.com" }]);
    expect(await testDb().selectFrom("departments").select("id").where("name", "=", "Quantum Research").execute()).toEqual([]);
  });

  it("lets the same rows go in one by one after a refused batch, new departments included", async () => {
    const cache = createDepartureCache();
    const good = [
      input({ employeeEmail: "a@example.com", departmentName: "Quantum Research" }),
      input({ employeeEmail: "b@example.com", departmentName: "Quantum Research" }),
    ];
    const created = await testDb()
      .transaction()
      .execute(async (trx) => {
        const together = await createDeparturesIn(trx, [...good, input({ employeeEmail: "c@example.com", reasonCode: "bored" })], { ...options, cache });
        expect(together).toBeNull();
        const oneByOne = [];
        for (const row of good) oneByOne.push(await createDepartureIn(trx, row, { ...options, cache }));
        return oneByOne;
      });
    expect(created.map((r) => [r.created, r.departmentCreated])).toEqual([
      [true, true],
      [true, false],
    ]);
    expect(created[0]!.departure.department_id).toBe(created[1]!.departure.department_id);
  });

  it("answers with the existing departure when the same row comes again", async () => {
    const { departure } = await makeDeparture({ employeeEmail: "sam@example.com", externalId: "E-1" });
    const again = await testDb()
      .transaction()
      .execute((trx) => createDepartureIn(trx, input({ employeeEmail: "sam@example.com", externalId: "E-1" }), options));
    expect(again).toMatchObject({ created: false, departure: { id: departure.id } });
    expect(again.tasks).toHaveLength(14);
  });
});

describe("yes/no fields", () => {
  const departure = { employeeEmail: "sam@example.com", employeeName: "Sam", departmentName: "Sales", lastDay: "2026-12-18" };
  const task = { titleEn: "Return badge", titleFr: "Rendre le badge", category: "equipment", ownerTeamId: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", anchor: "last_day", offsetBusinessDays: 0 };

  it("accepts yes and no in either language and refuses anything else in the caller's language", () => {
    const en = departureInputSchema(translator("en", "offboarding"));
    expect(en.parse({ ...departure, regrettable: "oui", eligibleForRehire: "No" })).toMatchObject({ regrettable: true, eligibleForRehire: false });
    expect(en.safeParse({ ...departure, regrettable: "maybe" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["regrettable"], message: "Answer yes or no." }),
    ]);
    const fr = departureInputSchema(translator("fr", "offboarding"));
    expect(fr.safeParse({ ...departure, eligibleForRehire: "peut-être" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["eligibleForRehire"], message: "Répondez oui ou non." }),
    ]);
    expect(taskDefinitionSchema(translator("fr", "offboarding")).safeParse({ ...task, beforeLastDay: "parfois" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["beforeLastDay"], message: "Répondez oui ou non." }),
    ]);
  });
});
