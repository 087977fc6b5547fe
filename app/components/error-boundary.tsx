/**
 * GeneralErrorBoundary: what every route shows when its loader or action throws.
 *
 *   export function ErrorBoundary() {
 *     return <GeneralErrorBoundary />;
 *   }
 *
 * A thrown Response (403, 404, …) keeps its status; anything else reads as 500. The text comes from
 * ErrorPage, in the visitor's language; messages thrown by loaders are never shown (they are written
 * for developers, in English). The root route wraps the same page in the document and the shell.
 */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { ErrorPage } from "./error-page";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={statusOf(error)} />;
}

export function statusOf(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}
