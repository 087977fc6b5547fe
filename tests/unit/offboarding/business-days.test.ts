import { addDays, format, parseISO } from "date-fns";
import fc from "fast-check";
import { addBusinessDays, addCalendarDays, isBusinessDay, isCalendarDay, todayIn } from "~/utils/calendar-days";

const DAY = 24 * 60 * 60 * 1000;

// 2026-12-21 is a Monday; 2026-12-25 (Friday) is a holiday below.
const holidays = new Set(["2026-12-25", "2027-01-01"]);

describe("business-day arithmetic", () => {
  it("counts forward over weekends", () => {
    expect(addBusinessDays("2026-12-18", 1)).toBe("2026-12-21"); // Friday + 1 → Monday
    expect(addBusinessDays("2026-12-21", 5)).toBe("2026-12-28");
  });

  it("counts backward over weekends", () => {
    expect(addBusinessDays("2026-12-21", -1)).toBe("2026-12-18");
    expect(addBusinessDays("2026-12-21", -5)).toBe("2026-12-14");
  });

  it("skips company holidays in both directions", () => {
    expect(addBusinessDays("2026-12-24", 1, holidays)).toBe("2026-12-28");
    expect(addBusinessDays("2026-12-28", -1, holidays)).toBe("2026-12-24");
    expect(addBusinessDays("2026-12-31", 1, holidays)).toBe("2027-01-04");
  });

  it("keeps a business-day anchor for offset 0 and moves a weekend or holiday anchor to the business day before", () => {
    expect(addBusinessDays("2026-12-23", 0, holidays)).toBe("2026-12-23");
    expect(addBusinessDays("2026-12-26", 0, holidays)).toBe("2026-12-24"); // Saturday after the Friday holiday
    expect(addBusinessDays("2026-12-25", 0, holidays)).toBe("2026-12-24");
  });

  it("counts from a weekend anchor to the next business days", () => {
    expect(addBusinessDays("2026-12-19", 1)).toBe("2026-12-21");
    expect(addBusinessDays("2026-12-19", -1)).toBe("2026-12-18");
  });

  it("crosses years and leap days", () => {
    expect(addBusinessDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addBusinessDays("2026-12-31", 2)).toBe("2027-01-04");
  });

  it("refuses an impossible date or a fractional offset", () => {
    expect(() => addBusinessDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addBusinessDays("2026-12-21", 1.5)).toThrow(RangeError);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-2-3")).toBe(false);
    expect(isCalendarDay("2026-02-28")).toBe(true);
  });

  it("knows weekends and holidays are not business days", () => {
    expect(isBusinessDay("2026-12-19", holidays)).toBe(false);
    expect(isBusinessDay("2026-12-25", holidays)).toBe(false);
    expect(isBusinessDay("2026-12-24", holidays)).toBe(true);
  });

  it("gives today in the company's time zone, not the server's", () => {
    const lateEvening = new Date("2026-12-21T23:30:00Z");
    expect(todayIn("UTC", lateEvening)).toBe("2026-12-21");
    expect(todayIn("Europe/Paris", lateEvening)).toBe("2026-12-22");
    expect(todayIn("America/New_York", lateEvening)).toBe("2026-12-21");
  });
});

describe("calendar-day arithmetic (addCalendarDays)", () => {
  it("crosses months, years and leap days, forwards and backwards", () => {
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addCalendarDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(addCalendarDays("2026-12-06", 0)).toBe("2026-12-06");
  });

  it("agrees with date-fns on any day and offset (the arithmetic it replaced)", () => {
    const days = fc.integer({ min: Date.UTC(1970, 0, 1) / DAY, max: Date.UTC(2200, 0, 1) / DAY }).map((n) => new Date(n * DAY).toISOString().slice(0, 10));
    fc.assert(
      fc.property(days, fc.integer({ min: -4000, max: 4000 }), (day, offset) => {
        expect(addCalendarDays(day, offset)).toBe(format(addDays(parseISO(day), offset), "yyyy-MM-dd"));
      }),
    );
  });

  it("refuses a day that does not exist or is not a day, rather than rolling it over", () => {
    for (const day of ["2026-02-30", "2026-13-01", "2026-1-01", "tomorrow", ""]) expect(() => addCalendarDays(day, 1), day).toThrow(RangeError);
    expect(() => addCalendarDays("2026-12-06", Number.NaN)).toThrow(RangeError);
  });
});
