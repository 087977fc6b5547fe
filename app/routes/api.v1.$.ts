import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { problemResponse } from "~/modules/integrations/api.server";
import { ApiProblem } from "~/modules/integrations/problems";

/** Any other path under /api/v1: a problem+json 404 rather than the site's HTML page. */
function notFound({ request }: { request: Request }) {
  const path = new URL(request.url).pathname;
  return problemResponse(new ApiProblem("not-found", `There is no API endpoint at ${path}. See /api/v1/openapi.json.`));
}

export const loader = (args: LoaderFunctionArgs) => notFound(args);
export const action = (args: ActionFunctionArgs) => notFound(args);
