import type { z } from "zod";
import { isCalendarDay } from "./calendar-days";
import { day, DomainFailure, type Failure, type FailureCode, type FailureValue } from "./failures";

/**
 * A form schema re-run by the domain (ADR 013). Form schemas take a translate function and write
 * their messages with it; the domain runs the same schema so that every caller (a form, the CLI, a
 * test, a CSV row) gets the same checks, but it answers codes, not sentences. Here the "translate"
 * function writes each message key and its values as JSON, and `codes` maps the keys to failure codes.
 */

/** The shape of a form schema's translate function (Translate in modules/i18n, written out here). */
type MessageWriter = (key: string, options?: Record<string, unknown>) => string;

interface CodedMessage {
  key?: string;
  values?: Record<string, unknown>;
}

const asCode: MessageWriter = (key, options) => JSON.stringify({ key, values: options ?? {} });

function readCoded(text: string): CodedMessage | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" && "key" in parsed ? (parsed as CodedMessage) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A message's values as a failure carries them. A calendar day travels as `{ day }` so that each
 * edge writes it as its pages do. A message written inside the message (`{ field: t("fields.lastDay") }`)
 * becomes the last part of its key ("lastDay"), which the code's message names in its own words.
 */
function failureValues(values: Record<string, unknown> | undefined): Record<string, FailureValue> | undefined {
  const result: Record<string, FailureValue> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (typeof value === "number") result[name] = value;
    else if (typeof value === "string") {
      const nested = readCoded(value);
      if (nested?.key) result[name] = nested.key.split(".").at(-1)!;
      else result[name] = isCalendarDay(value) ? day(value) : value;
    }
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function schemaFailure(issue: z.core.$ZodIssue, codes: Readonly<Record<string, FailureCode>>, fallback: FailureCode): Failure {
  const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  // Anything else is zod's own message (input that is not even an object): no field message fits it.
  const message = readCoded(issue.message) ?? {};
  const code = (message.key && codes[message.key]) || fallback;
  const values = failureValues(message.values);
  return { code, ...(field ? { field } : {}), ...(values ? { values } : {}) };
}

export type SchemaCheck<Output> = { success: true; data: Output } | { success: false; failures: Failure[] };

/**
 * Parses `input` with the schema `schemaFor` builds and answers the data, or one failure per issue:
 * the code `codes` gives for the schema's message key (`fallback` for a key it does not list), the
 * field, and the message's values (`{ max: 200 }`). For checks that collect failures rather than
 * throw (the CSV preview's rows).
 */
export function checkWithSchema<Schema extends z.ZodType>(
  schemaFor: (t: MessageWriter) => Schema,
  codes: Readonly<Record<string, FailureCode>>,
  fallback: FailureCode,
): (input: unknown) => SchemaCheck<z.output<Schema>> {
  // Built once: a CSV file runs it on every row.
  const schema = schemaFor(asCode);
  return (input) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { success: true, data: parsed.data };
    return { success: false, failures: parsed.error.issues.map((issue) => schemaFailure(issue, codes, fallback)) };
  };
}

/** `checkWithSchema` for one input, throwing DomainFailure("invalid") with the failures when it is refused. */
export function parseOrFail<Schema extends z.ZodType>(
  schemaFor: (t: MessageWriter) => Schema,
  input: unknown,
  codes: Readonly<Record<string, FailureCode>>,
  fallback: FailureCode,
): z.output<Schema> {
  const checked = checkWithSchema(schemaFor, codes, fallback)(input);
  if (!checked.success) throw new DomainFailure("invalid", checked.failures);
  return checked.data;
}
