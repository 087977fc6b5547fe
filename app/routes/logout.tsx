import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { readFormData } from "~/modules/auth/http.server";
import { signOutSchema } from "~/modules/auth/schemas";
import { signOut } from "~/modules/auth/sign-out.server";
import { authTranslator } from "~/modules/auth/translate.server";

/** Sign-out is a POST: a GET (a prefetch, an image tag on another site) must not end a session. */
export function loader() {
  return redirect("/");
}

/** `scope=everywhere` ends every session of the user, on every device. */
export async function action({ request }: ActionFunctionArgs) {
  const { t } = await authTranslator(request);
  const submission = parseWithZod(await readFormData(request), { schema: signOutSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }
  const { cookie } = await signOut(request, submission.value.scope);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
