import { sql } from "kysely";
import type { Answers } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import { readDraftAnswers } from "./flow.server";

/**
 * Saving the survey page by page, so that a leaver who leaves resumes where they stopped with
 * their answers filled in. The page's answers replace that page's earlier ones (an optional answer
 * cleared is removed); answers of other pages are kept.
 */

export interface SavePageInput {
  invitationId: string;
  /** Every question of the page as shown: the ones missing from `answers` are cleared. */
  pageQuestionIds: readonly string[];
  answers: Answers;
  /** How many pages the leaver is done with after this save; current_page never goes back. */
  pagesDone: number;
  now?: Date;
}

export type SavePageResult = { outcome: "saved"; answers: Answers } | { outcome: "closed" };

export async function savePage(db: DB, input: SavePageInput): Promise<SavePageResult> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // The same lock as the final submit: a page saved from a second tab after the survey was sent
    // must not bring a draft back.
    const invitation = await trx
      .selectFrom("exit_invitations")
      .select(["status"])
      .where("id", "=", input.invitationId)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation || !["scheduled", "invited", "started"].includes(invitation.status)) return { outcome: "closed" as const };

    const answers = await readDraftAnswers(trx, input.invitationId);
    for (const id of input.pageQuestionIds) delete answers[id];
    Object.assign(answers, input.answers);
    const json = JSON.stringify(answers);
    await trx
      .insertInto("exit_response_drafts")
      .values({ invitation_id: input.invitationId, answers: json, updated_at: now })
      .onConflict((oc) => oc.column("invitation_id").doUpdateSet({ answers: json, updated_at: now }))
      .execute();
    await trx
      .updateTable("exit_invitations")
      .set({
        status: "started",
        started_at: sql<Date>`coalesce(started_at, ${now})`,
        current_page: sql<number>`greatest(current_page, ${input.pagesDone})`,
        updated_at: now,
      })
      .where("id", "=", input.invitationId)
      .execute();
    return { outcome: "saved" as const, answers };
  });
}
