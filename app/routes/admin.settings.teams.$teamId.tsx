import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, translatorFor } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { teamMemberSchema, teamNameSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { addTeamMember, deleteTeam, getTeam, listMemberCandidates, removeTeamMember, renameTeam } from "~/modules/offboarding/teams.server";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";
import { refuseHiddenFieldErrors, unknownIntent } from "~/utils/hidden-fields.server";

/** One team: its name, its members (task owners and HR admins), and deleting it once it owns nothing. */

const NOTICES = ["created", "renamed", "memberAdded", "memberRemoved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const db = getDb();
  const [team, candidates] = await Promise.all([getTeam(db, requireIdParam(params.teamId)), listMemberCandidates(db)]);
  if (!team) throw notFound();
  const memberIds = new Set(team.members.map((member) => member.id));
  return json({
    team,
    candidates: candidates.filter((candidate) => !memberIds.has(candidate.id)),
    notice: noticeFrom(request, NOTICES),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const teamId = requireIdParam(params.teamId);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  const here = (notice: string) => redirect(`/admin/settings/teams/${teamId}?notice=${notice}`);
  switch (intent) {
    case "rename": {
      const submission = parseWithZod(formData, { schema: teamNameSchema(t) });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => renameTeam(teamId, submission.value, actor));
      return outcome.ok ? here("renamed") : outcome.response;
    }
    case "add-member": {
      const submission = parseWithZod(formData, { schema: teamMemberSchema(t) });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => addTeamMember(teamId, submission.value, actor));
      return outcome.ok ? here("memberAdded") : outcome.response;
    }
    case "remove-member": {
      const submission = parseWithZod(formData, { schema: z.object({ userId: z.uuid() }) });
      refuseHiddenFieldErrors(submission, ["userId"]);
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => removeTeamMember(teamId, submission.value.userId, actor));
      return outcome.ok ? here("memberRemoved") : outcome.response;
    }
    case "delete": {
      const submission = parseWithZod(formData, { schema: z.object({}) });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => deleteTeam(teamId, actor));
      return outcome.ok ? redirect("/admin/settings/teams?notice=deleted") : outcome.response;
    }
    default:
      throw unknownIntent(intent);
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translatorFor(localeFromMatches(matches));
  const page = data?.team.name ?? t("teams.metaTitle", { ns: "settings" });
  return [{ title: `${page} · ${t("teams.metaTitle", { ns: "settings" })} · ${t("appName", { ns: "common" })}` }];
};

type ActionData = { intent: string; result: SubmissionResult<string[]> };

export default function TeamPage() {
  const { team } = useLoaderData<typeof loader>();
  // Another team, or this one after a change: its forms start again from what is stored.
  return <TeamPageContent key={`${team.id}:${team.name}:${team.members.length}`} />;
}

function TeamPageContent() {
  const { t } = useTranslation("settings");
  const { team, candidates, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const pendingForm = usePendingFormData();
  const pendingIntent = pendingForm?.get("intent") ?? null;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const [renameForm, renameFields] = useValidatedForm(() => teamNameSchema(t), {
    id: "rename-team",
    lastResult: resultFor("rename"),
    defaultValue: { name: team.name },
  });
  const [memberForm, memberFields] = useValidatedForm(() => teamMemberSchema(t), {
    id: "add-member",
    lastResult: resultFor("add-member"),
  });
  const otherErrors =
    actionData && (actionData.intent === "delete" || actionData.intent === "remove-member")
      ? (Object.values(actionData.result.error ?? {}).flat() as string[])
      : [];
  const deletable = team.open_task_count === 0 && team.template_task_count === 0;

  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings/teams">{t("teams.backToList")}</Link>
      </p>
      <PageHeader title={team.name} lead={t("teams.teamLead")} />
      {notice ? <Alert tone="success">{t(`teams.notices.${notice}`, { name: team.name })}</Alert> : null}
      <FormErrorSummary errors={otherErrors} />

      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("teams.membersTitle", { count: team.members.length })}</h2>
        {team.members.length === 0 ? (
          <p>{t("teams.noMembers")}</p>
        ) : (
          <ul className="member-list member-list--actions">
            {team.members.map((member) => (
              <li key={member.id}>
                <span>
                  {member.name} <span className="muted">{member.email}</span>
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-member" />
                  <input type="hidden" name="userId" value={member.id} />
                  <Button variant="ghost" size="small" aria-label={t("teams.removeMemberLabel", { name: member.name, team: team.name })}>
                    {t("teams.removeMember")}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <h3 className="card__subtitle">{t("teams.addMemberTitle")}</h3>
        {candidates.length === 0 ? (
          <p className="muted">{t("teams.noCandidates")}</p>
        ) : (
          <Form method="post" {...getFormProps(memberForm)} className="inline-field-form">
            <input type="hidden" name="intent" value="add-member" />
            <Field label={t("fields.member")} hint={t("teams.memberHint")} errors={memberFields.userId.errors} selectProps={getSelectProps(memberFields.userId)}>
              <option value="">{t("teams.chooseMember")}</option>
              {candidates.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {`${candidate.name} (${candidate.email})`}
                </option>
              ))}
            </Field>
            <Button pending={pendingIntent === "add-member"}>{t("teams.addMember")}</Button>
          </Form>
        )}
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="rename-team-title">
          <h2 id="rename-team-title">{t("teams.renameTitle")}</h2>
          <Form method="post" {...getFormProps(renameForm)}>
            <input type="hidden" name="intent" value="rename" />
            <FormErrorSummary id={renameForm.errorId} errors={renameForm.errors} />
            <Field label={t("fields.teamName")} errors={renameFields.name.errors} inputProps={{ ...getInputProps(renameFields.name, { type: "text" }), required: true }} />
            <Button pending={pendingIntent === "rename"}>{t("teams.rename")}</Button>
          </Form>
        </section>

        <section className="card" aria-labelledby="delete-team-title">
          <h2 id="delete-team-title">{t("teams.deleteTitle")}</h2>
          {deletable ? (
            <>
              <p>{t("teams.deleteUnused")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <Button variant="danger" pending={pendingIntent === "delete"}>
                  {t("teams.delete", { name: team.name })}
                </Button>
              </Form>
            </>
          ) : (
            <p>
              {t("teams.deleteRefused", {
                name: team.name,
                usage: [
                  team.open_task_count > 0 ? t("teams.ownsOpenTasks", { count: team.open_task_count }) : null,
                  team.template_task_count > 0 ? t("teams.ownsTemplateTasks", { count: team.template_task_count }) : null,
                ]
                  .filter(Boolean)
                  .join(t("teams.and")),
              })}
            </p>
          )}
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
