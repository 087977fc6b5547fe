import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatRelativeTime,
  toIsoString,
} from "~/utils/format";

// French separates thousands and the percent sign with no-break spaces (U+202F or U+00A0, by ICU
// version): compare them as plain spaces.
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

const INSTANT = new Date("2026-11-27T23:30:00Z");

describe("formatDate", () => {
  it("writes the day of an instant in English and French", () => {
    expect(formatDate(INSTANT, "en")).toBe("Nov 27, 2026");
    expect(formatDate(INSTANT, "fr")).toBe("27 nov. 2026");
  });

  it("uses UTC unless told the time zone, so the server and the browser agree", () => {
    // 23:30 UTC is already the next day in Paris.
    expect(formatDate(INSTANT, "en", { timeZone: "Europe/Paris" })).toBe("Nov 28, 2026");
    expect(formatDate(INSTANT.toISOString(), "en")).toBe("Nov 27, 2026");
  });

  it("keeps a calendar date (a date column) on its day whatever the time zone", () => {
    expect(formatDate("2026-03-01", "en", { timeZone: "America/Los_Angeles" })).toBe("Mar 1, 2026");
    expect(formatDate("2026-03-01", "fr", { timeZone: "Pacific/Kiritimati" })).toBe("1 mars 2026");
  });

  it("gives an empty string for a value that is not a date instead of throwing", () => {
    expect(formatDate("not a date", "en")).toBe("");
    expect(formatDate(Number.NaN, "fr")).toBe("");
  });
});

describe("formatDateTime", () => {
  it("writes day and 24-hour time in the given time zone, in English and French", () => {
    expect(formatDateTime(INSTANT, "en")).toBe("Nov 27, 2026, 23:30");
    expect(formatDateTime(INSTANT, "fr", { timeZone: "Europe/Paris" })).toBe("28 nov. 2026, 00:30");
  });

  it("gives an empty string for an invalid value", () => {
    expect(formatDateTime("yesterday-ish", "en")).toBe("");
  });
});

describe("toIsoString", () => {
  it("gives the exact instant for a <time dateTime> attribute", () => {
    expect(toIsoString("2026-11-27T23:30:00+01:00")).toBe("2026-11-27T22:30:00.000Z");
    expect(toIsoString("nope")).toBe("");
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2026-11-27T12:00:00Z");

  it("says how long ago in words, in English and French", () => {
    expect(formatRelativeTime(new Date("2026-11-24T12:00:00Z"), "en", { now })).toBe("3 days ago");
    expect(formatRelativeTime(new Date("2026-11-24T12:00:00Z"), "fr", { now })).toBe("il y a 3 jours");
    expect(formatRelativeTime(new Date("2026-11-27T09:00:00Z"), "en", { now })).toBe("3 hours ago");
  });

  it("uses words such as yesterday and now where the language has them", () => {
    expect(formatRelativeTime(new Date("2026-11-26T12:00:00Z"), "en", { now })).toBe("yesterday");
    expect(formatRelativeTime(new Date("2026-11-26T12:00:00Z"), "fr", { now })).toBe("hier");
    expect(formatRelativeTime(new Date("2026-11-27T11:59:40Z"), "en", { now })).toBe("now");
  });

  it("speaks of the future too", () => {
    expect(formatRelativeTime(new Date("2026-12-11T12:00:00Z"), "en", { now })).toBe("in 2 weeks");
    expect(formatRelativeTime(new Date("2026-12-11T12:00:00Z"), "fr", { now })).toBe("dans 2 semaines");
  });
});

describe("formatNumber and formatPercent", () => {
  it("group thousands and write decimals the way each language does", () => {
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(spaced(formatNumber(1234567.5, "fr"))).toBe("1 234 567,5");
    expect(formatNumber(1234567.5, "fr")).not.toContain(" ");
  });

  it("write a ratio as a percentage with at most one decimal by default", () => {
    expect(formatPercent(0.125, "en")).toBe("12.5%");
    expect(spaced(formatPercent(0.125, "fr"))).toBe("12,5 %");
    expect(formatPercent(2 / 3, "en")).toBe("66.7%");
    expect(formatPercent(2 / 3, "en", { maximumFractionDigits: 0 })).toBe("67%");
  });

  it("give an empty string for a value that is not a finite number", () => {
    expect(formatNumber(Number.NaN, "en")).toBe("");
    expect(formatPercent(Number.POSITIVE_INFINITY, "fr")).toBe("");
  });
});

describe("formatDate of calendar days, written once per language", () => {
  it("writes the same day the same way however often, in each language, and a day that does not exist as nothing", () => {
    const english = Array.from({ length: 3 }, () => formatDate("2026-12-08", "en"));
    const french = Array.from({ length: 3 }, () => formatDate("2026-12-08", "fr"));
    expect(english).toEqual(["Dec 8, 2026", "Dec 8, 2026", "Dec 8, 2026"]);
    expect(french).toEqual(["8 déc. 2026", "8 déc. 2026", "8 déc. 2026"]);
    expect([formatDate("2026-02-30", "en"), formatDate("2026-02-30", "en")]).toEqual(["", ""]);
  });

  it("keeps answering after more distinct days than it remembers", () => {
    const start = Date.UTC(2000, 0, 1);
    const labels = Array.from({ length: 6_000 }, (_, i) => formatDate(new Date(start + i * 86_400_000).toISOString().slice(0, 10), "en"));
    expect(labels[0]).toBe("Jan 1, 2000");
    expect(labels[5_999]).toBe(formatDate(new Date(start + 5_999 * 86_400_000), "en"));
    expect(formatDate("2000-01-01", "en")).toBe("Jan 1, 2000");
  });
});
