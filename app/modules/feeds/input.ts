import type { z } from "zod";
import { DomainFailure, type Failure, type FailureCode, type FailureValue } from "~/utils/failures";

/**
 * Runs a domain schema and answers its data, or throws DomainFailure("invalid") with one failure
 * per field that is wrong (ADR 013): the field's code from `codes` and its values (limits), never
 * zod's own sentence. The HR forms that will call these functions translate the codes.
 */
export function parseFields<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  codes: Readonly<Record<string, { code: FailureCode; values?: Record<string, FailureValue> }>>,
): z.output<Schema> {
  // Not an object at all (a missing body): every field is then missing, and says so.
  const parsed = schema.safeParse(typeof input === "object" && input !== null ? input : {});
  if (parsed.success) return parsed.data;
  const failures: Failure[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    // A refinement that names its own code (urlCredentials) wins over the field's general one.
    const own = (issue as { params?: { code?: FailureCode } }).params?.code;
    const entry = own ? { code: own } : codes[field];
    if (!entry || seen.has(field)) continue;
    seen.add(field);
    failures.push({ code: entry.code, field, ...("values" in entry && entry.values ? { values: entry.values } : {}) });
  }
  if (failures.length === 0) throw new Error(`No failure code for ${parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}: add it to the codes`);
  throw new DomainFailure("invalid", failures);
}
