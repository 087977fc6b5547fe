import { z } from "zod";
import { monthParam, refuseReversedMonths } from "~/utils/query-params";
import { THEMES } from "~/modules/sentiment/analyse";
import { DEPARTURE_TYPES } from "~/modules/offboarding/types";
import { SURVEY_KINDS } from "~/modules/surveys/definition";
import type { EnpsDashboardFilters } from "~/modules/responses/enps-dashboard";
import { apiSchemaDocs, apiT, type ApiSchemaMeta } from "./api-schemas";
import { apiIssueMessage } from "./api.server";
import { ApiProblem, type ProblemFieldError } from "./problems";

/**
 * `GET /api/v1/metrics/enps`: the eNPS dashboard's filters as query parameters (zod; a bad one is a
 * 400 invalid-parameters problem naming it), and the answer's schema for the OpenAPI document. The
 * answer is exactly `readEnpsDashboard` (responses/enps-dashboard.server), serialised.
 */

function documented<T extends z.ZodType>(schema: T, meta: ApiSchemaMeta): T {
  apiSchemaDocs.add(schema, meta);
  return schema;
}

const month = (description: string) => documented(monthParam(apiT("api.validation.month")).optional(), { description, examples: ["2026-01"] });

export const enpsMetricsQuery = documented(
  z
    .object({
      from: month("First month included (YYYY-MM). Anonymous data counts by the month its block was released."),
      to: month("Last month included (YYYY-MM)."),
      department: documented(z.uuid({ error: apiT("api.validation.departmentId") }).optional(), {
        description: "A department id: the department and everything under it. Anonymous blocks that also hold people from outside it are left out whole.",
      }),
      departureType: documented(z.enum(DEPARTURE_TYPES, { error: apiT("api.validation.departureType") }).optional(), {
        description: "Only departures of this type. Anonymous blocks are kept only if every departure type they hold is this one.",
      }),
      survey: documented(z.uuid({ error: apiT("api.validation.surveyId") }).optional(), { description: "A survey id." }),
      surveyKind: documented(z.enum(SURVEY_KINDS, { error: apiT("api.validation.surveyKind") }).optional(), {
        description: "exit or pulse.",
      }),
    })
    .superRefine(refuseReversedMonths(apiT("api.validation.monthOrder"))),
  { title: "EnpsMetricsQuery" },
);

export const ENPS_METRICS_PARAMETERS = ["from", "to", "department", "departureType", "survey", "surveyKind"] as const;

/** The query as the read model's filters; 400 invalid-parameters naming each bad one. */
export function parseEnpsMetricsQuery(url: URL): EnpsDashboardFilters {
  // An empty value means "no filter", as on the page's GET form.
  const raw = Object.fromEntries([...url.searchParams].filter(([, value]) => value.trim() !== "").map(([key, value]) => [key, value.trim()]));
  const parsed = enpsMetricsQuery.safeParse(raw, { error: apiIssueMessage });
  if (!parsed.success) {
    const errors: ProblemFieldError[] = [];
    for (const issue of parsed.error.issues) {
      const parameter = String(issue.path[0] ?? "");
      if (!errors.some((e) => e.parameter === parameter)) errors.push({ parameter, detail: issue.message });
    }
    throw new ApiProblem("invalid-parameters", `Invalid query parameters: ${errors.map((e) => e.parameter).join(", ")}.`, { errors });
  }
  const { from, to, department, departureType, survey, surveyKind } = parsed.data;
  return {
    ...(from ? { fromMonth: `${from}-01` } : {}),
    ...(to ? { toMonth: `${to}-01` } : {}),
    ...(department ? { departmentId: department.toLowerCase() } : {}),
    ...(departureType ? { departureType } : {}),
    ...(survey ? { surveyId: survey.toLowerCase() } : {}),
    ...(surveyKind ? { surveyKind } : {}),
  };
}

// The answer ----------------------------------------------------------------------------------

