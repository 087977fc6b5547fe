import Papa from "papaparse";
import { loader as homeLoader } from "~/routes/admin._index";
import { action as detailAction, loader as detailLoader } from "~/routes/admin.departures.$departureId/route";
import { action as taskAction, loader as taskLoader } from "~/routes/admin.departures.$departureId_.tasks.$taskId";
import { loader as listLoader } from "~/routes/admin.departures._index";
import { loader as exportLoader } from "~/routes/admin.departures.export[.]csv";
import { action as newAction, loader as newLoader } from "~/routes/admin.departures.new";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { createDepartment, createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

useTestDatabase();

// The company's today for every page in this file: tasks due before it are overdue.
const TODAY = "2026-12-10";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(() => {
  vi.useRealTimers();
});

let hrCookie: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  hrCookie = await signIn(await createUser({ role: "hr_admin", name: "Hana Reyes" }));
});

async function list(query = "") {
  const response = await callLoader(listLoader, buildRequest(`/admin/departures${query}`, { cookie: hrCookie }));
  return { status: response.status, data: await loaderData<typeof listLoader>(response) };
}

async function names(query = ""): Promise<string[]> {
  const { status, data } = await list(query);
  expect(status).toBe(200);
  return data.list!.rows.map((row) => row.name);
}

