import type { z } from "zod";
import type { Translate } from "./translator";

/**
 * A schema whose messages depend only on the language, built once per language instead of on every
 * render or request. Building a zod object costs about as much as rendering its form, and zod
 * compiles an object schema on its first parse: a list's query-string schema built per request was
 * 5 % of the departures list's CPU. Only for factories whose sole argument is the translate
 * function (no per-row, per-user or per-request input).
 *
 *   const completeSchemaFor = schemaPerLanguage(completeTaskSchema);
 *   const schema = completeSchemaFor(i18n.language, t);
 */
export function schemaPerLanguage<Schema extends z.ZodType>(factory: (t: Translate) => Schema) {
  const built = new Map<string, Schema>();
  return (language: string, t: Translate): Schema => {
    let schema = built.get(language);
    if (!schema) {
      schema = factory(t);
      built.set(language, schema);
    }
    return schema;
  };
}
