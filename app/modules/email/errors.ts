import type { z } from "zod";
import { DomainFailure, type Failure } from "~/utils/failures";

/**
 * An email asked for with a bad address, an unknown template or props that do not fit the template:
 * a DomainFailure (ADR 013) naming each bad field by its dotted path ("to", "props.url"), so a job
 * logs which field was wrong and a caller can skip one bad address without catching real faults.
 */
export function emailInputFailure(template: string, error: z.ZodError, prefix?: string): DomainFailure {
  return new DomainFailure("invalid", issuesOf(error, prefix).map((field): Failure => ({ code: "email.badInput", field, values: { template, field } })));
}

export function unknownTemplateFailure(template: string): DomainFailure {
  return DomainFailure.invalid("template", "email.unknownTemplate", { template });
}

function issuesOf(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || (prefix ?? "input"));
}
