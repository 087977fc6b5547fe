import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageNav } from "~/components/list-filters";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge, type StatusTone } from "~/components/status-badge";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { INVITATION_HOURS, inviteStaffUser } from "~/modules/auth/invitations.server";
import { INVITABLE_ROLES, inviteStaffSchema } from "~/modules/auth/schemas";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { isDomainFailure } from "~/utils/failures";
import { findUserById, isStaffRole, listStaffPage, STAFF_PAGE_MAX } from "~/modules/auth/users.server";
import { getDb } from "~/utils/db.server";
import { UUID_PATTERN as UUID } from "~/utils/ids";
import { wholeNumberParam } from "~/utils/query-params";
import type { UserStatus } from "../../db/schema";
import { invariantResponse, lastPageRedirect } from "~/utils/responses";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await requireHrAdmin(request, "auth");
  const url = new URL(request.url);
  const page = wholeNumberParam(t("people.badPage", { max: STAFF_PAGE_MAX }), 1, STAFF_PAGE_MAX)
    .default(1)
    .safeParse(url.searchParams.get("page") || undefined);
  // A page number that is not one: the first page, with what was wrong, answered as a 400 (as the
  // departures list does), rather than an error page that cannot name the problem.
  const pageError = page.success ? null : page.error.issues[0]!.message;
  const db = getDb();
  // After an invitation the action redirects here (no resubmission on reload) and names the person,
  // who need not be on the page shown: the list is by name.
  const invitedId = url.searchParams.get("invited");
  const [staff, invited] = await Promise.all([
    listStaffPage(db, page.success ? page.data : 1),
    invitedId && UUID.test(invitedId) ? findUserById(db, invitedId) : undefined,
  ]);
  invariantResponse(staff.page <= staff.pageCount, () => lastPageRedirect(url, staff.pageCount));
  return json(
    {
      pageError,
      people: staff.rows.map(({ id, name, email, role, status }) => ({ id, name, email, role, status })),
      page: staff.page,
      pageCount: staff.pageCount,
      invitationHours: INVITATION_HOURS,
      invited:
        invited && isStaffRole(invited.role)
          ? { id: invited.id, name: invited.name, email: invited.email, emailQueued: url.searchParams.get("email") !== "failed" }
          : null,
    },
    { status: pageError ? 400 : 200 },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { user: admin, locale, t } = await requireHrAdmin(request, "auth");
  const submission = parseWithZod(await readFormData(request), { schema: inviteStaffSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }
  try {
    const invitation = await inviteStaffUser({ ...submission.value, locale, invitedBy: admin });
    const query = new URLSearchParams({ invited: invitation.user.id });
    if (!invitation.emailQueued) query.set("email", "failed");
    return redirect(`/admin/people?${query}`);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json({ result: failureReply(submission, error, locale) }, { status: failureStatus(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "people.metaTitle", "auth");

const STATUS_TONES: Record<UserStatus, StatusTone> = { active: "success", invited: "info", disabled: "danger" };

export default function PeoplePage() {
  const { t } = useTranslation("auth");
  const { people, page, pageCount, invited, invitationHours, pageError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const [form, fields] = useValidatedForm(() => inviteStaffSchema(t), {
    id: "invite",
    lastResult: actionData?.result,
    defaultValue: { role: "task_owner" },
  });

  return (
    <div className="stack">
      <PageHeader
        title={t("people.title")}
        lead={t("people.lead")}
        actions={
          <ButtonLink to="/alumni/directory" variant="ghost">
            {t("people.alumniDirectory")}
          </ButtonLink>
        }
      />
      {invited ? (
        <Alert tone={invited.emailQueued ? "success" : "error"}>
          <p>{t(invited.emailQueued ? "people.invited" : "people.invitedNoEmail", { name: invited.name, email: invited.email })}</p>
        </Alert>
      ) : null}

      {pageError ? (
        <Alert tone="error">
          <p>{pageError}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="staff-title">
        <h2 id="staff-title">{t("people.tableCaption")}</h2>
        {people.length === 0 && page === 1 ? (
          <EmptyState title={t("people.empty")} headingLevel={3} />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("people.name")}</th>
                  <th scope="col">{t("people.email")}</th>
                  <th scope="col">{t("people.role")}</th>
                  <th scope="col">{t("people.status")}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((person) => (
                  <tr key={person.id}>
                    <td>{person.name}</td>
                    <td>{person.email}</td>
                    <td>{t(`roles.${person.role}`)}</td>
                    <td>
                      <StatusBadge tone={STATUS_TONES[person.status]}>{t(`statuses.${person.status}`)}</StatusBadge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PageNav
          path="/admin/people"
          page={page}
          pageCount={pageCount}
          className="people-pagination"
          labels={{
            nav: t("people.pagination"),
            previous: t("people.previous"),
            next: t("people.next"),
            status: t("people.pageOf", { page, pages: pageCount }),
          }}
        />
      </section>

      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("people.inviteTitle")}</h2>
        <p>{t("people.inviteLead", { hours: invitationHours })}</p>
        {/* A fresh form after each invitation: the browser would otherwise keep the last values. */}
        <Form method="post" {...getFormProps(form)} key={invited?.id ?? "new"}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("people.name")}
            errors={fields.name.errors}
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off", required: true }}
          />
          <Field
            label={t("people.email")}
            errors={fields.email.errors}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off", required: true }}
          />
          <Field label={t("people.role")} hint={t("people.roleHint")} errors={fields.role.errors} selectProps={getSelectProps(fields.role)}>
            {INVITABLE_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </Field>
          <Button pending={isPending}>{t("people.inviteSubmit")}</Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
