/**
 * The limits of what HR types into the feed forms: shared by the domain (which enforces them with
 * coded failures) and the form schemas (which the browser runs too), so both sides agree.
 */

export const SOURCE_LIMITS = {
  name: 120,
  url: 2000,
  dailyItemLimit: { min: 1, max: 500, default: 20 },
  expireAfterDays: { min: 1, max: 3650, default: 30 },
} as const;

export const POST_LIMITS = { title: 200, text: 5000, url: 2000 } as const;
