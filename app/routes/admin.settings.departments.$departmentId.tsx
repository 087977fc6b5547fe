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
import { StatusBadge } from "~/components/status-badge";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import {
  deleteDepartment,
  listDepartmentsForAdmin,
  markDepartmentReviewed,
  moveDepartment,
  renameDepartment,
} from "~/modules/offboarding/departments-admin.server";
import { departmentMoveSchema, departmentRenameSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { unknownIntent } from "~/utils/hidden-fields.server";
import { getDb } from "~/utils/db.server";
import { requireIdParam } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/** One department: rename it, move it (never under itself), mark it reviewed, or delete it when unused. */

const NOTICES = ["renamed", "moved", "reviewed"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const id = requireIdParam(params.departmentId);
  const departments = await listDepartmentsForAdmin(getDb());
  const department = departments.find((candidate) => candidate.id === id);
  if (!department) throw notFound();
  // The department and everything below it cannot be its new parent (shown disabled; the action checks again).
  const below = new Set([id]);
  for (const candidate of departments) {
    if (candidate.parent_id && below.has(candidate.parent_id)) below.add(candidate.id);
  }
  return json({
    department,
    notice: noticeFrom(request, NOTICES),
    parents: departments.map(({ id: optionId, name, depth }) => ({ id: optionId, name, depth, disabled: below.has(optionId) })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const id = requireIdParam(params.departmentId);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  const here = (notice: string) => redirect(`/admin/settings/departments/${id}?notice=${notice}`);
  switch (intent) {
    case "rename": {
      const submission = parseWithZod(formData, { schema: departmentRenameSchema(t) });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => renameDepartment(id, submission.value, actor));
      return outcome.ok ? here("renamed") : outcome.response;
    }
    case "move": {
      const submission = parseWithZod(formData, { schema: departmentMoveSchema(t) });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => moveDepartment(id, submission.value, actor));
      return outcome.ok ? here("moved") : outcome.response;
    }
    case "reviewed": {
      const submission = parseWithZod(formData, { schema: z.object({}) });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => markDepartmentReviewed(id, actor));
      return outcome.ok ? here("reviewed") : outcome.response;
    }
    case "delete": {
      const submission = parseWithZod(formData, { schema: z.object({}) });
      const outcome = await runSettingsChange(submission, locale, { intent }, () => deleteDepartment(id, actor));
      return outcome.ok ? redirect("/admin/settings/departments?notice=deleted") : outcome.response;
    }
    default:
      throw unknownIntent(intent);
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translatorFor(localeFromMatches(matches));
  const page = data?.department.name ?? t("departments.metaTitle", { ns: "settings" });
  return [{ title: `${page} · ${t("departments.metaTitle", { ns: "settings" })} · ${t("appName", { ns: "common" })}` }];
};

type ActionData = { intent: string; result: SubmissionResult<string[]> };

export default function DepartmentPage() {
  const { department } = useLoaderData<typeof loader>();
  // Another department, or this one after a change: its forms start again from what is stored.
  return <DepartmentPageContent key={`${department.id}:${department.name}:${department.parent_id}`} />;
}

function DepartmentPageContent() {
  const { t } = useTranslation("settings");
  const { department, parents, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const pendingForm = usePendingFormData();
  const pendingIntent = pendingForm?.get("intent") ?? null;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);

  const [renameForm, renameFields] = useValidatedForm(() => departmentRenameSchema(t), {
    id: "rename-department",
    lastResult: resultFor("rename"),
    defaultValue: { name: department.name },
  });
  const [moveForm, moveFields] = useValidatedForm(() => departmentMoveSchema(t), {
    id: "move-department",
    lastResult: resultFor("move"),
    defaultValue: { parentId: department.parent_id ?? "" },
  });
  const deleteErrors = actionData?.intent === "delete" || actionData?.intent === "reviewed" ? (Object.values(actionData.result.error ?? {}).flat() as string[]) : [];
  const isRoot = department.parent_id === null;
  const deletable = !isRoot && department.child_count === 0 && department.departure_count === 0 && department.template_count === 0;

  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings/departments">{t("departments.backToList")}</Link>
      </p>
      <PageHeader
        title={department.name}
        lead={department.path}
        actions={department.needs_review ? <StatusBadge tone="warning">{t("departments.needsReview")}</StatusBadge> : undefined}
      />
      {notice ? <Alert tone="success">{t(`departments.notices.${notice}`)}</Alert> : null}

      {department.needs_review ? (
        <section className="card" aria-labelledby="review-title">
          <h2 id="review-title">{t("departments.reviewOneTitle")}</h2>
          <p>{t("departments.reviewOneBody")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reviewed" />
            <Button variant="ghost" pending={pendingIntent === "reviewed"}>
              {t("departments.markReviewed")}
            </Button>
          </Form>
        </section>
      ) : null}

      <div className="grid">
        <section className="card" aria-labelledby="rename-title">
          <h2 id="rename-title">{t("departments.renameTitle")}</h2>
          <Form method="post" {...getFormProps(renameForm)}>
            <input type="hidden" name="intent" value="rename" />
            <FormErrorSummary id={renameForm.errorId} errors={renameForm.errors} />
            <Field
              label={t("fields.departmentName")}
              errors={renameFields.name.errors}
              inputProps={{ ...getInputProps(renameFields.name, { type: "text" }), required: true }}
            />
            <Button pending={pendingIntent === "rename"}>{t("departments.rename")}</Button>
          </Form>
        </section>

        <section className="card" aria-labelledby="move-title">
          <h2 id="move-title">{t("departments.moveTitle")}</h2>
          {isRoot ? (
            <p>{t("departments.rootCannotMove")}</p>
          ) : (
            <Form method="post" {...getFormProps(moveForm)}>
              <input type="hidden" name="intent" value="move" />
              <FormErrorSummary id={moveForm.errorId} errors={moveForm.errors} />
              <Field label={t("fields.parent")} hint={t("departments.moveHint")} errors={moveFields.parentId.errors} selectProps={getSelectProps(moveFields.parentId)}>
                {parents.map((parent) => (
                  <option key={parent.id} value={parent.id} disabled={parent.disabled}>
                    {"\u00a0\u00a0\u00a0".repeat(parent.depth)}
                    {parent.name}
                  </option>
                ))}
              </Field>
              <Button pending={pendingIntent === "move"}>{t("departments.move")}</Button>
            </Form>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="delete-title">
        <h2 id="delete-title">{t("departments.deleteTitle")}</h2>
        <FormErrorSummary errors={deleteErrors} />
        {isRoot ? (
          <p>{t("departments.rootCannotDelete")}</p>
        ) : deletable ? (
          <>
            <p>{t("departments.deleteUnused")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <Button variant="danger" pending={pendingIntent === "delete"}>
                {t("departments.delete", { name: department.name })}
              </Button>
            </Form>
          </>
        ) : (
          <ul className="plain-list">
            {department.child_count > 0 ? <li>{t("departments.deleteRefusedChildren", { count: department.child_count })}</li> : null}
            {department.departure_count > 0 || department.template_count > 0 ? (
              <li>
                {t("departments.deleteRefusedUsed", {
                  usage: [
                    department.departure_count > 0 ? t("departments.usedByDepartures", { count: department.departure_count }) : null,
                    department.template_count > 0 ? t("departments.usedByTemplates", { count: department.template_count }) : null,
                  ]
                    .filter(Boolean)
                    .join(t("departments.and")),
                })}
              </li>
            ) : null}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
