import type { SubmissionResult } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import type { DEPARTURE_PAGE_INTENTS } from "~/modules/offboarding/departure-forms";
import type { loadDeparturePage } from "./page-data.server";

/**
 * What the departure page's loader and action send, for its parts (in their own files, which
 * cannot import the route's types back without a cycle).
 */
export type DeparturePageData = SerializeFrom<NonNullable<Awaited<ReturnType<typeof loadDeparturePage>>>>;

export type TaskView = DeparturePageData["groups"][number]["tasks"][number];

/** The action's answer: which form it is for, and that form's result (or an error about the whole page). */
export interface DepartureActionReply {
  intent: (typeof DEPARTURE_PAGE_INTENTS)[number] | null;
  result: SubmissionResult<string[]> | null;
  formError?: string;
}

export type DepartureActionData = SerializeFrom<DepartureActionReply> | undefined;

/** The result for the form that was submitted, none for the others. */
export function resultFor(actionData: DepartureActionData, intent: string): SubmissionResult<string[]> | undefined {
  return actionData && actionData.intent === intent ? ((actionData.result as SubmissionResult<string[]> | null) ?? undefined) : undefined;
}
