/**
 * Where the leaver is in the exit flow (exit survey, then the invitation to the alumni network),
 * as HR's departure page shows it.
 *
 * A declared extension point, not a fake: the exit flow is built by its own issue (4), which will
 * replace this body with a lookup of the leaver's survey and invitation and add the states it
 * needs (e.g. "invited", "survey_in_progress", "survey_submitted", "joined_alumni"). Until that
 * exists no departure can be further than "not started", so that answer is the truth, and the
 * page already renders its section from this function so nothing else has to change.
 */
export type ExitFlowState = "not_started";

export interface ExitFlowStatus {
  state: ExitFlowState;
}

export async function exitFlowStatus(departureId: string): Promise<ExitFlowStatus> {
  void departureId;
  return { state: "not_started" };
}
