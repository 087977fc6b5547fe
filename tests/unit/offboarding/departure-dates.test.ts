import { translator } from "~/modules/i18n/translator";
import { dateWindowSchema, isConfirmed, unusualDates, unusualDatesKey } from "~/modules/offboarding/date-window";
import { newDepartureFormSchema } from "~/modules/offboarding/departure-forms";
import { nonWorkingDay, terminationDateOf } from "~/modules/offboarding/departure-dates";
import { dueDateFor } from "~/modules/offboarding/task-scheduling";

const window = { pastDays: 90, futureDays: 730 };
const TODAY = "2026-12-10";

describe("the window of usual departure dates", () => {
  it("flags a date more than the window before or after today, and nothing inside it, edges included", () => {
    // 90 days before 10 Dec 2026 is 11 Sep 2026; 730 days after is 9 Dec 2028 (2028 is a leap year).
    expect(unusualDates({ noticeDate: "2026-09-11", lastDay: "2028-12-09" }, window, TODAY)).toEqual([]);
    expect(unusualDates({ noticeDate: "2026-09-10", lastDay: "2028-12-10" }, window, TODAY)).toEqual([
      { field: "noticeDate", date: "2026-09-10", side: "past", days: 90 },
      { field: "lastDay", date: "2028-12-10", side: "future", days: 730 },
    ]);
  });

  it("flags the reported departure: notice in December 2015, last day in January 2016", () => {
    const found = unusualDates({ noticeDate: "2015-12-24", lastDay: "2016-01-03", terminationDate: undefined }, window, TODAY);
    expect(found.map((date) => date.field)).toEqual(["noticeDate", "lastDay"]);
    expect(unusualDatesKey(found)).toBe("noticeDate=2015-12-24 lastDay=2016-01-03");
  });

  it("counts a confirmation only for the very dates it names, or any date when it is true", () => {
    const found = unusualDates({ lastDay: "2037-06-30" }, window, TODAY);
    expect(isConfirmed(found, undefined)).toBe(false);
    expect(isConfirmed(found, "lastDay=2037-06-29")).toBe(false);
    expect(isConfirmed(found, "lastDay=2037-06-30")).toBe(true);
    expect(isConfirmed(found, true)).toBe(true);
    expect(isConfirmed([], undefined)).toBe(true);
  });

  it("lets HR choose the window within bounds, naming the field in their language", () => {
    const en = dateWindowSchema(translator("en", "settings"));
    expect(en.parse({ pastDays: "30", futureDays: "365" })).toEqual({ pastDays: 30, futureDays: 365 });
    const refused = en.safeParse({ pastDays: "0", futureDays: "10" });
    expect(refused.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["pastDays", "Enter a whole number of days from 1 to 3650."],
      ["futureDays", "Enter a whole number of days from 30 to 3650."],
    ]);
    const fr = dateWindowSchema(translator("fr", "settings")).safeParse({ pastDays: "2.5", futureDays: "400" });
    expect(fr.error?.issues[0]?.message).toBe("Saisissez un nombre entier de jours de 1 à 3650.");
  });
});

describe("the new-departure form's questions", () => {
  const t = translator("en", "offboarding");
  const base = { employeeEmail: "noor@example.com", employeeName: "Noor", departmentName: "Sales", type: "voluntary" };
  const schema = newDepartureFormSchema(t, { today: TODAY, window });
  const errorsOf = (value: Record<string, unknown>) => {
    const result = schema.safeParse({ ...base, ...value });
    return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path[0], issue.message]));
  };

  it("asks to confirm a date outside the window beside the field, with the date as the page writes it", () => {
    expect(errorsOf({ noticeDate: "2026-12-01", lastDay: "2037-06-30" })).toEqual({
      lastDay: "Check the last working day: Jun 30, 2037 is more than 730 days from today.",
      confirmUnusualDates: "Correct the dates marked, or tick this box if they are right.",
    });
    expect(errorsOf({ noticeDate: "2026-12-01", lastDay: "2037-06-30", confirmUnusualDates: "lastDay=2037-06-30" })).toEqual({});
  });

  it("asks what becomes of the tasks already due when the last day has passed, and only then", () => {
    expect(errorsOf({ noticeDate: "2026-11-02", lastDay: "2026-11-30" })).toEqual({
      overdueTasks: "The last working day has passed: choose what happens to the checklist tasks already due.",
    });
    expect(errorsOf({ noticeDate: "2026-11-02", lastDay: "2026-11-30", overdueTasks: "done" })).toEqual({});
    expect(errorsOf({ noticeDate: "2026-12-01", lastDay: TODAY })).toEqual({});
  });
});

describe("a termination date that is not given", () => {
  const task = { anchor: "termination_date" as const, offset_business_days: 5, before_last_day: false };

  it("is the last day, and moves with it", () => {
    expect(terminationDateOf({ last_day: "2027-01-04", termination_date: null })).toBe("2027-01-04");
    expect(terminationDateOf({ last_day: "2027-01-04", termination_date: "2027-01-31" })).toBe("2027-01-31");
    const dates = { notice_date: "2026-12-01", last_day: "2026-12-18", termination_date: null };
    expect(dueDateFor(task, dates, new Set())).toBe("2026-12-25");
    expect(dueDateFor(task, { ...dates, last_day: "2027-01-04" }, new Set())).toBe("2027-01-11");
  });
});

describe("a last working day that is not a working day", () => {
  const holidays = new Map([["2027-01-01", "New Year's Day"]]);

  it("is a weekend day or one of the company's holidays, named; any other day is fine", () => {
    expect(nonWorkingDay("2027-01-03", holidays)).toEqual({ kind: "weekend", day: "2027-01-03" });
    expect(nonWorkingDay("2027-01-02", holidays)).toEqual({ kind: "weekend", day: "2027-01-02" });
    expect(nonWorkingDay("2027-01-01", holidays)).toEqual({ kind: "holiday", day: "2027-01-01", name: "New Year's Day" });
    expect(nonWorkingDay("2027-01-04", holidays)).toBeNull();
    expect(nonWorkingDay("not a day", holidays)).toBeNull();
  });
});
