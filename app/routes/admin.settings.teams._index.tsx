import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { SettingsListPage } from "~/components/settings/settings-list-page";
import { readFormData } from "~/modules/auth/http.server";
import { teamNameSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { createTeam, listTeams } from "~/modules/offboarding/teams.server";
import { getDb } from "~/utils/db.server";

/** Teams that own tasks together (IT, Payroll…): who is in each, and a form to create one. */

const NOTICES = ["deleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  return json({ teams: await listTeams(getDb()), notice: noticeFrom(request, NOTICES) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const submission = parseWithZod(await readFormData(request), { schema: teamNameSchema(t) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await runSettingsChange(submission, locale, {}, () => createTeam(submission.value, { actorUserId: user.id }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/admin/settings/teams/${outcome.value.id}?notice=created`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "teams.metaTitle", "settings");

export default function TeamsPage() {
  const { t } = useTranslation("settings");
  const { teams, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => teamNameSchema(t), {
    id: "create-team",
    lastResult: actionData?.result,
  });

  const addForm = (
    <Form method="post" {...getFormProps(form)} className="narrow-page">
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field label={t("fields.teamName")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true }} />
      <Button pending={isPending}>{t("teams.create")}</Button>
    </Form>
  );

  return (
    <SettingsListPage
      section="teams"
      notice={notice}
      isEmpty={teams.length === 0}
      empty={{ title: t("teams.emptyTitle"), description: t("teams.emptyBody") }}
      add={{ id: "create-team-title", title: t("teams.createTitle"), form: addForm }}
    >
        <div className="grid">
          {teams.map((team) => (
            <section key={team.id} className="card" aria-labelledby={`team-${team.id}`}>
              <h2 id={`team-${team.id}`}>
                <Link to={`/admin/settings/teams/${team.id}`}>{team.name}</Link>
              </h2>
              <p className="muted">
                {[t("teams.memberCount", { count: team.members.length }), t("teams.openTaskCount", { count: team.open_task_count }), t("teams.templateTaskCount", { count: team.template_task_count })].join(" · ")}
              </p>
              {team.members.length === 0 ? (
                <p>{t("teams.noMembers")}</p>
              ) : (
                <ul className="member-list">
                  {team.members.map((member) => (
                    <li key={member.id}>
                      {member.name} <span className="muted">{member.email}</span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="card__footer">
                <Link to={`/admin/settings/teams/${team.id}`}>
                  {t("teams.manage")}
                  <span className="visually-hidden">: {team.name}</span>
                </Link>
              </p>
            </section>
          ))}
        </div>
    </SettingsListPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