async function departmentId(name: string): Promise<string> {
  return (await testDb().selectFrom("departments").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}


async function finishTasks(departureId: string, titles: string[], status: "done" | "not_applicable" = "done") {
  await testDb()
    .updateTable("departure_tasks")
    .set({ status, completed_at: new Date() })
    .where("departure_id", "=", departureId)
    .where("title_en", "in", titles)
    .execute();
}

describe("the departures list", () => {
  it("shows each departure with its department, task progress and overdue count, latest last day first", async () => {
    const { departure: early } = await makeDeparture({ employeeName: "Ada Early", lastDay: "2026-12-18" });
    await makeDeparture({ employeeName: "Bo Later", lastDay: "2027-01-29", noticeDate: "2026-12-20" });
    await finishTasks(early.id, ["Send equipment return instructions"]);
    await finishTasks(early.id, ["Agree the announcement with the leaver"], "not_applicable");

    const { status, data } = await list();
    expect(status).toBe(200);
    expect(data.list!.rows.map((row) => row.name)).toEqual(["Bo Later", "Ada Early"]);
    expect(data.list!.rows[1]).toMatchObject({
      department: "Engineering",
      type: "voluntary",
      status: "planned",
      lastDay: "2026-12-18",
      tasksTotal: 14,
      tasksFinished: 2,
      // Still open and due before 10 December: the handover plan (4 Dec).
      tasksOverdue: 1,
    });
    expect(data.list!.rows[0]).toMatchObject({ tasksTotal: 14, tasksFinished: 0, tasksOverdue: 0 });
    expect(await names("?sort=last_day_asc")).toEqual(["Ada Early", "Bo Later"]);
  });

  it("filters by one or several statuses", async () => {
    const { departure } = await makeDeparture({ employeeName: "Cancelled Carl" });
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", departure.id).execute();
    await makeDeparture({ employeeName: "Planned Pia", lastDay: "2027-01-15", noticeDate: "2026-12-15" });
    await makeDeparture({ employeeName: "Busy Bea", noticeDate: "2026-11-20", lastDay: "2026-12-31" });

    expect(await names("?status=cancelled")).toEqual(["Cancelled Carl"]);
    expect(await names("?status=planned&status=in_progress")).toEqual(["Planned Pia", "Busy Bea"]);
    // An empty value, as a GET form sends for an untouched field, is no filter.
    expect(await names("?status=&q=")).toHaveLength(3);
  });

  it("filters by department, including the departments under it", async () => {
    await makeDeparture({ employeeName: "Eng Erin", departmentName: "Engineering" });
    await makeDeparture({ employeeName: "Sales Sol", departmentName: "Sales" });
    const platform = (await createDepartment("Platform", "Engineering")).id;
    await makeDeparture({ employeeName: "Plat Pat", departmentId: platform, departmentName: undefined, lastDay: "2026-12-21" });

    const engineering = await departmentId("Engineering");
    expect(await names(`?department=${engineering}`)).toEqual(["Plat Pat", "Eng Erin"]);
    expect(await names(`?department=${platform}`)).toEqual(["Plat Pat"]);
    const { data } = await list(`?department=${platform}`);
    expect(data.list!.rows[0]!.department).toBe("Engineering / Platform");
  });

  it("filters to last days within the next N days", async () => {
    await makeDeparture({ employeeName: "Past Paul", noticeDate: "2026-11-02", lastDay: "2026-12-04" });
    await makeDeparture({ employeeName: "Soon Sue", lastDay: "2026-12-17" });
    await makeDeparture({ employeeName: "Later Lu", lastDay: "2027-02-26", noticeDate: "2026-12-20" });

    expect(await names("?upcoming=7")).toEqual(["Soon Sue"]);
    expect(await names("?upcoming=90")).toEqual(["Later Lu", "Soon Sue"]);
  });

  it("filters to departures with overdue tasks, leaving out cancelled ones", async () => {
    const { departure: late } = await makeDeparture({ employeeName: "Late Lea" });
    const { departure: cancelled } = await makeDeparture({ employeeName: "Gone Gus" });
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", cancelled.id).execute();
    const { departure: tidy } = await makeDeparture({ employeeName: "Tidy Tim" });
    await finishTasks(tidy.id, ["Send equipment return instructions", "Agree the announcement with the leaver", "Agree a handover plan with the manager"]);

    expect(await names("?overdue=1")).toEqual(["Late Lea"]);
    const { data } = await list();
    expect(data.list!.rows.find((row) => row.id === late.id)!.tasksOverdue).toBe(3);
    expect(data.list!.rows.find((row) => row.id === cancelled.id)!.tasksOverdue).toBe(0);
  });

  it("searches name, work email and external id regardless of case, taking % and _ literally", async () => {
    await makeDeparture({ employeeName: "Zoë Durand", employeeEmail: "zoe.durand@example.com" });
    await makeDeparture({ employeeName: "Max Power", employeeEmail: "max@example.com", externalId: "HR-2024_77" });
    await makeDeparture({ employeeName: "100% Sure", employeeEmail: "sure@example.com" });

    expect(await names("?q=DURAND")).toEqual(["Zoë Durand"]);
    expect(await names("?q=Zoe.Durand%40")).toEqual(["Zoë Durand"]);
    expect(await names("?q=hr-2024_7")).toEqual(["Max Power"]);
    expect(await names("?q=100%25")).toEqual(["100% Sure"]);
    expect(await names("?q=_")).toEqual(["Max Power"]);
  });

  it("pages 50 departures at a time, with the total", async () => {
    const leavers = await testDb()
      .insertInto("users")
      .values(Array.from({ length: 53 }, (_, i) => ({ email: `bulk-${i}@example.test`, name: `Bulk ${i}`, role: "leaver" as const })))
      .returning(["id", "email", "name"])
      .execute();
    const department = await departmentId("Acme Corp");
    await testDb()
      .insertInto("departures")
      .values(
        leavers.map((leaver, i) => ({
          leaver_user_id: leaver.id,
          employee_email: leaver.email,
          employee_name: leaver.name,
          department_id: department,
          notice_date: "2026-12-01",
          last_day: `2027-01-${String((i % 28) + 1).padStart(2, "0")}`,
          termination_date: "2027-01-31",
          type: "voluntary" as const,
        })),
      )
      .execute();

    const first = await list();
    expect(first.data.list).toMatchObject({ total: 53, page: 1, pageCount: 2 });
    expect(first.data.list!.rows).toHaveLength(50);
    const second = await list("?page=2");
    expect(second.data.list!.rows).toHaveLength(3);
    const seen = new Set([...first.data.list!.rows, ...second.data.list!.rows].map((row) => row.id));
    expect(seen.size).toBe(53);
  });

  it("answers 400 naming the filter when a query value is bad, never 500", async () => {
    const cases: [string, string, RegExp][] = [
      ["?status=archived", "status", /planned, in_progress, completed, cancelled/],
      ["?department=engineering", "department", /department id/],
      ["?department=6f1c0c4e-1111-4111-8111-111111111111", "department", /no department with this id/],
      ["?upcoming=soon", "upcoming", /between 1 and 365/],
      ["?upcoming=0", "upcoming", /between 1 and 365/],
      ["?upcoming=400", "upcoming", /between 1 and 365/],
      ["?overdue=maybe", "overdue", /Overdue/],
      ["?sort=name", "sort", /last_day_desc or last_day_asc/],
      ["?page=-1", "page", /whole number/],
      ["?page=abc", "page", /whole number/],
      [`?q=${"x".repeat(101)}`, "q", /at most 100 characters/],
    ];
    for (const [query, field, message] of cases) {
      const { status, data } = await list(query);
      expect(status, query).toBe(400);
      expect(data.list).toBeNull();
      expect(data.errors![field]![0], query).toMatch(message);
    }
  });

  it("explains the filters in French to a French-speaking admin", async () => {
    hrCookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { status, data } = await list("?upcoming=jamais");
    expect(status).toBe(400);
    expect(data.errors!.upcoming![0]).toMatch(/nombre entier de jours entre 1 et 365/);
  });
});

describe("the CSV export", () => {
  async function exportCsv(query = "") {
    const response = await callLoader(exportLoader, buildRequest(`/admin/departures/export.csv${query}`, { cookie: hrCookie }));
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    return { response, text, rows: Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data };
  }

  it("exports the filtered list with translated headers and codes a spreadsheet or the import can read", async () => {
    await makeDeparture({ employeeName: "Ana Export", employeeEmail: "ana@example.com", externalId: "HR-7", reasonCode: "career_growth", jobTitle: "Engineer" });
    const { departure } = await makeDeparture({ employeeName: "Not Me", departmentName: "Sales" });
    await testDb().updateTable("departures").set({ status: "cancelled" }).where("id", "=", departure.id).execute();

    const { response, text, rows } = await exportCsv("?status=planned&page=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="departures-${TODAY}.csv"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(text.startsWith("\uFEFFExternal id,Name,Work email,Department,")).toBe(true);
    // The export ignores the page: it is the whole filtered list.
    expect(rows).toEqual([
      {
        "External id": "HR-7",
        Name: "Ana Export",
        "Work email": "ana@example.com",
        Department: "Engineering",
        "Job title": "Engineer",
        Location: "",
        Type: "voluntary",
        Reason: "career_growth",
        Status: "planned",
        "Notice date": "2026-12-01",
        "Last working day": "2026-12-18",
        "Termination date": "2026-12-18",
        Tasks: "14",
        "Tasks done": "0",
        "Tasks overdue": "3",
      },
    ]);
  });

  it("prefixes cells that a spreadsheet would run as formulas with a quote", async () => {
    await makeDeparture({ employeeName: '=HYPERLINK("http://evil.example","click")', jobTitle: "+1 engineer", location: "@SUM(A1)" });
    await makeDeparture({ employeeName: "-2+3", jobTitle: "=cmd|' /C calc'!A0\nsecond line", lastDay: "2026-12-21" });
    await makeDeparture({ employeeName: "Plain Name", jobTitle: "Lead - platform", lastDay: "2026-12-22" });

    const { rows } = await exportCsv("?sort=last_day_asc");
    expect(rows.map((row) => [row.Name, row["Job title"], row.Location])).toEqual([
      ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1 engineer", "'@SUM(A1)"],
      ["'-2+3", "'=cmd|' /C calc'!A0\nsecond line", ""],
      ["Plain Name", "Lead - platform", ""],
    ]);
  });

  it("answers 400 with a plain message for a bad filter", async () => {
    const { response, text } = await exportCsv("?status=archived&upcoming=x");
    expect(response.status).toBe(400);
    expect(text).toMatch(/^status: Choose statuses among/m);
    expect(text).toMatch(/^upcoming: /m);
  });
});

describe("recording a departure from the form", () => {
  async function submit(form: Record<string, string>) {
    return callAction(newAction, buildRequest("/admin/departures/new", { cookie: hrCookie, form }));
  }

  async function validForm(overrides: Record<string, string> = {}) {
    return {
      employeeName: "Noor Haddad",
      employeeEmail: "noor@example.com",
      departmentId: await departmentId("Acme Corp"),
      jobTitle: "Designer",
      managerEmail: "",
      personalEmail: "noor@home.example",
      location: "Lyon",
      hireDate: "2021-03-01",
      noticeDate: "2026-12-01",
      lastDay: "2026-12-31",
      terminationDate: "",
      type: "voluntary",
      reasonCode: "relocation",
      regrettable: "on",
      externalId: "",
      ...overrides,
    };
  }

  it("offers the department tree and the active reasons in the admin's language", async () => {
    await createDepartment("Engineering", "Acme Corp");
    await testDb().updateTable("departure_reasons").set({ active: false }).where("code", "=", "performance").execute();
    hrCookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const response = await callLoader(newLoader, buildRequest("/admin/departures/new", { cookie: hrCookie }));
    const data = (await response.json()) as { departments: { name: string; depth: number }[]; reasons: { code: string; label: string }[] };
    expect(data.departments).toEqual([
      expect.objectContaining({ name: "Acme Corp", depth: 0 }),
      expect.objectContaining({ name: "Engineering", depth: 1 }),
    ]);
    expect(data.reasons[0]).toEqual({ code: "career_growth", label: "Évolution de carrière ailleurs" });
    expect(data.reasons.map((reason) => reason.code)).not.toContain("performance");
  });

  it("creates the departure with its tasks and opens its page", async () => {
    const response = await submit(await validForm());
    expect(response.status).toBe(302);
    const departure = await testDb().selectFrom("departures").selectAll().executeTakeFirstOrThrow();
    expect(response.headers.get("Location")).toBe(`/admin/departures/${departure.id}?notice=created`);
    expect(departure).toMatchObject({
      employee_name: "Noor Haddad",
      personal_email: "noor@home.example",
      job_title: "Designer",
      location: "Lyon",
      hire_date: "2021-03-01",
      last_day: "2026-12-31",
      // Left empty: not stored, it follows the last day.
      termination_date: null,
      regrettable: true,
      // An unticked box is a "no", not an unknown.
      eligible_for_rehire: false,
      source: "web",
    });
    const tasks = await testDb().selectFrom("departure_tasks").select("id").where("departure_id", "=", departure.id).execute();
    expect(tasks).toHaveLength(14);
    const audit = await testDb().selectFrom("audit_log").selectAll().where("action", "=", "departure.created").executeTakeFirstOrThrow();
    expect(audit.actor_user_id).not.toBeNull();
  });

  it("answers 400 with the error beside the field when the dates are out of order or not dates", async () => {
    const response = await submit(await validForm({ noticeDate: "2026-12-20", lastDay: "2026-12-10", terminationDate: "2026-12-01" }));
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.lastDay).toEqual(["The last working day cannot be before the notice date (Dec 20, 2026)."]);
    expect(result.error.terminationDate).toEqual(["The termination date cannot be before the last working day (Dec 10, 2026)."]);

    const invalid = await submit(await validForm({ lastDay: "2026-02-30", employeeEmail: "not-an-email" }));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.lastDay![0]).toBe("Enter a date as YYYY-MM-DD, for example 2026-12-31.");
    expect(body.result.error.employeeEmail).toEqual(["Enter an email address like name@example.com."]);
    expect(await testDb().selectFrom("departures").selectAll().execute()).toEqual([]);
  });

  it("says which field is missing, and refuses a department that does not exist", async () => {
    const noName = await submit(await validForm({ employeeName: "" }));
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { result: { error: Record<string, string[]> } }).result.error.employeeName).toEqual(["Enter the name."]);
    // The form shows this one beside the department select (the schema names the field departmentName).
    const noDepartment = await submit(await validForm({ departmentId: "" }));
    expect(noDepartment.status).toBe(400);
    expect(((await noDepartment.json()) as { result: { error: Record<string, string[]> } }).result.error.departmentName).toEqual([
      "Choose a department.",
    ]);

    const unknown = await submit(await validForm({ departmentId: "6f1c0c4e-1111-4111-8111-111111111111" }));
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.departmentId).toEqual(["Choose a department."]);
  });

  it("opens the existing departure with a notice when the same one is recorded again", async () => {
    const first = await submit(await validForm({ externalId: "HR-55" }));
    const again = await submit(await validForm({ externalId: "HR-55", employeeName: "Other spelling" }));
    const id = first.headers.get("Location")!.split("/")[3]!.split("?")[0];
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/admin/departures/${id}?notice=existed`);
    const rows = await testDb().selectFrom("departures").select("employee_name").execute();
    expect(rows).toEqual([{ employee_name: "Noor Haddad" }]);

    const page = await callLoader(detailLoader, buildRequest(again.headers.get("Location")!, { cookie: hrCookie }), { departureId: id! });
    expect(((await page.json()) as { notice: unknown }).notice).toEqual({ notice: "existed" });
  });
});

describe("who may open HR's departure pages", () => {
  it("refuses task owners, leavers and alumni (403) and sends anonymous visitors to sign in", async () => {
    const { departure, tasks } = await makeDeparture();
    const params = { departureId: departure.id, taskId: tasks[0]!.id };
    const pages: [string, (request: Request) => Promise<Response>][] = [
      ["/admin/departures", (request) => callLoader(listLoader, request)],
      ["/admin/departures/export.csv", (request) => callLoader(exportLoader, request)],
      ["/admin/departures/new", (request) => callLoader(newLoader, request)],
      [`/admin/departures/${departure.id}`, (request) => callLoader(detailLoader, request, params)],
      [`/admin/departures/${departure.id}/tasks/${tasks[0]!.id}`, (request) => callLoader(taskLoader, request, params)],
      ["/admin", (request) => callLoader(homeLoader, request)],
    ];
    const forms: [string, (request: Request) => Promise<Response>][] = [
      ["/admin/departures/new", (request) => callAction(newAction, request)],
      [`/admin/departures/${departure.id}`, (request) => callAction(detailAction, request, params)],
      [`/admin/departures/${departure.id}/tasks/${tasks[0]!.id}`, (request) => callAction(taskAction, request, params)],
    ];
    for (const role of ["task_owner", "leaver", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      for (const [path, call] of pages) expect((await call(buildRequest(path, { cookie }))).status, `${role} GET ${path}`).toBe(403);
      for (const [path, call] of forms) {
        const response = await call(buildRequest(path, { cookie, form: { intent: "cancel", confirm: "on" } }));
        expect(response.status, `${role} POST ${path}`).toBe(403);
      }
    }
    for (const [path, call] of [...pages, ...forms]) {
      const response = await call(buildRequest(path));
      expect(response.status, `anonymous ${path}`).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect((await testDb().selectFrom("departures").select("status").executeTakeFirstOrThrow()).status).toBe("planned");
  });
});
