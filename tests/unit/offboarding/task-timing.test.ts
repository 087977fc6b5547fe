import { digestBucketOf, endOfThisWeek, groupInbox, inboxGroupOf } from "~/modules/offboarding/task-timing";
import { hourIn } from "~/utils/calendar-days";

const TODAY = "2026-11-27"; // a Friday

describe("inbox groups relative to the company's today", () => {
  it("puts a task due before today in Overdue, today to six days ahead in This week, and the rest in Later", () => {
    expect(inboxGroupOf("2026-11-26", TODAY)).toBe("overdue");
    expect(inboxGroupOf("2025-01-01", TODAY)).toBe("overdue");
    expect(inboxGroupOf(TODAY, TODAY)).toBe("thisWeek");
    expect(inboxGroupOf("2026-11-30", TODAY)).toBe("thisWeek");
    expect(inboxGroupOf("2026-12-03", TODAY)).toBe("thisWeek");
    expect(inboxGroupOf("2026-12-04", TODAY)).toBe("later");
  });

  it("ends this week six days after today, across a month and a year boundary", () => {
    expect(endOfThisWeek(TODAY)).toBe("2026-12-03");
    expect(endOfThisWeek("2026-12-29")).toBe("2027-01-04");
  });

  it("splits a sorted list into the three groups and keeps each group's order", () => {
    const tasks = [
      { id: "a", dueDate: "2026-11-20" },
      { id: "b", dueDate: "2026-11-26" },
      { id: "c", dueDate: "2026-11-27" },
      { id: "d", dueDate: "2026-12-01" },
      { id: "e", dueDate: "2026-12-10" },
    ];
    const groups = groupInbox(tasks, TODAY);
    expect(groups.overdue.map((t) => t.id)).toEqual(["a", "b"]);
    expect(groups.thisWeek.map((t) => t.id)).toEqual(["c", "d"]);
    expect(groups.later.map((t) => t.id)).toEqual(["e"]);
  });

  it("gives three empty groups for an empty inbox", () => {
    expect(groupInbox([], TODAY)).toEqual({ overdue: [], thisWeek: [], later: [] });
  });
});

describe("what the daily digest mentions", () => {
  it("mentions a task seven days ahead, two days ahead, and every day once overdue, and nothing else", () => {
    expect(digestBucketOf("2026-12-04", TODAY)).toBe("inSevenDays");
    expect(digestBucketOf("2026-11-29", TODAY)).toBe("inTwoDays");
    expect(digestBucketOf("2026-11-26", TODAY)).toBe("overdue");
    expect(digestBucketOf("2026-10-01", TODAY)).toBe("overdue");
    expect(digestBucketOf(TODAY, TODAY)).toBeNull();
    expect(digestBucketOf("2026-11-28", TODAY)).toBeNull();
    expect(digestBucketOf("2026-12-01", TODAY)).toBeNull();
    expect(digestBucketOf("2026-12-05", TODAY)).toBeNull();
  });
});

describe("the hour on the company's clocks", () => {
  it("reads the hour of an instant in the given time zone, on a 24-hour clock", () => {
    const instant = new Date("2026-11-27T23:30:00Z");
    expect(hourIn("UTC", instant)).toBe(23);
    expect(hourIn("Europe/Paris", instant)).toBe(0);
    expect(hourIn("America/New_York", instant)).toBe(18);
    expect(hourIn("UTC", new Date("2026-11-27T00:05:00Z"))).toBe(0);
  });
});
