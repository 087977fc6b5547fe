import { badRequest } from "./responses";

/**
 * Fields no person types (the intent, the id of the row a form acts on) are wrong only in a
 * hand-made request, and an error on them would be shown beside an input that is hidden: the page
 * would come back with a 400 and no visible reason. Such a request gets the error page's "we could
 * not understand that request" instead, naming the field for the logs.
 *
 *   const submission = parseWithZod(formData, { schema });
 *   refuseHiddenFieldErrors(submission, ["userId"]);
 *   if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
 */
export function refuseHiddenFieldErrors(submission: { status?: string; error?: Record<string, unknown[] | null> | null }, hiddenFields: readonly string[]): void {
  if (submission.status === "success" || !submission.error) return;
  const wrong = hiddenFields.filter((name) => (submission.error?.[name]?.length ?? 0) > 0);
  if (wrong.length > 0) throw badRequest(`Not a form this page sends: ${wrong.join(", ")} is not valid`);
}

/** An intent no form of the page sends: the error page, as for any request we cannot understand. */
export function unknownIntent(intent: unknown): Response {
  return badRequest(`Unknown intent: ${String(intent).slice(0, 40)}`);
}
