import { z } from "zod";
import { SEGMENTS } from "~/modules/scoring/formula";
import { REHIRE_FILTERS } from "./forms";

/** The boomerang pool's query string (the page and its CSV): empty values mean "any". */
export const poolQuerySchema = z.object({
  department: z.union([z.literal(""), z.uuid()]).optional(),
  segment: z.union([z.literal(""), z.enum(SEGMENTS)]).optional(),
  rehire: z.union([z.literal(""), z.enum(REHIRE_FILTERS)]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export type PoolQuery = z.infer<typeof poolQuerySchema>;

/** Reads the query; the names of the parameters that are wrong, or the filters. */
export function parsePoolQuery(searchParams: URLSearchParams) {
  const raw = Object.fromEntries(["department", "segment", "rehire", "page"].flatMap((name) => (searchParams.has(name) ? [[name, searchParams.get(name)!]] : [])));
  const parsed = poolQuerySchema.safeParse(raw);
  if (!parsed.success) return { ok: false as const, fields: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "page")))] as Array<"department" | "segment" | "rehire" | "page"> };
  const { department, segment, rehire, page } = parsed.data;
  return {
    ok: true as const,
    page,
    submitted: { department: department ?? "", segment: segment ?? "", rehire: rehire ?? "" },
    filters: { departmentId: department || undefined, segment: segment || undefined, rehire: rehire || undefined },
  };
}
