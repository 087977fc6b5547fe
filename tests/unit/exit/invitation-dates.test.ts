import {
  endOfDayIn,
  estimatedMinutes,
  expiresOnFor,
  reminderDue,
  sendOnFor,
  startOfDayIn,
} from "~/modules/exit/invitation-dates";

describe("when the first exit email goes", () => {
  it("goes the day the departure is recorded when the survey sets no lead time", () => {
    expect(sendOnFor({ lastDay: "2026-12-18", daysBefore: null, today: "2026-11-27" })).toBe("2026-11-27");
  });

  it("goes N calendar days before the last day, or today when that day is already past", () => {
    expect(sendOnFor({ lastDay: "2026-12-18", daysBefore: 10, today: "2026-11-27" })).toBe("2026-12-08");
    expect(sendOnFor({ lastDay: "2026-12-18", daysBefore: 0, today: "2026-11-27" })).toBe("2026-12-18");
    expect(sendOnFor({ lastDay: "2026-12-01", daysBefore: 10, today: "2026-11-27" })).toBe("2026-11-27");
  });
});

describe("until when the links work", () => {
  it("keeps the flow open 30 days after the last day, across a month and a year end", () => {
    expect(expiresOnFor("2026-12-18")).toBe("2027-01-17");
    expect(expiresOnFor("2027-02-01")).toBe("2027-03-03");
  });

  it("ends a day at midnight on the company's clocks, summer or winter", () => {
    expect(startOfDayIn("2026-11-27", "UTC").toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(startOfDayIn("2026-11-27", "Europe/Paris").toISOString()).toBe("2026-11-26T23:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "Europe/Paris").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(startOfDayIn("2026-11-27", "America/New_York").toISOString()).toBe("2026-11-27T05:00:00.000Z");
    // The day the clocks go forward in Paris (29 March 2026) is 23 hours long.
    expect(endOfDayIn("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(endOfDayIn("2026-03-28", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });
});

describe("which reminder is due", () => {
  const invitedOn = "2026-11-27";

  it("owes the first reminder from the third day and the second from the seventh, then none", () => {
    const due = (today: string, remindersSent: number, lastRemindedOn: string | null = null) =>
      reminderDue({ invitedOn, lastRemindedOn, remindersSent, today });
    expect(due("2026-11-29", 0)).toBe(false);
    expect(due("2026-11-30", 0)).toBe(true);
    expect(due("2026-12-03", 1, "2026-11-30")).toBe(false);
    expect(due("2026-12-04", 1, "2026-11-30")).toBe(true);
    expect(due("2026-12-20", 2, "2026-12-04")).toBe(false);
  });

  it("spaces the second reminder from the first when the first went late", () => {
    // The worker was down: the first reminder went on day 8; the second waits four more days.
    expect(reminderDue({ invitedOn, lastRemindedOn: "2026-12-05", remindersSent: 1, today: "2026-12-05" })).toBe(false);
    expect(reminderDue({ invitedOn, lastRemindedOn: "2026-12-05", remindersSent: 1, today: "2026-12-09" })).toBe(true);
  });
});

describe("how long the survey takes, as the email says", () => {
  it("counts half a minute a question plus a minute for the alumni step, at least two minutes", () => {
    expect(estimatedMinutes(0)).toBe(2);
    expect(estimatedMinutes(10)).toBe(6);
    expect(estimatedMinutes(11)).toBe(7);
    expect(estimatedMinutes(500)).toBe(30);
  });
});
