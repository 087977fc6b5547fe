import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";
import { pageTitle } from "~/components/page-title";

/** Any address no other route matches: a translated "page not found", with status 404. */
export function loader() {
  return json(null, { status: 404 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "errors.notFound.title");

export default function NotFound() {
  return <ErrorPage status={404} />;
}
