/**
 * Small pieces the sign-in routes share.
 */

/**
 * The submitted form, or an empty one when the body is not a form (a crafted JSON or binary POST):
 * validation then names the missing fields with a 400 instead of the parser failing with a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** The User-Agent kept with a session (shown later in a list of devices). */
export function userAgentOf(request: Request): string | null {
  return request.headers.get("User-Agent");
}
