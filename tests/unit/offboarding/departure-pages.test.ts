import { translator } from "~/modules/i18n/translator";
import { confirmationSchema, departureDatesFormSchema, ownerValue, taskFormSchema } from "~/modules/offboarding/departure-forms";
import { groupTasksByCategory, likePattern, parseDepartureListQuery, summariseTasks } from "~/modules/offboarding/departure-queries.server";

const td = translator("en", "departures");
const tv = translator("en", "offboarding");

describe("reading the departures list's query string", () => {
  it("takes every filter, several statuses, and defaults the order and the page", () => {
    const parsed = parseDepartureListQuery(
      new URLSearchParams("status=planned&status=in_progress&status=planned&department=6f1c0c4e-1111-4111-8111-111111111111&upcoming=14&overdue=1&q=%20Sam%20"),
      "en",
      td,
    );
    expect(parsed).toEqual({
      success: true,
      filters: {
        statuses: ["planned", "in_progress"],
        departmentId: "6f1c0c4e-1111-4111-8111-111111111111",
        upcomingDays: 14,
        overdueOnly: true,
        search: "Sam",
        sort: "last_day_desc",
        page: 1,
      },
    });
  });

  it("reads empty fields, as a GET form sends them, as no filter", () => {
    const parsed = parseDepartureListQuery(new URLSearchParams("status=&department=&upcoming=&overdue=&q=+&sort=&page="), "en", td);
    expect(parsed).toEqual({
      success: true,
      filters: { statuses: [], departmentId: undefined, upcomingDays: undefined, overdueOnly: false, search: undefined, sort: "last_day_desc", page: 1 },
    });
  });

  it("reports every bad value under the name of its parameter", () => {
    const parsed = parseDepartureListQuery(new URLSearchParams("status=gone&upcoming=1.5&page=0&sort=name"), "en", td);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["page", "sort", "status", "upcoming"]);
    expect(parsed.errors.upcoming).toEqual(["“Last day within” must be a whole number of days between 1 and 365."]);
  });

  it("turns typed % and _ into literal characters for LIKE", () => {
    expect(likePattern("50%_Off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("a departure's progress", () => {
  it("counts done and not-applicable tasks as finished and rounds the percentage down", () => {
    const progress = summariseTasks([
      { status: "done", overdue: false },
      { status: "not_applicable", overdue: false },
      { status: "open", overdue: true },
    ]);
    expect(progress).toEqual({ total: 3, done: 1, notApplicable: 1, finished: 2, open: 1, overdue: 1, percent: 66 });
    expect(summariseTasks([]).percent).toBe(0);
  });

  it("groups tasks in the fixed category order, leaving out empty categories", () => {
    const groups = groupTasksByCategory([
      { id: "a", category: "communication" as const },
      { id: "b", category: "access" as const },
      { id: "c", category: "communication" as const },
    ]);
    expect(groups.map((group) => [group.category, group.tasks.map((task) => task.id)])).toEqual([
      ["access", ["b"]],
      ["communication", ["a", "c"]],
    ]);
  });
});

describe("the departure page's forms", () => {
  it("splits the single owner choice into a person or a team", () => {
    const team = "6f1c0c4e-1111-4111-8111-111111111111";
    const base = { titleEn: "Task", titleFr: "Tâche", category: "other", anchor: "last_day", offsetBusinessDays: "2" };
    expect(taskFormSchema(tv).parse({ ...base, owner: `team:${team}` })).toMatchObject({ ownerTeamId: team, ownerUserId: undefined, offsetBusinessDays: 2 });
    expect(taskFormSchema(tv).parse({ ...base, owner: ownerValue({ kind: "user", id: team }) })).toMatchObject({ ownerUserId: team });
    const missing = taskFormSchema(tv).safeParse({ ...base, owner: "" });
    expect(missing.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["ownerUserId", "Choose a person or a team to own this task."]]);
    const forged = taskFormSchema(tv).safeParse({ ...base, owner: "team:nope" });
    expect(forged.error?.issues[0]?.path).toEqual(["ownerTeamId"]);
  });

  it("reads the dates form without its intent, as the strict update schema wants", () => {
    expect(departureDatesFormSchema(tv).parse({ intent: "update", lastDay: "2026-12-23", status: "in_progress" })).toEqual({
      lastDay: "2026-12-23",
      status: "in_progress",
    });
  });

  it("needs the confirmation box ticked", () => {
    expect(confirmationSchema("Tick it").safeParse({}).error?.issues[0]?.message).toBe("Tick it");
    expect(confirmationSchema("Tick it").parse({ confirm: "on" })).toEqual({ confirm: "on" });
  });
});
