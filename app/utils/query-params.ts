import { z } from "zod";

/**
 * Reading a list page's filters from its query string, the same way on every page: a GET form sends
 * every field, so an empty one means "no filter"; a bad value is reported under its parameter's name
 * so that the page can show it beside (and above) the filter form.
 */

/** The parameter's value, or undefined when it is missing or blank. */
export function queryValue(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value.trim() === "" ? undefined : value;
}

/** A whole number from `min` to `max`, with one message for every way it can be wrong. */
export function wholeNumberParam(message: string, min: number, max: number) {
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month, "YYYY-MM", from 2000 to 2100, with one message for every way it can be wrong. */
export function monthParam(message: string) {
  return z
    .string()
    .trim()
    .regex(MONTH, { error: message })
    .refine((value) => {
      const year = Number(value.slice(0, 4));
      return year >= 2000 && year <= 2100;
    }, { error: message });
}

/** For `superRefine`: a period whose `to` month comes before its `from` is refused, under `to`. */
export function refuseReversedMonths(message: string) {
  return (value: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
    // "YYYY-MM" strings compare in calendar order.
    if (value.from && value.to && value.from > value.to) ctx.addIssue({ code: "custom", path: ["to"], message });
  };
}

export type ParsedQuery<T> = { success: true; data: T } | { success: false; errors: Record<string, string[]> };

/** The schema's verdict on the parameters: the values, or each bad parameter's messages (each once). */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, input: unknown): ParsedQuery<z.output<Schema>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { success: true, data: parsed.data };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "query");
    errors[field] = [...new Set([...(errors[field] ?? []), issue.message])];
  }
  return { success: false, errors };
}

/** The list's address with the current query and another page (page 1 is the bare address). */
export function pageHref(path: string, search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page > 1) params.set("page", String(page));
  else params.delete("page");
  const text = params.toString();
  return `${path}${text ? `?${text}` : ""}`;
}
