import type { z } from "zod";

export interface EmailInputIssue {
  /** Dotted path of the bad value, e.g. "to" or "props.url". */
  field: string;
  message: string;
}

/**
 * A programming error in a caller: an email was asked for with a bad address, an unknown template or
 * props that do not fit the template. Its message names every bad field.
 */
export class EmailInputError extends Error {
  constructor(
    what: string,
    public readonly issues: EmailInputIssue[],
  ) {
    super(`Cannot send email (${what}): ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "EmailInputError";
  }
}

export function issuesOf(error: z.ZodError, prefix?: string): EmailInputIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || (prefix ?? "input"),
    message: issue.message,
  }));
}
