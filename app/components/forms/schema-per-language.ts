import type { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";

/**
 * A form schema whose messages depend only on the language, built once per language instead of on
 * every render. Building a zod object costs about as much as rendering its form: on a page with a
 * form per row (the inbox has three per task) that was a tenth of the page's CPU. Only for
 * factories whose sole argument is the translate function (no per-row or per-user input).
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
