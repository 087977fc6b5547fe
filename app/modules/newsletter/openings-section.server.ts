import { ISSUE_OPENINGS_MAX } from "./openings-section";
import { sql } from "kysely";
import { localized } from "~/modules/i18n/localized-text";
import { listOpenOpenings, openingsByIds } from "~/modules/openings/openings.server";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { assertIssueEditable } from "./issues.server";

/**
 * The "Open roles" section of an issue (issue 14, ADR 034): open openings HR chooses while the issue
 * can change. Only recipients whose `openings` consent was granted when the send started get it
 * (newsletter_recipients.openings); in their copy each opening links to its page through their own
 * tracked link, with their own referral link to pass on (messages.server.ts).
 */


export interface OpeningChoice {
  id: string;
  label: string;
}

/** The openings an issue can carry now: the open ones. */
export async function embeddableOpenings(db: DB, locale: string): Promise<OpeningChoice[]> {
  const openings = await listOpenOpenings(db);
  return openings.map((opening) => ({ id: opening.id, label: [localized(opening.title, locale), opening.department, opening.location].filter(Boolean).join(" · ") }));
}

/** The ids of the openings the issue carries, in order. */
export async function issueOpeningIds(db: DB, issueId: string): Promise<string[]> {
  const rows = await db.selectFrom("newsletter_issue_openings").select("opening_id").where("issue_id", "=", issueId).orderBy("position").execute();
  return rows.map((row) => row.opening_id);
}

/** Replaces the issue's openings (an empty list removes the section); only open openings, at most ISSUE_OPENINGS_MAX. */
export async function setIssueOpenings(db: DB, issueId: string, openingIds: readonly string[]): Promise<void> {
  const ids = [...new Set(openingIds)];
  if (ids.length > ISSUE_OPENINGS_MAX) throw DomainFailure.invalid("openingId", "newsletter.tooManyOpenings", { max: ISSUE_OPENINGS_MAX });
  await db.transaction().execute(async (trx) => {
    await assertIssueEditable(trx, issueId);
    const openings = await openingsByIds(trx, ids);
    if (openings.length !== ids.length || openings.some((opening) => opening.status !== "open")) throw DomainFailure.invalid("openingId", "newsletter.openingNotOpen");
    await trx.deleteFrom("newsletter_issue_openings").where("issue_id", "=", issueId).execute();
    if (ids.length > 0) {
      await trx
        .insertInto("newsletter_issue_openings")
        .values(ids.map((openingId, position) => ({ issue_id: issueId, opening_id: openingId, position })))
        .execute();
    }
    await trx.updateTable("newsletter_issues").set({ updated_at: new Date() }).where("id", "=", issueId).execute();
  });
}

/** Whether the issue carries an "Open roles" section, as SQL (the snapshot asks for each recipient's consent only then). */
export function issueHasOpeningsSql(issueId: string) {
  return sql<boolean>`exists (select 1 from newsletter_issue_openings nio where nio.issue_id = ${issueId}::uuid)`;
}
