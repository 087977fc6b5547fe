import { dueDateFor, redateOpenTasks } from "~/modules/offboarding/task-scheduling";
import { templateMatches } from "~/modules/offboarding/template-matching";

const dates = { notice_date: "2026-12-01", last_day: "2026-12-18", termination_date: "2026-12-31" };
const none = new Set<string>();

describe("task due dates", () => {
  it("anchors each task to its own date", () => {
    expect(dueDateFor({ anchor: "notice_date", offset_business_days: 2, before_last_day: false }, dates, none)).toBe("2026-12-03");
    expect(dueDateFor({ anchor: "last_day", offset_business_days: -2, before_last_day: false }, dates, none)).toBe("2026-12-16");
    expect(dueDateFor({ anchor: "termination_date", offset_business_days: 0, before_last_day: false }, dates, none)).toBe("2026-12-31");
  });

  it("never lets a must-be-done-before-the-last-day task fall after the last day", () => {
    const shortNotice = { notice_date: "2026-12-16", last_day: "2026-12-18", termination_date: "2026-12-18" };
    expect(dueDateFor({ anchor: "notice_date", offset_business_days: 5, before_last_day: true }, shortNotice, none)).toBe("2026-12-18");
    expect(dueDateFor({ anchor: "notice_date", offset_business_days: 5, before_last_day: false }, shortNotice, none)).toBe("2026-12-23");
  });
});

describe("re-dating after a change of dates", () => {
  const tasks = [
    { id: "open-moves", status: "open" as const, due_date: "2026-12-16", anchor: "last_day" as const, offset_business_days: -2, before_last_day: false },
    { id: "open-stays", status: "open" as const, due_date: "2026-12-03", anchor: "notice_date" as const, offset_business_days: 2, before_last_day: false },
    { id: "done", status: "done" as const, due_date: "2026-12-16", anchor: "last_day" as const, offset_business_days: -2, before_last_day: false },
    { id: "skipped", status: "not_applicable" as const, due_date: "2026-12-18", anchor: "last_day" as const, offset_business_days: 0, before_last_day: false },
  ];

  it("moves open tasks anchored to a changed date and leaves done and not-applicable ones as they were", () => {
    const later = { ...dates, last_day: "2026-12-23" };
    expect(redateOpenTasks(tasks, later, none)).toEqual([{ id: "open-moves", due_date: "2026-12-21" }]);
  });

  it("moves nothing when the dates do not change", () => {
    expect(redateOpenTasks(tasks, dates, none)).toEqual([]);
  });
});

describe("template conditions", () => {
  const facts = { type: "voluntary" as const, departmentLineage: ["platform", "engineering", "root"], location: "  Paris " };
  const any = { active: true, departure_types: [], department_id: null, locations: [] };

  it("applies a template with no conditions to every departure", () => {
    expect(templateMatches(any, facts)).toBe(true);
  });

  it("never applies an inactive template", () => {
    expect(templateMatches({ ...any, active: false }, facts)).toBe(false);
  });

  it("matches the departure type when the template lists types", () => {
    expect(templateMatches({ ...any, departure_types: ["voluntary", "retirement"] }, facts)).toBe(true);
    expect(templateMatches({ ...any, departure_types: ["involuntary"] }, facts)).toBe(false);
  });

  it("covers a department's whole subtree", () => {
    expect(templateMatches({ ...any, department_id: "engineering" }, facts)).toBe(true);
    expect(templateMatches({ ...any, department_id: "sales" }, facts)).toBe(false);
  });

  it("compares locations without regard to case or spacing, and a departure with no location does not match a located template", () => {
    expect(templateMatches({ ...any, locations: ["paris", "London"] }, facts)).toBe(true);
    expect(templateMatches({ ...any, locations: ["Berlin"] }, facts)).toBe(false);
    expect(templateMatches({ ...any, locations: ["Paris"] }, { ...facts, location: null })).toBe(false);
  });

  it("requires every condition at once", () => {
    expect(templateMatches({ ...any, departure_types: ["voluntary"], department_id: "sales" }, facts)).toBe(false);
  });
});
