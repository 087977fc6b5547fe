import { z } from "zod";

/**
 * Who an issue goes to, as stored in `newsletter_issues.audience` (jsonb) and posted by the compose
 * form: every consenting alumnus, narrowed by any of these. An empty list or a missing key does not
 * narrow. Segments come from the share feed (ADR 021): alumni who shared at least once, or never;
 * or from the advocacy score (docs/decisions/029): promoters, passives, detractors, or people with
 * no score yet or too few signals (unknown). Without a segment the issue goes to every consenting
 * alumnus, detractors included: they asked for the newsletter, and it never asks them to share.
 */
export const AUDIENCE_SEGMENTS = ["sharers", "nonSharers", "promoters", "passives", "detractors", "unknown"] as const;
export type AudienceSegment = (typeof AUDIENCE_SEGMENTS)[number];

/** The advocacy segment each advocacy audience segment stands for. */
export const ADVOCACY_AUDIENCE_SEGMENTS = {
  promoters: "promoter",
  passives: "passive",
  detractors: "detractor",
  unknown: "unknown",
} as const satisfies Partial<Record<AudienceSegment, string>>;

export const audienceSchema = z
  .object({
    departmentIds: z.array(z.uuid()).max(500).optional(),
    /** The calendar year of the departure's last day. */
    leavingYears: z.array(z.number().int().min(1900).max(2200)).max(200).optional(),
    segment: z.enum(AUDIENCE_SEGMENTS).optional(),
  })
  .strict();

export type Audience = z.infer<typeof audienceSchema>;

/** Parses a stored or posted audience; the zod error names the bad field. */
export function parseAudience(value: unknown): z.ZodSafeParseResult<Audience> {
  return audienceSchema.safeParse(value ?? {});
}
