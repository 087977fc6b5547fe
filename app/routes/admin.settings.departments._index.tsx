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
import { pageTitle } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { listErrors, SettingsListPage } from "~/components/settings/settings-list-page";
import { readFormData } from "~/modules/auth/http.server";
import { createDepartment, listDepartmentsForAdmin, markDepartmentReviewed, type AdminDepartmentNode } from "~/modules/offboarding/departments-admin.server";
import { departmentCreateSchema } from "~/modules/offboarding/settings";
import { noticeFrom, requireSettingsAdmin, runSettingsChange } from "~/modules/offboarding/settings.server";
import { getDb } from "~/utils/db.server";

/** The department tree: add a department, and confirm the ones an API call or a CSV file created. */

const NOTICES = ["created", "reviewed", "deleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSettingsAdmin(request);
  const departments = await listDepartmentsForAdmin(getDb());
  return json({ departments, notice: noticeFrom(request, NOTICES) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, locale, t } = await requireSettingsAdmin(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { actorUserId: user.id };
  if (intent === "create") {
    const submission = parseWithZod(formData, { schema: departmentCreateSchema(t) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent }, () => createDepartment(submission.value, actor));
    return outcome.ok ? redirect("/admin/settings/departments?notice=created") : outcome.response;
  }
  if (intent === "reviewed") {
    const submission = parseWithZod(formData, { schema: z.object({ departmentId: z.uuid() }) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await runSettingsChange(submission, locale, { intent }, () => markDepartmentReviewed(submission.value.departmentId, actor));
    return outcome.ok ? redirect("/admin/settings/departments?notice=reviewed") : outcome.response;
  }
  return json({ intent, result: { status: "error", error: { intent: [t("validation.unknownAction")] } } }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "departments.metaTitle", "settings");

type Node = AdminDepartmentNode & { children: Node[] };

/** The flat list (parents before children) as nested nodes, for nested lists. */
function nest(departments: AdminDepartmentNode[]): Node[] {
  const nodes = new Map<string, Node>(departments.map((department) => [department.id, { ...department, children: [] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export default function DepartmentsPage() {
  const { t } = useTranslation("settings");
  const { departments, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { intent: string; result: SubmissionResult<string[]> } | undefined;
  const isCreatePending = useIsPending({ intent: "create" });
  const toReview = departments.filter((department) => department.needs_review).length;
  const otherErrors = listErrors(actionData, "create");

  // Keyed by the count: after an addition the form starts empty again.
  const addForm = (
    <AddDepartmentForm
      key={departments.length}
      departments={departments}
      lastResult={actionData?.intent === "create" ? actionData.result : undefined}
      pending={isCreatePending}
    />
  );

  return (
    <SettingsListPage
      section="departments"
      notice={notice}
      errors={otherErrors}
      intro={toReview > 0 ? <Alert title={t("departments.reviewTitle", { count: toReview })}>{t("departments.reviewBody")}</Alert> : null}
      list={{ id: "tree-title", title: t("departments.treeTitle", { count: departments.length }) }}
      add={{ id: "add-department-title", title: t("departments.addTitle"), form: addForm }}
    >
      <DepartmentTree nodes={nest(departments)} />
    </SettingsListPage>
  );
}

function AddDepartmentForm({
  departments,
  lastResult,
  pending,
}: {
  departments: { id: string; name: string; depth: number; parent_id: string | null }[];
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation("settings");
  const root = departments.find((department) => department.parent_id === null);
  const [form, fields] = useValidatedForm(() => departmentCreateSchema(t), {
    id: "create-department",
    lastResult,
    defaultValue: { parentId: root?.id ?? "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="narrow-page">
      <input type="hidden" name="intent" value="create" />
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field label={t("fields.departmentName")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true }} />
      <Field label={t("fields.parent")} errors={fields.parentId.errors} selectProps={getSelectProps(fields.parentId)}>
        {departments.map((department) => (
          <option key={department.id} value={department.id}>
            {"\u00a0\u00a0\u00a0".repeat(department.depth)}
            {department.name}
          </option>
        ))}
      </Field>
      <Button pending={pending}>{t("departments.add")}</Button>
    </Form>
  );
}

function usageInWords(node: Pick<AdminDepartmentNode, "departure_count" | "template_count">, t: (key: string, options?: Record<string, unknown>) => string) {
  const parts = [
    node.departure_count > 0 ? t("departments.usageDepartures", { count: node.departure_count }) : null,
    node.template_count > 0 ? t("departments.usageTemplates", { count: node.template_count }) : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : t("departments.unused");
}

function DepartmentTree({ nodes }: { nodes: Node[] }) {
  const { t } = useTranslation("settings");
  return (
    <ul className="department-tree">
      {nodes.map((node) => (
        <li key={node.id}>
          <div className={node.needs_review ? "department-row department-row--review" : "department-row"}>
            <div className="department-row__text">
              <Link to={`/admin/settings/departments/${node.id}`} className="department-row__name">
                {node.name}
              </Link>
              {node.parent_id === null ? <StatusBadge>{t("departments.root")}</StatusBadge> : null}
              {node.needs_review ? <StatusBadge tone="warning">{t("departments.needsReview")}</StatusBadge> : null}
              <span className="muted department-row__usage">
                {usageInWords(node, t)}
              </span>
            </div>
            {node.needs_review ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="reviewed" />
                <input type="hidden" name="departmentId" value={node.id} />
                <Button size="small" variant="ghost" aria-label={t("departments.markReviewedLabel", { name: node.name })}>
                  {t("departments.markReviewed")}
                </Button>
              </Form>
            ) : null}
          </div>
          {node.children.length > 0 ? <DepartmentTree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
