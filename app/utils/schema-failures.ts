import type { z } from "zod";
import { DomainFailure, type Failure, type FailureCode } from "./failures";

/**
 * A form schema re-run by the domain (ADR 013). Form schemas take a translate function and write
 * their messages with it; the domain runs the same schema so that every caller (a form, the CLI, a
 * test) gets the same checks, but it answers codes, not sentences. Here the "translate" function
 * writes each message key and its values as JSON, and `codes` maps the keys to failure codes.
 */

/** The shape of a form schema's translate function (Translate in modules/i18n, written out here). */
type MessageWriter = (key: string, options?: Record<string, unknown>) => string;

const asCode: MessageWriter = (key, options) => JSON.stringify({ key, values: options ?? {} });

function schemaFailure(issue: z.core.$ZodIssue, codes: Readonly<Record<string, FailureCode>>, fallback: FailureCode): Failure {
  const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  let message: { key?: string; values?: Record<string, string | number> } = {};
  try {
    message = JSON.parse(issue.message) as typeof message;
  } catch {
    // zod's own message (input that is not even an object): no field message fits it.
  }
  const code = (message.key && codes[message.key]) || fallback;
  const values = message.values && Object.keys(message.values).length > 0 ? message.values : undefined;
  return { code, ...(field ? { field } : {}), ...(values ? { values } : {}) };
}

/**
 * Parses `input` with the schema `schemaFor` builds, or throws DomainFailure("invalid") with one
 * failure per issue: the code `codes` gives for the schema's message key (`fallback` for a key it
 * does not list), the field, and the message's values (`{ max: 200 }`).
 */
export function parseOrFail<Schema extends z.ZodType>(
  schemaFor: (t: MessageWriter) => Schema,
  input: unknown,
  codes: Readonly<Record<string, FailureCode>>,
  fallback: FailureCode,
): z.output<Schema> {
  const parsed = schemaFor(asCode).safeParse(input);
  if (!parsed.success) throw new DomainFailure("invalid", parsed.error.issues.map((issue) => schemaFailure(issue, codes, fallback)));
  return parsed.data;
}