const count = z.int().min(0);
const counts = z.object({ promoters: count, passives: count, detractors: count });
const suppressed = documented(z.object({ suppressed: z.literal(true), reason: z.literal("fewer_than_k"), k: z.int() }), {
  description: "A confidential group of fewer than k respondents (and no anonymous block): shown as \"fewer than k responses\", never with its counts.",
});
const enpsFigure = documented(
  z.union([
    z.object({
      suppressed: z.literal(false),
      respondents: documented(count, { description: "Scored respondents: the n of the eNPS and of its margin." }),
      counts,
      enps: documented(z.int().min(-100).max(100).nullable(), { description: "% promoters − % detractors; null when nobody gave a score." }),
      marginOfError: documented(z.number().min(0).nullable(), {
        description: "95% margin of error in ± points: 1.96 · √((p + d − (p − d)²) / n) · 100, p and d the promoter and detractor shares.",
      }),
      histogram: documented(z.array(count).length(11), { description: "How many gave each score, index = score 0–10." }),
      sources: z.object({ confidential: count, anonymous: count, anonymousBlocks: count }),
      confidentialWithheld: documented(z.boolean(), {
        description: "The confidential part had fewer than k respondents and is left out: the figure rests on whole anonymous blocks only.",
      }),
    }),
    suppressed,
  ]),
  { title: "EnpsFigure", description: "Confidential responses plus whole anonymous blocks, counts summed (never scores averaged)." },
);
const themeFigure = z.union([
  z.object({
    suppressed: z.literal(false),
    comments: count,
    averageSentiment: documented(z.number().min(-1).max(1), { description: "Mean comment sentiment in [−1, 1]." }),
    labels: z.object({ negative: count, neutral: count, positive: count }),
    sources: z.object({ confidential: count, anonymous: count }),
    confidentialWithheld: z.boolean(),
  }),
  suppressed,
]);
const monthString = z.iso.date();

export const enpsMetricsResponse = documented(
  z.object({
    filters: z.object({
      fromMonth: monthString.optional(),
      toMonth: monthString.optional(),
      departmentId: z.uuid().optional(),
      departureType: z.enum(DEPARTURE_TYPES).optional(),
      surveyId: z.uuid().optional(),
      surveyKind: z.enum(SURVEY_KINDS).optional(),
    }),
    k: documented(z.int(), { description: "The smallest group shown (HR's anonymity setting)." }),
    overTime: documented(z.array(z.object({ month: monthString, exit: enpsFigure, pulse: enpsFigure })), {
      description: "Per month (first day), exit and pulse side by side.",
    }),
    totals: documented(z.object({ exit: enpsFigure, pulse: enpsFigure }), { description: "The whole selection: distribution and promoter / passive / detractor split." }),
    byDepartment: z.array(
      z.object({
        departmentId: z.uuid().nullable(),
        name: z.string().nullable(),
        scope: documented(z.enum(["subtree", "own", "unassigned"]), {
          description: "subtree: the department and everything under it; own: the chosen department's own responses; unassigned: people without a department.",
        }),
        exit: enpsFigure,
        pulse: enpsFigure,
      }),
    ),
    themes: z.array(z.object({ theme: z.enum(THEMES), figure: themeFigure })),
    anonymous: z.object({ blocks: count, blocksLeftOut: count, blocksInNoBar: count }),
    departures: documented(
      z.object({
        source: z.literal("departure_records"),
        reasons: z.array(
          z.object({ reasonId: z.uuid().nullable(), code: z.string().nullable(), label: z.object({ en: z.string(), fr: z.string() }).nullable(), count }),
        ),
        regrettable: z.object({ regrettable: count, notRegrettable: count, unknown: count }),
        volumeByMonth: z.array(z.object({ month: monthString, count })),
      }),
      { description: "HR's own departure records (reason, regrettable, last day), not survey answers; survey filters do not apply." },
    ),
  }),
  { title: "EnpsMetrics" },
);
