import { sql } from "kysely";
import { clicksCte, sharesCte } from "~/modules/advocacy/activity.server";
import { analyseComment } from "~/modules/sentiment/analyse";
import { parseStoredAnswers } from "~/modules/responses/answer-views";
import { parseSurveyDefinition } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import type { EngagementKind, PersonSignals } from "./formula";

/**
 * Reads the signals of a batch of people in four set-based queries, whatever the batch's size:
 *
 * - confidential exit responses: `survey_responses` reached through the person's own exit
 *   invitation (invitation → departure → leaver). Anonymous exit answers never reach this table
 *   (they go to the anonymous pool, then into blocks that name nobody), so they cannot be read here;
 * - confidential pulse answers: `pulse_answers` with a `response_id`. An anonymous pulse's answer
 *   (response_id null) is never read: it must not feed anybody's score;
 * - engagement: shares and the clicks they earned, counted as the points and analytics count them
 *   (advocacy/activity.server.ts), and clicks on the person's newsletter links, per company day;
 * - the free-text answers of those responses and the pulse comments, scored by analyseComment in
 *   the response's language.
 */

interface AnswerRow {
  user_id: string;
  at: Date;
  enps_score: number | null;
  locale: "en" | "fr";
  answers: unknown;
  survey_version_id: string;
}

interface PulseRow {
  user_id: string;
  at: Date;
  enps_score: number;
  locale: "en" | "fr";
  comment: string;
}

interface EngagementRow {
  user_id: string;
  kind: EngagementKind;
  day: string;
  count: number;
}

function emptySignals(): PersonSignals {
  return { answers: [], comments: [], engagement: [] };
}

/** The free-text answers of a response: the answers to the version's `text` questions. */
function textAnswers(answers: unknown, textQuestionIds: readonly string[]): string[] {
  const parsed = parseStoredAnswers(answers);
  return textQuestionIds.flatMap((id) => {
    const value = parsed[id];
    return typeof value === "string" && value.trim() !== "" ? [value] : [];
  });
}

export async function loadSignals(db: DB, userIds: readonly string[], timeZone: string): Promise<Map<string, PersonSignals>> {
  const signals = new Map<string, PersonSignals>(userIds.map((id) => [id, emptySignals()]));
  if (userIds.length === 0) return signals;
  const ids = [...userIds];

  const [exitRows, pulseRows, engagement] = await Promise.all([
    db
      .selectFrom("survey_responses as r")
      .innerJoin("exit_invitations as i", "i.id", "r.invitation_id")
      .innerJoin("departures as d", "d.id", "i.departure_id")
      .select(["d.leaver_user_id as user_id", "r.submitted_at as at", "r.enps_score", "r.locale", "r.answers", "r.survey_version_id"])
      .where("r.confidentiality", "=", "confidential")
      .where("r.submitted_at", "is not", null)
      .where("d.leaver_user_id", "in", ids)
      .execute() as Promise<AnswerRow[]>,
    db
      .selectFrom("pulse_answers")
      .select(["user_id", "updated_at as at", "enps_score", "locale", "comment"])
      .where("response_id", "is not", null)
      .where("user_id", "in", ids)
      .execute() as Promise<PulseRow[]>,
    sql<EngagementRow>`
      with ${sharesCte(timeZone, sql`l.user_id = any(${ids}::uuid[])`)},
      ${clicksCte(timeZone, null)}
      select user_id, 'share' as kind, to_char(day, 'YYYY-MM-DD') as day, count(*)::int as count from shares group by user_id, day
      union all
      select user_id, 'earnedClick', to_char(day, 'YYYY-MM-DD'), sum(clicks)::int from clicks group by user_id, day
      union all
      select user_id, 'newsletterClick', to_char(day, 'YYYY-MM-DD'), sum(clicks)::int
      from (
        -- Counted as a share's clicks are: once per visitor, link and company day.
        select user_id, day, (count(distinct ip_hash) + count(*) filter (where ip_hash is null))::int as clicks
        from (
          select l.user_id, l.id as link_id, c.ip_hash, (c.clicked_at at time zone ${timeZone})::date as day
          from tracked_links as l
          join link_clicks as c on c.link_id = l.id
          where l.channel = 'newsletter' and l.user_id = any(${ids}::uuid[])
        ) as nc
        group by user_id, link_id, day
      ) as newsletter
      group by user_id, day
    `.execute(db),
  ]);

  const versionIds = [...new Set(exitRows.map((row) => row.survey_version_id))];
  const textQuestions = new Map<string, string[]>();
  if (versionIds.length > 0) {
    const versions = await db.selectFrom("survey_versions").select(["id", "definition"]).where("id", "in", versionIds).execute();
    for (const version of versions) {
      textQuestions.set(
        version.id,
        parseSurveyDefinition(version.definition)
          .questions.filter((question) => question.type === "text")
          .map((question) => question.id),
      );
    }
  }

  for (const row of exitRows) {
    const person = signals.get(row.user_id);
    if (!person) continue;
    if (row.enps_score !== null) person.answers.push({ source: "exit", score: row.enps_score, at: row.at });
    for (const text of textAnswers(row.answers, textQuestions.get(row.survey_version_id) ?? [])) {
      person.comments.push({ sentiment: analyseComment(text, { lang: row.locale }).score, at: row.at });
    }
  }
  for (const row of pulseRows) {
    const person = signals.get(row.user_id);
    if (!person) continue;
    person.answers.push({ source: "pulse", score: row.enps_score, at: row.at });
    if (row.comment.trim() !== "") person.comments.push({ sentiment: analyseComment(row.comment, { lang: row.locale }).score, at: row.at });
  }
  for (const row of engagement.rows) {
    signals.get(row.user_id)?.engagement.push({ kind: row.kind, day: row.day, count: Number(row.count) });
  }
  return signals;
}
